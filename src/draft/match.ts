/**
 * How much of one row item a stretch of a draft says. Both sides become content words (jieba with its
 * general dictionary plus the corpus's own vocabulary, so 交易成本 and 降低 are words, not the
 * cross-word bigrams 易成 and 低交 that make a paraphrase look unrelated); each word weighs by how rare
 * it is among all the table's items (蒸馏 says more than 专利); a word the draft only has part of
 * (成本 for 交易成本) counts half; naming one member of an example list counts for the list; English
 * drafts meet the table's words through a small glossary.
 */

import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";
import { stem } from "../search/tokenize.ts";
import { CHINESE_FOR_LATIN, DELIVERABLE_FORMS, ENGLISH_TERMS, RELATED } from "./glossary.ts";
import { exampleLists } from "./items.ts";

/** Verbs and framing words every row uses; a draft sharing them shares nothing. */
const GENERIC = new Set(
  (
    "提出 建议 研究 分析 识别 梳理 结合 形成 构建 探索 聚焦 针对 围绕 对比 选择 重点 具体 方面 问题 相关 主要 同时 " +
    "关注 可能 引起 面向 以及 进行 开展 通过 包括 其中 我们 本项目 项目 课题 一个 以及 方向 可以 如何 哪些 对于 " +
    "其他 各种 各类 等等 有关 方法 方式 内容 情况 作为 一些 这些 那些 不同 已经 需要 能够 提供 用于 基于 实现 " +
    "提升 加强 促进 典型 覆盖 构成"
  ).split(" "),
);
const LATIN_STOP = new Set(
  (
    "a an the and or of for to in on at by with from as is are was were be been being do does did have has had " +
    "we our us you your they their it its this that these those what which who how why when where can could should " +
    "would will may might must about into over under between than then there here so if not no any some all each " +
    "more most other such only own same also both well what whether every first second third"
  ).split(" "),
);

/**
 * Words every proposal uses of its own work, whatever the row (布局, 策略, 体系): rare among the table's
 * items, common in drafts, so a draft saying them says little of an item. They weigh this share.
 */
const PROPOSAL_WORDS = new Set(
  "布局 策略 态势 格局 体系 机制 路径 模式 对策 方案 国家 企业 技术 专利 产业 规则".split(" "),
);
const PROPOSAL_WORD_SHARE = 0.7;

/**
 * Verbs that say which way something should change (减少诉讼, 降低交易成本): the object is what the item is
 * about, so a draft saying only the verb or its near-synonym (避免…摊派) says nothing of it.
 */
const CHANGE_VERBS = new Set("降低 减少 减轻 避免 防止 防范 规避 化解 扩大 增加 增强 缩小 压缩".split(" "));

/** Characters that join words (优势与短板, 研发和布局) without meaning of their own. */
const FUNCTION_CHARS = /[与和及的之或]/g;

export interface Word {
  /** A Han word, or a stemmed Latin word. */
  text: string;
  weight: number;
  /** Shorter words inside it: the draft having one of them is half the word. */
  parts: string[];
  /** The share of the word's characters its parts cover: 1 for 交易成本, 2/3 for 产业化. */
  partsCover: number;
  /** English stems that say the same thing in an English draft. */
  english: string[];
  /** A verb of change (减少 of 减少诉讼): what is done to the item's object, not what it is about. */
  verb?: boolean;
  /**
   * The parts no other item of the row says (飞行 of 智能飞行 in the low-altitude row, not 模型 of
   * 模型蒸馏 in a row about 大模型), and nearly as rare in the table as the word (not 许可 of 许可层级):
   * one of them alone touches the item. Empty when no row is given.
   */
  ownParts: string[];
}

export interface ItemModel {
  words: Word[];
  /** An expected output: its form (策略, 建议, 指南…) may be delivered as another form. */
  output?: boolean;
  /**
   * The words of what the item is about when a phrase qualifies it ("对中国企业出海构成的诉讼压力": 诉讼压力):
   * its key words are among them. Absent when the item has no such qualifier.
   */
  head?: string[];
  /** Example lists: each member as its words (or its raw text when it has none, like 美 or 欧). */
  lists: { members: string[][]; weight: number }[];
  /** The item's words (and their parts) → how applicants also write them: the companion's paraphrases. */
  paraphrases?: Record<string, string[]>;
}

/** Other ways applicants write a term of one row item (人才流动: 跳槽, 离职). */
export interface Paraphrase {
  item: string;
  term: string;
  alternatives: string[];
}

/** A stretch of the draft, ready to be asked about words. */
export interface Window {
  text: string;
  latin: Set<string>;
  /** The part of it about the draft's subject (not its team, schedule…): where one part touches an item. */
  topical: { text: string; latin: Set<string> };
}

/** Matched share of an item and which of the window's words did it. */
export interface Match {
  score: number;
  /** Words of the item the window has (whole or in part). */
  hits: string[];
}

