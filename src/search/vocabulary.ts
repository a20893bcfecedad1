import { prepareReadings, readingOf, withPinyin } from "./pinyin.ts";

const HAN_RUN = /\p{Script=Han}+/gu;
/**
 * Letters typed as pinyin: a run of 2–24 lower-case ASCII letters standing alone or next to Chinese
 * (rengongzhineng, zhishichanquan: four syllables can be fourteen letters).
 */
const LATIN_RUN = /(?<![a-z0-9])[a-z]{2,24}(?![a-z0-9])/g;

/** A word made of pinyin syllables only (initial, then final): guangfu, xinsanyang, zhuanli. */
const PINYIN_WORD =
  /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v))+$/;

/** Pinyin initials alone (rxjqr, zscq): consonants only. */
const INITIALS = /^[bcdfghjklmnpqrstwxyz]{2,8}$/;

/**
 * What applicants type for the corpus's own words: input-method typos (新能源骑车 for 新能源汽车), pinyin
 * initials (gf for 光伏) and full pinyin (guangfu). Built over the corpus's vocabulary only, so a
 * correction can only ever produce a word the table or the team's keywords use.
 */
export class VocabularyMatcher {
  /**
   * Han words of 3–8 characters by length and by their first and by their second character: a word one
   * character off a window keeps one of the two (新能源骑车 keeps 新 of 新能源汽车).
   */
  private readonly byLead = new Map<number, [Map<string, string[]>, Map<string, string[]>]>();
  private readonly words: Set<string>;
  private readonly lengths: number[];
  /** Initials and full pinyin → words, built the first time a question needs them (pinyin is slow to start). */
  private spellings?: Map<string, string[]>;

  constructor(
    vocabulary: Iterable<string>,
    /** ASCII tokens the corpus knows as they are (SEP, ai, pv): never read as pinyin. */
    private readonly known: (token: string) => boolean,
    /**
     * Where the corpus's words are written without spaces (a title: 具身智能或人形机器人产业知识产权创新路径):
     * its runs of two characters are spelled by full pinyin (chuangxin), of four or five by initials (zscq).
     */
    private readonly sentences: Iterable<string> = [],
    /** Words applicants type for a corpus word (商密 → 商业秘密): spelled as typed, read as the corpus word. */
    private readonly synonyms: ReadonlyMap<string, string> = new Map(),
  ) {
    const words = new Set<string>();
    for (const term of vocabulary)
      for (const run of term.match(HAN_RUN) ?? []) if (run.length >= 2) words.add(run);
    this.words = words;
    const lengths = new Set<number>();
    for (const word of words) {
      if (word.length < 3 || word.length > 8) continue;
      lengths.add(word.length);
      let leads = this.byLead.get(word.length);
      if (!leads) {
        leads = [new Map(), new Map()];
        this.byLead.set(word.length, leads);
      }
      for (const [i, lead] of leads.entries()) {
        const ch = word[i] as string;
        const list = lead.get(ch);
        if (list) list.push(word);
        else lead.set(ch, [word]);
      }
    }
    this.lengths = [...lengths].sort((a, b) => b - a);
  }

  /**
   * Corpus words the text most likely means but does not spell: one character off in a word of three or
   * more (a homophone for words under five characters, as an input method mistypes them), or pinyin.
   */
  corrections(text: string): string[] {
    const out = new Set<string>(this.homophones(text));
    // Pinyin beside Chinese ("gf出海"), or bare initials ("xny"); never ordinary English words.
    const chinese = /\p{Script=Han}/u.test(text);
    const matched = [...text.matchAll(LATIN_RUN)];
    const runs = matched.map((m) => m[0]);
    const words = text.match(/[a-z0-9]+/g) ?? [];
    const pinyinOnly = this.typedInPinyin(text);
    // An English sentence ("source code leaked by former employees") has words like "by" and "my",
    // not initials.
    const english = !chinese && words.filter((w) => w.length >= 3 && /[aeiou]/.test(w)).length >= 3;
    // Initials typed in groups ("ss yd" for 诉讼应对): two groups that spell one word of the table are
    // that word, not each group alone (yd alone would be 印度).
    const joined = new Set<number>();
    for (let i = 0; i + 1 < runs.length; i++) {
      const [a, b] = [runs[i] as string, runs[i + 1] as string];
      if (joined.has(i) || /[aeiou]/.test(a + b) || this.known(a) || this.known(b)) continue;
      const words = (this.spelled().get(a + b) ?? []).filter((w) => w.length >= 4);
      if (words.length === 0) continue;
      for (const word of words) out.add(word);
      joined.add(i).add(i + 1);
    }
    for (const [i, letters] of runs.entries()) {
      if (joined.has(i)) continue;
      if (chinese && /[aeiou]/.test(letters) && !this.known(letters))
        this.spellHalf(text, matched[i]?.index ?? 0, letters, out);
      if (!this.known(letters) && (chinese || pinyinOnly || (!english && !/[aeiou]/.test(letters))))
        for (const word of this.spelled().get(letters) ?? []) {
          out.add(word);
          // Half a word in characters, half in pinyin (新能源qiche): the corpus word they make together.
          if (chinese) this.joinHan(text, matched[i]?.index ?? 0, letters.length, word, out);
        }
      // Full pinyin typed with spaces ("liangzi keji", "biaozhun biyao zhuanli"): syllables of one word,
      // joined.
      const [next, third] = [runs[i + 1], runs[i + 2]];
      if (next && /[aeiou]/.test(letters + next) && !this.known(letters) && !this.known(next)) {
        for (const word of this.spelled().get(letters + next) ?? []) if (word.length >= 2) out.add(word);
        if (third && /[aeiou]/.test(third) && !this.known(third))
          for (const word of this.spelled().get(letters + next + third) ?? [])
            if (word.length >= 5) out.add(word);
      }
    }
    return [...out];
  }

