import { documentKey } from "../corpus/policy.ts";

/** The kinds of fact a model must not state unless the table does. */
export type ClaimKind = "date" | "money" | "count" | "percent" | "document";

export const CLAIM_KINDS: readonly ClaimKind[] = ["date", "money", "count", "percent", "document"];

/** What the model may state: the text of the rows it was given and the documents the table names. */
export interface Grounding {
  /** Every text the model was given as fact (rows, titles), in any form; normalized on construction. */
  texts: string[];
  /** Document titles the table names (the documents index), with their known short names. */
  documents: string[];
}

const CN = "零〇一二两三四五六七八九十";
const MONTHS =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/** A number of projects: digits or a numeral other than a lone 一 ("一个课题" is not a count). */
const COUNT = `(?:\\d+|[二两三四五六七八九十百][${CN}百]*|一[${CN}百]+)`;

/** Claim patterns; each match must be found, as written, in the grounding (or be a known document). */
const CLAIMS: { kind: ClaimKind; pattern: RegExp }[] = [
  {
    kind: "date",
    pattern: new RegExp(
      [
        "\\d{4}\\s*[-/.]\\s*\\d{1,2}\\s*[-/.]\\s*\\d{1,2}",
        "(?:\\d{4}\\s*年\\s*)?\\d{1,2}\\s*月(?:\\s*\\d{1,2}\\s*[日号]|\\s*(?:底|初|中旬|上旬|下旬|末))?",
        `(?:\\d{4}\\s*年\\s*)?[${CN}]{1,3}月(?:[${CN}]{1,3}[日号]|底|初|中旬|上旬|下旬|末)`,
        "\\d{4}\\s*年(?:度|内|底|初)?",
        `\\b${MONTHS}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s*\\d{4})?\\b`,
        `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTHS}\\b(?:,?\\s*\\d{4})?`,
        `\\b(?:by|in|before|until|end of)\\s+${MONTHS}\\b(?:\\s+\\d{4})?`,
      ].join("|"),
      "gi",
    ),
  },
  {
    kind: "money",
    pattern: new RegExp(
      [
        `[\\d${CN}百千万亿.,，]*[\\d${CN}百千]\\s*(?:万|亿|千|百)?\\s*(?:元|人民币|块钱)`,
        "(?:资助|经费|资金|补助|补贴|奖励|拨款)[^。；\\n]{0,8}?\\d+(?:\\.\\d+)?\\s*[万亿千百]",
        "(?:[¥￥$€]|RMB|CNY|USD)\\s*\\d[\\d,.]*(?:\\s*(?:million|thousand|k|m|万|亿))?",
        "\\b\\d[\\d,.]*\\s*(?:million\\s+|thousand\\s+)?(?:yuan|RMB|CNY|dollars|USD)\\b",
      ].join("|"),
      "gi",
    ),
  },
  {
    kind: "count",
    pattern: new RegExp(
      [
        `${COUNT}\\s*(?:个|项|家|批)\\s*(?:左右)?\\s*(?:项目|课题|单位)`,
        `(?:资助|立项|支持|遴选|评选|入选|名额)[^。；\\n]{0,6}?${COUNT}\\s*(?:个|项|家)`,
        "\\b\\d+\\s+(?:projects|grants|awards|proposals will)\\b",
      ].join("|"),
      "gi",
    ),
  },
  {
    kind: "percent",
    pattern: new RegExp(
      `\\d+(?:\\.\\d+)?\\s*[%％]|百分之[${CN}百点]+|\\b\\d+(?:\\.\\d+)?\\s*percent\\b`,
      "gi",
    ),
  },
  { kind: "document", pattern: /《([^》\n]{1,60})》/g },
];

/** What the question asks about, by claim kind: a removed claim of an asked kind gets a notice. */
const ASKED: Record<ClaimKind, RegExp> = {
  date: /截止|期限|什么时候|何时|时间|日期|几月|deadline|due|when|date/i,
  money: /经费|资助|金额|多少钱|预算|资金|补贴|拨款|funding|budget|how much|amount|money|grant/i,
  count: /几个项目|多少个?项目|多少项|立项|名额|how many (?:projects|grants)|quota/i,
  percent: /比例|百分|配套|percent|ratio|share/i,
  document: /文件|政策|依据|条例|法规|办法|policy|document|regulation|basis/i,
};

/** The kinds of fact a question asks for. */
export function askedKinds(question: string): Set<ClaimKind> {
  return new Set(CLAIM_KINDS.filter((k) => ASKED[k].test(question)));
}

