import { Jieba } from "@node-rs/jieba";
import { normalize } from "./normalize.ts";

/** Words that say nothing about which direction fits; dropped from both the table and the questions. */
const ZH_STOPWORDS = new Set(
  (
    "我们 你们 他们 我的 你的 这个 那个 哪个 哪些 哪一个 什么 怎么 怎样 如何 为什么 是否 可以 能否 能不能 应该 需要 " +
    "请问 一下 一些 这些 那些 一个 有关 关于 相关 适合 属于 对应 还是 或者 以及 并且 而且 但是 如果 因为 所以 目前 现在 " +
    "我想 想问 问下 请教 帮我 告诉 知道 具体 主要 方面 进行 开展 通过 包括 等等 之类 怎么办 谢谢 你好 是不是 有没有"
  ).split(" "),
);
/** Characters that glue a sentence together; a bigram containing one is noise. */
const ZH_PARTICLES = /[的了吗呢吧啊么呀嘛哦你您它这那哪些是]/;

const EN_STOPWORDS = new Set(
  (
    "a an the and or of for to in on at by with from as is are was were be been being do does did doing have has had " +
    "i we you he she it they me us our your my their its this that these those what which who whom how why when where " +
    "can could should would will shall may might must about into over under between than then there here so if not no " +
    "yes any some all each more most other such only own same too very just also please tell show give want need " +
    "help thanks thank hi hello hey direction directions topic topics research proposal proposals fit fits best good " +
    "apply applying applicant plan plans one two which's it's i'm we're let's get got make made like look looking"
  ).split(" "),
);

const SEGMENT_BREAK = /[|,;:!?。，；：！？、（）()《》“”"'[\]{}<>\n\r\t/\\]+/;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9]+(?:[.+-][a-z0-9]+)*/g;

/** A light English stemmer: plurals, -ing, -ed, -ation, final e; British spellings folded to American. */
export function stem(word: string): string {
  let w = word.replace(/isation$/, "ization").replace(/^licence/, "license");
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|x|ch|sh|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  if (w.endsWith("ation")) w = w.slice(0, -5);
  else if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** How many recent questions' tokens a tokenizer keeps. */
const RECENT = 8;

/**
 * Turns text into search tokens: Chinese by dictionary segmentation (the corpus's own vocabulary, so
 * 无人机 and 脑机接口 stay whole) plus character bigrams for everything the dictionary does not know;
 * English by words, stems and adjacent-word pairs. Both the table and the questions go through here.
 */
export class SearchTokenizer {
  private readonly jieba: Jieba;
  /** The last few questions' tokens (see queryTokens). */
  private readonly recent = new Map<string, string[]>();

  constructor(
    vocabulary: Iterable<string>,
    private readonly synonyms: ReadonlyMap<string, string> = new Map(),
  ) {
    const words = new Set<string>();
    for (const term of vocabulary) {
      for (const run of normalize(term, synonyms, true).match(HAN_RUN) ?? [])
        if (run.length >= 3) words.add(run);
    }
    // A dictionary of the domain's own multi-character words; frequency high enough to win every split.
    this.jieba = Jieba.withDict(Buffer.from([...words].map((w) => `${w} 100000 n`).join("\n")));
  }

  /**
   * Tokens of a text, duplicates kept (term frequency matters when indexing). `simplified` marks the
   * corpus's own text, which needs no traditional → simplified conversion.
   */
  tokenize(text: string, simplified = false): string[] {
    return this.tokens(text, simplified, false);
  }

  /**
   * Tokens of a list of keywords ("无人机 | 新兴领域 | trade secret"): each Chinese keyword is one token,
   * never split into bigrams, so 新兴领域 matches a question that says 新兴领域 and not one that says
   * 细分领域. Questions produce the same token through the dictionary, which holds every keyword.
   */
  phraseTokens(text: string): string[] {
    return this.tokens(text, true, true);
  }

  private tokens(text: string, simplified: boolean, phrases: boolean): string[] {
    const tokens: string[] = [];
    for (const segment of normalize(text, this.synonyms, simplified).split(SEGMENT_BREAK)) {
      for (const run of segment.match(HAN_RUN) ?? []) {
        if (!phrases) this.hanTokens(run, tokens);
        else if (run.length >= 2 && !ZH_STOPWORDS.has(run)) tokens.push(run);
      }
      let previous: string | undefined;
      const words = segment.match(LATIN_WORD) ?? [];
      if (phrases && words.length > 1) {
        // A keyword of several English words is that phrase, not each word: "export control" must not
        // make every question with "export" a question about direction 6.
        const stems = words.filter((w) => !EN_STOPWORDS.has(w)).map(stem);
        for (let i = 1; i < stems.length; i++) tokens.push(`${stems[i - 1]} ${stems[i]}`);
        continue;
      }
      for (const word of words) {
        const stemmed = EN_STOPWORDS.has(word) ? undefined : stem(word);
        if (stemmed && (stemmed.length > 1 || /\d/.test(stemmed))) {
          tokens.push(stemmed);
          if (previous) tokens.push(`${previous} ${stemmed}`);
          // "AI-generated" is also "AI" and "generated"; "C-V2X" also "V2X".
          if (/[.+-]/.test(word)) {
            for (const part of word.split(/[.+-]/)) {
              if ((part.length > 1 || /\d/.test(part)) && !EN_STOPWORDS.has(part)) tokens.push(stem(part));
            }
          }
        }
        previous = stemmed;
      }
    }
    return tokens;
  }

  /** Distinct tokens of a question: a word typed twice is not twice the evidence. */
  queryTokens(text: string): readonly string[] {
    // One question is tokenized several times on its way through (evidence, search, Orama's own
    // tokenizer): the last few are kept, so each is cut once.
    const known = this.recent.get(text);
    if (known) return known;
    const tokens = [...new Set(this.tokenize(text))];
    if (this.recent.size >= RECENT) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(text, tokens);
    return tokens;
  }

  private hanTokens(run: string, tokens: string[]): void {
    for (const word of this.jieba.cut(run, false)) {
      if (word.length >= 3 && !ZH_STOPWORDS.has(word)) tokens.push(word);
    }
    for (let i = 0; i + 2 <= run.length; i++) {
      const bigram = run.slice(i, i + 2);
      if (!ZH_STOPWORDS.has(bigram) && !ZH_PARTICLES.test(bigram)) tokens.push(bigram);
    }
  }
}