  /**
   * A corpus word whose characters stand right before or after a run of full pinyin and whose other
   * characters the run spells (专利chi: 专利池, 脑机jiekou: 脑机接口), however few syllables it has.
   */
  private spellHalf(text: string, at: number, letters: string, out: Set<string>): void {
    const before = /\p{Script=Han}{2,6}$/u.exec(text.slice(0, at))?.[0] ?? "";
    const after = /^\p{Script=Han}{2,6}/u.exec(text.slice(at + letters.length))?.[0] ?? "";
    if (!before && !after) return;
    const spells = (chars: string) => [...chars].map((c) => readingOf(c) ?? c).join("") === letters;
    for (const word of this.words) {
      for (let k = 2; k < word.length; k++) {
        if (before.endsWith(word.slice(0, k)) && spells(word.slice(k))) out.add(word);
        if (after.startsWith(word.slice(-k)) && spells(word.slice(0, -k))) out.add(word);
      }
    }
  }

  /** The corpus word that characters right before or after a pinyin run (at, length) make with its reading. */
  private joinHan(text: string, at: number, length: number, word: string, out: Set<string>): void {
    const before = /\p{Script=Han}{1,6}$/u.exec(text.slice(0, at))?.[0] ?? "";
    const after = /^\p{Script=Han}{1,6}/u.exec(text.slice(at + length))?.[0] ?? "";
    for (let k = 1; k <= Math.max(before.length, after.length); k++) {
      const candidates = [
        k <= before.length ? before.slice(-k) + word : "",
        k <= after.length ? word + after.slice(0, k) : "",
      ];
      for (const c of candidates) if (c && this.words.has(c)) out.add(c);
    }
  }

  /**
   * A question typed wholly in pinyin ("xinsanyang chuhai", "rxjqr zscq chuangxin"): every word of it
   * splits into syllables or is initials alone, and one at least is syllables. The table's own Latin
   * words may stand among them ("SEP susong yingdui", "6G zhuanli buju").
   */
  typedInPinyin(text: string): boolean {
    if (/\p{Script=Han}/u.test(text)) return false;
    const words = text.match(/[a-z0-9]+/g) ?? [];
    // One word alone ("guangfu") only when long enough that no English word it could be is as likely.
    if (words.length === 1) {
      const [w] = words as [string];
      return w.length >= 5 && PINYIN_WORD.test(w) && !this.known(w);
    }
    return (
      words.length >= 2 &&
      words.every((w) => PINYIN_WORD.test(w) || INITIALS.test(w) || this.known(w)) &&
      words.some((w) => PINYIN_WORD.test(w) && !this.known(w))
    );
  }

  /** Corpus words of three or more characters the text mistypes by one homophone (专利迟 → 专利池). */
  homophones(text: string): string[] {
    return [...new Set(this.misheard(text).values())];
  }

  /** Each mistyped window of the text and the corpus word it means (标准必药专利 → 标准必要专利). */
  misheard(text: string): Map<string, string> {
    const fixes = new Map<string, string>();
    for (const run of text.match(HAN_RUN) ?? []) this.typos(run, fixes);
    return fixes;
  }