/** Where a sentence ends: Chinese and Western end punctuation (with closing quotes), or a line end. */
const SENTENCE_END = /[。！？!?；;]+[”’"」』）)*]*|\.(?=\s)|\n/g;
/** A sentence this long with no end yet is checked clause by clause, so the stream never stalls on it. */
const LONG_SENTENCE = 120;
const CLAUSE_END = /[，,、：:]/g;

function normalize(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/** A removed claim: its kind only (never the text, which may be invented). */
export interface Removal {
  kind: ClaimKind;
}

export interface FactGuardOptions {
  /** Kinds the user asked for: removing one of them leaves a notice in its place. */
  asked: ReadonlySet<ClaimKind>;
  /** The notice line for a removed claim of this kind ("…以工信部正式通知为准。"). */
  notice: (kind: ClaimKind) => string;
}

/**
 * Checks every sentence a model writes before it is shown: a date, amount of money, count of projects,
 * percentage or 《title》 that the grounding does not contain removes its sentence. Works on a stream and
 * holds back one sentence at most (a clause, for a sentence longer than 120 characters).
 */
export class FactGuard {
  private pending = "";
  private readonly text: string;
  private readonly documents: string[];
  private readonly noticed = new Set<ClaimKind>();
  /** Claims removed so far. */
  readonly removals: Removal[] = [];

  constructor(
    grounding: Grounding,
    private readonly options: FactGuardOptions,
  ) {
    this.text = grounding.texts.map(normalize).join("\n");
    this.documents = [
      ...grounding.documents,
      ...[...grounding.texts.join("\n").matchAll(/《([^》]+)》/g)].map((m) => m[1] ?? ""),
    ]
      .map(documentKey)
      .filter(Boolean);
  }

  /** Takes a delta; returns the checked text that may be shown now. */
  push(delta: string): string {
    this.pending += delta;
    let out = "";
    let start = 0;
    for (const m of this.pending.matchAll(SENTENCE_END)) {
      const end = m.index + m[0].length;
      // "3." of a numbered list or "1.5" is not a sentence end.
      if (m[0] === "." && /\d$/.test(this.pending.slice(start, m.index))) continue;
      out += this.check(this.pending.slice(start, end));
      start = end;
    }
    this.pending = this.pending.slice(start);
    if (this.pending.length > LONG_SENTENCE) {
      let cut = 0;
      for (const m of this.pending.slice(0, -20).matchAll(CLAUSE_END)) cut = m.index + m[0].length;
      if (cut > 0) {
        out += this.check(this.pending.slice(0, cut));
        this.pending = this.pending.slice(cut);
      }
    }
    return out;
  }

  /** The rest, checked, when the stream has ended (or failed). */
  flush(): string {
    const rest = this.check(this.pending);
    this.pending = "";
    return rest;
  }

  /** Text held back now (unchecked): what a failure midway would cut. */
  get held(): string {
    return this.pending;
  }

  private check(sentence: string): string {
    const unsupported = this.unsupported(sentence);
    if (unsupported.length === 0) return sentence;
    for (const kind of unsupported) this.removals.push({ kind });
    const lineEnd = sentence.endsWith("\n") ? "\n" : "";
    const asked = unsupported.find((k) => this.options.asked.has(k) && !this.noticed.has(k));
    if (asked === undefined) return lineEnd;
    this.noticed.add(asked);
    const lead = /^[ \t]*/.exec(sentence)?.[0] ?? "";
    return `${lead}${this.options.notice(asked)}${lineEnd}`;
  }

  /** The kinds of the claims in a sentence that the grounding does not support. */
  unsupported(sentence: string): ClaimKind[] {
    const kinds: ClaimKind[] = [];
    // Citations such as [方向3] carry numbers that are not claims.
    const text = sentence.replace(/[[【][^\]】]{0,24}[\]】]/g, " ");
    for (const { kind, pattern } of CLAIMS) {
      for (const m of text.matchAll(pattern)) {
        const ok = kind === "document" ? this.knownDocument(m[1] ?? "") : this.supported(m[0]);
        if (!ok) kinds.push(kind);
      }
    }
    return kinds;
  }

  private supported(claim: string): boolean {
    const text = normalize(claim);
    // "2026年度" names the plan's year, as "2026年" does; "2026年底" is a deadline and must be stated.
    const year = /^(\d{4}年)(?:度|内)$/.exec(text);
    return this.text.includes(year?.[1] ?? text);
  }

  private knownDocument(title: string): boolean {
    const key = documentKey(title);
    if (key.length === 0) return true;
    // A known title may be written shorter ("知识产权强国建设纲要" for "…纲要(2021-2035年)").
    return this.documents.some((d) => d === key || (key.length >= 6 && d.startsWith(key)));
  }
}
