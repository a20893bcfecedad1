/** A part of a table: the heading rows that group directions ("第一部分：…"). */
export interface Part {
  number: number;
  title: string;
}

/** What kind of policy source a basis names; only these three are treated as documents. */
export type PolicyDocumentKind = "document" | "work-report" | "five-year-plan";

/**
 * A policy document named in a direction's 政策指引, identified across directions by `key`
 * so that "which directions cite X" is a lookup, not a text search.
 */
export interface PolicyDocument {
  key: string;
  kind: PolicyDocumentKind;
  /** The title as the table writes it, without 《》. */
  title: string;
  year?: number;
  issuer?: string;
}

/** One row of the table: a research direction an applicant can propose under. */
export interface Direction {
  /** The row's number in its table (序号), 1–10 for 2026. */
  id: number;
  part: Part;
  title: string;
  /** 申报建议, verbatim. */
  suggestion: string;
  /** 政策指引, verbatim. */
  policyBasis: string;
  documents: PolicyDocument[];
  /** Where the row stands, for error messages and citations of the source. */
  source: { file: string; line: number };
}

/** One published table (an edition of the plan). */
export interface Table {
  file: string;
  /** The title line as published. */
  title: string;
  /** The plan year from the title, e.g. 2026. */
  year: number;
  parts: Part[];
  directions: Direction[];
}

/** Team-written companion data for one direction: what applicants type that the table does not say. */
export interface DirectionAliases {
  titleEn: string;
  /** A name short enough for a button on a phone (低空经济, SEP litigation). */
  short?: { zh: string; en: string };
  /** One line on what sets this direction apart from its neighbours (zh and en). */
  focus: { zh: string; en: string };
  /** Terms that define the direction: naming one is strong evidence (专利池, SEP, 无人机). */
  core: string[];
  /** Synonyms, abbreviations and English keywords that point to this direction. */
  keywords: string[];
  /** Words that help rank but never, alone, make a question about the table (美国, 出口, 诉讼). */
  context: string[];
  /**
   * Words that say the kind of patent the row is about (标准, FRAND, 5G for SEPs). Beside another
   * row's industry and none of them, the row's other words are generic: a PV maker's 禁令 is no SEP's.
   */
  kind: string[];
}

/** Team-written names for a policy document: its English title and the short names people use. */
export interface DocumentAliases {
  titleEn: string;
  aliases: string[];
}

/** The companion file of a table: per-direction aliases plus global synonyms. */
export interface Companion {
  directions: Map<number, DirectionAliases>;
  /** Variant → canonical term, applied to every text before tokenization (e.g. 智慧财产权 → 知识产权). */
  synonyms: Map<string, string>;
  /**
   * Industry and technology words (无人机, 光伏, 6G): they say where a question is, not what IP problem it
   * asks about, so alone they are no evidence and they weigh less than a problem word in ranking.
   */
  industries: Set<string>;
  /** Part titles in English, by part number. */
  partsEn: Map<number, string>;
  /** Document aliases, by document key. */
  documents: Map<string, DocumentAliases>;
  /**
   * An item of a row's 申报建议 → its terms → the other ways applicants write them (人才流动: 跳槽, 离职,
   * 挖角): a draft saying one of them says the term, in that item.
   */
  paraphrases: Map<string, Map<string, string[]>>;
}

/** A table with its companion: what the assistant serves. */
export interface Edition {
  table: Table;
  companion: Companion;
  /** Every policy document of the table, in order of first citation, with the directions citing it. */
  documents: { document: PolicyDocument; citedBy: number[] }[];
}