/**
 * A part of a compound as rare in the table as this share of the compound names its subject (垄断 of
 * 垄断隐患); a common one (许可 of 许可层级, 技术 of 技术路线) does not.
 */
const DISTINCT_PART_SHARE = 0.7;

export class ContentWords {
  private readonly jieba: Jieba;
  private readonly frequency = new Map<string, number>();
  private itemCount = 1;
  private items: string[] = [];
  /** Paraphrases of the items' terms: Han as written, Latin stemmed (a phrase with spaces kept whole). */
  private readonly paraphrases: Paraphrase[];

  constructor(vocabulary: Iterable<string>, items: Iterable<string>, paraphrases: Iterable<Paraphrase> = []) {
    this.paraphrases = [...paraphrases].map((p) => ({
      ...p,
      alternatives: p.alternatives.map((a) => (/\p{Script=Han}/u.test(a) || a.includes(" ") ? a : stem(a))),
    }));
    // jieba's full dictionary (11 MB of buffers once loaded) is read on the first review, not at start-up.
    const { dict } = createRequire(import.meta.url)("@node-rs/jieba/dict.js") as { dict: Buffer };
    this.jieba = Jieba.withDict(dict);
    const words = new Set<string>();
    for (const term of vocabulary)
      for (const run of term.match(/\p{Script=Han}+/gu) ?? []) if (run.length >= 3) words.add(run);
    this.jieba.loadDict(Buffer.from([...words].map((w) => `${w} 100000 n`).join("\n")));
    const list = [...items];
    this.itemCount = Math.max(1, list.length);
    // In how many items a word occurs, inside longer words too: 技术 is in 技术短板 and 核心技术外流.
    this.items = list;
    for (const w of new Set(list.flatMap((item) => this.words(item)))) {
      const parts = w.length >= 3 && /\p{Script=Han}/u.test(w) ? this.parts(w).parts : [];
      for (const p of [w, ...parts]) this.weight(p);
    }
  }

  /** Distinct content words of a normalized text: Han words of two or more characters, Latin stems. */
  words(text: string): string[] {
    const out = new Set<string>();
    for (const run of text.match(/\p{Script=Han}+/gu) ?? [])
      for (const w of this.jieba.cut(run, false)) if (w.length >= 2 && !GENERIC.has(w)) out.add(w);
    for (const w of latinWords(text)) out.add(w);
    return [...out];
  }

  /**
   * The words of an item with their weights, parts and English, and its example lists. `others`: the
   * row's other items, whose words make a part of this item's compound shared rather than its own.
   */
  model(item: string, output = false, others: string[] = []): ItemModel {
    const found = exampleLists(item);
    const lists = found.map((l) => l.members.map((m) => this.memberWords(m)));
    const categories = found.map((l) => this.words(l.category));
    const inLists = new Set([...lists.flat(2), ...categories.flat()]);
    const own = this.words(item).filter((w) => !inLists.has(w));
    // An item of single characters only (美欧) is its own word.
    if (own.length === 0 && lists.length === 0 && /\p{Script=Han}{2,}/u.test(item.trim()))
      own.push(item.trim());
    const shared = new Set(others.flatMap((o) => this.words(o).flatMap((w) => [w, ...this.word(w).parts])));
    const words = own.map((text) => {
      const word = CHANGE_VERBS.has(text) ? { ...this.word(text), verb: true } : this.word(text);
      const own = word.parts.filter(
        (p) => !shared.has(p) && this.weight(p) >= word.weight * DISTINCT_PART_SHARE,
      );
      return others.length > 0 ? { ...word, ownParts: own } : word;
    });
    // "X的Y": Y is what the item is about, X qualifies it (not for an output, whose head is its form).
    const of = item.lastIndexOf("的");
    const headWords =
      !output && of > 0 && lists.length === 0
        ? words.map((w) => w.text).filter((w) => item.slice(of + 1).includes(w))
        : [];
    const paraphrases = this.paraphrasesOf(item, words);
    return {
      words,
      ...(output ? { output } : {}),
      ...(paraphrases ? { paraphrases } : {}),
      ...(headWords.length > 0 && headWords.length < words.length ? { head: headWords } : {}),
      lists: lists.map((members, i) => {
        // The category counts with the list: naming 无人机 is naming 低空经济.
        const weights = [...members.flat(), ...(categories[i] ?? [])].map((w) => this.weight(w));
        const mean = weights.reduce((a, b) => a + b, 0) / Math.max(1, weights.length);
        const category = (categories[i] ?? []).map((w) => this.weight(w)).reduce((a, b) => a + b, 0);
        return { members, weight: mean + category };
      }),
    };
  }