  private typos(run: string, fixes: Map<string, string>): void {
    const found = new Set(fixes.values());
    for (const length of this.lengths) {
      const [first, second] = this.byLead.get(length) ?? [];
      for (let start = 0; start + length <= run.length; start++) {
        // Most windows share no lead character with any word of their length: no slice for them.
        const a = first?.get(run[start] as string);
        const b = second?.get(run[start + 1] as string);
        if (!a && !b) continue;
        const window = run.slice(start, start + length);
        if (this.words.has(window)) continue;
        for (const list of [a, b]) {
          for (const word of list ?? []) {
            if (found.has(word)) continue;
            const i = onlyDifference(word, window);
            if (i >= 0 && !run.includes(word) && sameSound(word[i] ?? "", window[i] ?? "")) {
              found.add(word);
              if (!fixes.has(window)) fixes.set(window, word);
            }
          }
        }
      }
    }
  }

  /** Builds the spellings (and the characters' readings) now rather than in the first question that needs them. */
  prepare(): void {
    this.spelled();
  }

  private spelled(): Map<string, string[]> {
    if (this.spellings) return this.spellings;
    const spellings = new Map<string, string[]>();
    /** Two-character runs of the sentences by their initials, and how often each is written. */
    const pairs = new Map<string, Map<string, number>>();
    const add = (key: string, word: string) => {
      if (key.length < 2 || this.known(key)) return;
      const list = spellings.get(key) ?? [];
      if (!list.includes(word)) list.push(word);
      spellings.set(key, list);
    };
    // Whole words and runs through pinyin-pro, so a word decides its characters' readings (银行: yinhang).
    withPinyin((spell) => {
      prepareReadings(spell);
      for (const word of this.words) {
        if (word.length > 6) continue;
        const syllables = spell(word);
        add(syllables.map((s) => s[0]).join(""), word);
        add(syllables.join(""), word);
        // A four-character word is most often two words (专利布局: 专利 + 布局); each half by its full
        // pinyin, so "zhuanli buju" or "renxing jiqiren zhuanli" reads the halves too (never by initials).
        if (word.length === 4) {
          add(syllables.slice(0, 2).join(""), word.slice(0, 2));
          add(syllables.slice(2).join(""), word.slice(2));
        }
      }
      for (const sentence of this.sentences)
        for (const run of sentence.match(HAN_RUN) ?? []) {
          const syllables = spell(run);
          if (syllables.length !== run.length) continue;
          for (let at = 0; at + 2 <= run.length; at++) {
            add(syllables.slice(at, at + 2).join(""), run.slice(at, at + 2));
            const initials = `${syllables[at]?.[0]}${syllables[at + 1]?.[0]}`;
            const counts = pairs.get(initials) ?? new Map<string, number>();
            const pair = run.slice(at, at + 2);
            counts.set(pair, (counts.get(pair) ?? 0) + 1);
            pairs.set(initials, counts);
            for (const len of [4, 5])
              if (at + len <= run.length)
                add(
                  syllables
                    .slice(at, at + len)
                    .map((s) => s[0])
                    .join(""),
                  run.slice(at, at + len),
                );
          }
        }
      for (const [typed, word] of this.synonyms) {
        if (!/^\p{Script=Han}{2,6}$/u.test(typed)) continue;
        const syllables = spell(typed);
        add(syllables.join(""), word);
        if (typed.length >= 3) add(syllables.map((s) => s[0]).join(""), word);
      }
    });
    // Two initials are what applicants type for the table's commonest words: zl is 专利, which five of
    // the ten titles say, not 治理 (two) or 蒸馏 (none). A pair of the titles' that dominates its
    // initials (three or more times, at least twice any other) is what they mean.
    for (const [key, counts] of pairs) {
      const [top, next] = [...counts].sort((a, b) => b[1] - a[1]);
      if (top && top[1] >= 3 && top[1] >= 2 * (next?.[1] ?? 0) && !this.known(key))
        spellings.set(key, [top[0]]);
    }
    // Initials shared by many words say nothing (bz: 标准, 布置…); keep the unambiguous and the near.
    for (const [key, list] of spellings) if (list.length > 2) spellings.delete(key);
    this.spellings = spellings;
    return spellings;
  }
}

/** The one position at which two words of one length differ, or -1 (none, or more than one). */
function onlyDifference(a: string, b: string): number {
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at >= 0) return -1;
    at = i;
  }
  return at;
}

/**
 * Whether two characters sound alike as an input method hears them: the same pinyin, or the same up to
 * the fuzzy pairs IMEs accept (模糊音: z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing), so 增馏 reads 蒸馏.
 */
export function sameSound(a: string, b: string): boolean {
  const pa = readingOf(a);
  const pb = readingOf(b);
  return pa !== undefined && pb !== undefined && (pa === pb || fuzzy(pa) === fuzzy(pb));
}

function fuzzy(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, "$1")
    .replace(/^l/, "n")
    .replace(/([aei])ng$/, "$1n");
}