  /**
   * The paraphrases of the terms this item says, filed under its words and their parts that the term
   * holds: a draft saying 跳槽 says 人才流动 (and its 流动), where the item is about 人才流动. Those given for
   * this item (or the item it is a member of) first; a term given only for another item counts too.
   */
  private paraphrasesOf(item: string, words: Word[]): Record<string, string[]> | undefined {
    const said = this.paraphrases.filter((p) => item.includes(p.term));
    const own = said.filter((p) => p.item.includes(item) || item.includes(p.item));
    const out: Record<string, string[]> = {};
    for (const p of own.length > 0 ? own : said)
      for (const w of words)
        for (const text of [w.text, ...w.parts])
          if (p.term.includes(text)) out[text] = [...new Set([...(out[text] ?? []), ...p.alternatives])];
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private memberWords(member: string): string[] {
    const words = this.words(member);
    return words.length > 0 ? words : [member.trim()].filter(Boolean);
  }

  private weight(word: string): number {
    let df = this.frequency.get(word);
    if (df === undefined) {
      df = this.items.filter((item) => item.includes(word)).length;
      this.frequency.set(word, df);
    }
    const idf = Math.log(1 + this.itemCount / Math.max(1, df));
    return PROPOSAL_WORDS.has(word) ? idf * PROPOSAL_WORD_SHARE : idf;
  }

  /**
   * The shorter words a long one is made of, without overlaps, covering as much of it as they can
   * (许可费率 → 许可, 费率, not 许可费 and a stray 率; 交易成本 → 交易, 成本, not 易成). A character no
   * part covers (the 化 of 产业化) is meaning the parts do not carry: see `partsCover`.
   */
  private parts(text: string): { parts: string[]; cover: number } {
    const found = new Set<string>();
    for (const p of this.jieba.cutForSearch(text, false)) if (p.length >= 2 && p !== text) found.add(p);
    // best[i]: the cover of text.slice(i) with the fewest characters left over, then the fewest parts.
    const n = text.length;
    const best: { left: number; parts: string[] }[] = Array.from({ length: n + 1 }, () => ({
      left: 0,
      parts: [],
    }));
    for (let i = n - 1; i >= 0; i--) {
      const skip = best[i + 1] as { left: number; parts: string[] };
      let choice = { left: skip.left + 1, parts: skip.parts };
      for (const p of found) {
        if (!text.startsWith(p, i)) continue;
        const rest = best[i + p.length] as { left: number; parts: string[] };
        if (
          rest.left < choice.left ||
          (rest.left === choice.left && rest.parts.length + 1 < choice.parts.length)
        )
          choice = { left: rest.left, parts: [p, ...rest.parts] };
      }
      best[i] = choice;
    }
    const cover = (best[0] as { parts: string[] }).parts;
    // Function characters between parts (the 与 of 优势与短板) carry no meaning of their own; a generic
    // part (研究) is covered without the draft saying it.
    const meaningful = text.replace(FUNCTION_CHARS, "").length;
    const share = Math.min(1, cover.reduce((n, p) => n + p.length, 0) / Math.max(1, meaningful));
    return { parts: cover.filter((p) => !GENERIC.has(p)), cover: share };
  }

  private word(text: string): Word {
    const { parts, cover: partsCover } =
      text.length >= 3 && /\p{Script=Han}/u.test(text) ? this.parts(text) : { parts: [], cover: 1 };
    return {
      text,
      weight: this.weight(text),
      parts,
      partsCover,
      english: ENGLISH_TERMS[text] ?? [],
      ownParts: [],
    };
  }
}

/** Stemmed Latin words of a text (lower case already), without stop words. */
export function latinWords(text: string): string[] {
  const out: string[] = [];
  for (const w of text.match(/[a-z0-9]+(?:[+-][a-z0-9]+)*/g) ?? []) {
    if (LATIN_STOP.has(w) || (w.length < 2 && !/\d/.test(w)) || /^\d{1,2}$/.test(w)) continue;
    out.push(stem(w));
    if (w.includes("-"))
      for (const p of w.split("-")) if (p.length > 1 && !LATIN_STOP.has(p)) out.push(stem(p));
  }
  return out;
}

/** A window of sentences; `topical`, those of them about the subject (all of them when not given). */
export function windowOf(texts: string[], topical: string[] = texts): Window {
  const text = texts.join("\n");
  const latin = new Set(latinWords(text));
  const about = topical.length === texts.length ? text : topical.join("\n");
  return {
    text,
    latin,
    topical: about === text ? { text, latin } : { text: about, latin: new Set(latinWords(about)) },
  };
}

/**
 * Parts covering this share of a word's characters say the word (低空+联网 of 低空物联网); less is a
 * word the draft only says part of (产业 of 产业化).
 */
const WHOLE_COVER = 0.75;

/** Marks a hit on an example list among the words hit. */
const LIST_HIT = "(list)";
/** A word within this share of the item's heaviest weight is one of its key words. */
const KEY_SHARE = 0.9;
/** What a window without a key word of the item keeps of its score: the common words count half. */
const NO_KEY_SHARE = 0.5;

/** Other words that say a word: its English, its near-synonyms, and for an output its other forms. */
const related = (word: string, output = false) => [
  ...(ENGLISH_TERMS[word] ?? []),
  ...(RELATED[word] ?? []),
  ...(output && DELIVERABLE_FORMS.includes(word) ? DELIVERABLE_FORMS : []),
];

/** Whether the window says a word: the word itself, or for English its glossary stems (any one). */
export function has(window: Pick<Window, "text" | "latin">, word: string, english: string[] = []): boolean {
  if (/\p{Script=Han}/u.test(word)) {
    if (says(window.text, word)) return true;
  } else if (window.latin.has(word) || (CHINESE_FOR_LATIN[word] ?? []).some((c) => says(window.text, c)))
    return true;
  return english.some((e) =>
    /\p{Script=Han}/u.test(e) || e.includes(" ") ? says(window.text, e) : window.latin.has(e),
  );
}

/** Whether a text says a word, not only its opposite: 非侵入式 is no 侵入式, 非标准必要专利 no SEP. */
function says(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1))
    if (text[at - 1] !== "非") return true;
  return false;
}

/** How much of an item a window says: 0–1, with the item's words it has. */
export function matchItem(model: ItemModel, window: Window): Match {
  let total = 0;
  let got = 0;
  const hits: string[] = [];
  // Key words of the item the draft touches through a part only this item of the row says.
  const touched: string[] = [];
  // A draft's word counts once: 方案 is the item's own word, not also a synonym of its 对策.
  const own = new Set(model.words.map((w) => w.text));
  for (const w of model.words) {
    total += w.weight;
    const others = [...related(w.text, model.output), ...(model.paraphrases?.[w.text] ?? [])].filter(
      (r) => !own.has(r),
    );
    if (has(window, w.text, others)) {
      got += w.weight;
      hits.push(w.text);
    } else if (w.parts.length > 0) {
      // A compound the draft says in its own order or with words between (成本 … 交易): its parts.
      // All of them is nearly the word; only some is weak (模型 is not 模型蒸馏): half their share.
      // Parts that leave much of the word uncovered (产业 of 产业化) are only that share of it.
      const found = w.parts.filter((p) =>
        has(window, p, [...related(p, model.output), ...(model.paraphrases?.[p] ?? [])]),
      );
      const present = found.length;
      const whole = present === w.parts.length && w.partsCover >= WHOLE_COVER;
      if (present > 0) {
        got += w.weight * (whole ? 0.9 : (0.5 * present * w.partsCover) / w.parts.length);
        if (whole) hits.push(w.text);
        // Touched only through the part's own words: not a generic near-synonym (方法 for 技巧) or
        // another deliverable form (建议 for 指南), which name no subject.
        else if (
          found.some(
            (p) =>
              w.ownParts.includes(p) &&
              has(
                window.topical,
                p,
                [...(ENGLISH_TERMS[p] ?? []), ...(RELATED[p] ?? [])].filter((r) => !GENERIC.has(r)),
              ),
          )
        )
          touched.push(w.text);
      }
    }
  }
  for (const list of model.lists) {
    total += list.weight;
    const named = list.members.filter((words) => {
      const present = words.filter((w) => has(window, w, related(w))).length;
      return present > 0 && present >= words.length / 2;
    }).length;
    if (named > 0) {
      got += list.weight * (named >= 2 ? 1 : 0.75);
      hits.push(LIST_HIT);
    }
  }
  // The item's most distinctive words are its point: a window without any of them says at most a
  // little of it, however many common words (技术, 专利, 企业) it shares.
  // Of an item that qualifies its object ("对…构成的诉讼压力"), the object's words are its point.
  // What an action is done to is the point, not the action (诉讼 of 减少诉讼, not 减少).
  const about = model.head ? model.words.filter((w) => model.head?.includes(w.text)) : model.words;
  const pointed = about.some((w) => !w.verb) || model.lists.length > 0 ? about.filter((w) => !w.verb) : about;
  const top = Math.max(0, ...pointed.map((w) => w.weight), ...model.lists.map((l) => l.weight));
  const keys = new Set([
    ...pointed.filter((w) => w.weight >= top * KEY_SHARE).map((w) => w.text),
    ...(model.lists.some((l) => l.weight >= top * KEY_SHARE) ? [LIST_HIT] : []),
  ]);
  const score = total > 0 ? got / total : 0;
  // A part of a key compound that no other item of the row says (飞行 of 智能飞行) touches the point.
  const key = hits.some((h) => keys.has(h)) || touched.some((t) => keys.has(t));
  return { score: key ? score : score * NO_KEY_SHARE, hits };
}
