import { create, insert, type Orama, search } from "@orama/orama";
import type { Direction, Edition } from "../corpus/types.ts";
import { SearchTokenizer } from "./tokenize.ts";

const schema = {
  id: "string",
  title: "string",
  core: "string",
  keywords: "string",
  context: "string",
  suggestion: "string",
  policy: "string",
} as const;

const END = "\u0001";

/** Field boosts: a title or an applicant's keyword says more than a word deep in the suggestion. */
const BOOST = { title: 2, core: 4, keywords: 1.6, context: 0.6, suggestion: 1, policy: 0.4 };
const FIELDS = Object.keys(BOOST) as (keyof typeof BOOST)[];

/** A direction a search found, with the words that made it match (for "why this direction"). */
export interface Match {
  direction: Direction;
  score: number;
  /** Keywords or title words of the direction that the question contains, most specific first. */
  matched: string[];
}

interface Phrase {
  text: string;
  tokens: string[];
  weight: number;
  /** A context word (美国, 诉讼): evidence only together with another. */
  context: boolean;
}

/**
 * The searchable form of one edition: an Orama index over the directions (title, team keywords,
 * suggestion, policy basis) with our tokenizer, plus the phrase lists that explain a match and decide
 * whether a question is about the table at all.
 */
export class DirectionIndex {
  readonly tokenizer: SearchTokenizer;
  private readonly db: Orama<typeof schema>;
  private readonly byId = new Map<string, Direction>();
  private readonly phrases = new Map<number, Phrase[]>();
  /** In how many directions each token occurs (title, keywords, suggestion). */
  private readonly documentFrequency = new Map<string, number>();
  /** In how many policy bases each token occurs. */
  private readonly policyFrequency = new Map<string, number>();

  constructor(readonly edition: Edition) {
    const { table, companion } = edition;
    const vocabulary: string[] = [];
    for (const d of table.directions) {
      const aliases = companion.directions.get(d.id);
      vocabulary.push(
        d.title,
        ...(aliases ? [...aliases.core, ...aliases.keywords, ...aliases.context] : []),
      );
    }
    this.tokenizer = new SearchTokenizer(vocabulary, companion.synonyms);
    const tokenizer = this.tokenizer;

    // Each field is tokenized once: Orama's insert asks for the same texts again.
    const fieldTokens = new Map<string, string[]>();
    const tokensOf = (text: string, prop?: string) => {
      const known = fieldTokens.get(text);
      if (known) return known;
      const phrases = prop === "core" || prop === "keywords" || prop === "context";
      const tokens = phrases ? tokenizer.phraseTokens(text) : tokenizer.tokenize(text, true);
      fieldTokens.set(text, tokens);
      return tokens;
    };
    this.db = create({
      schema,
      components: {
        tokenizer: {
          language: "chinese",
          normalizationCache: new Map(),
          // Orama passes the property when indexing and none when searching. Its radix tree matches
          // prefixes (专利 would hit 专利池), and its `exact` option compares raw text, so every token
          // ends in a terminator that makes a prefix match an exact one.
          tokenize: (raw: string, _language?: string, prop?: string) =>
            (prop === undefined ? tokenizer.queryTokens(raw) : tokensOf(raw, prop)).map((t) => `${t}${END}`),
        },
      },
    });

    for (const d of table.directions) {
      const aliases = companion.directions.get(d.id);
      const fields = {
        id: String(d.id),
        title: d.title,
        core: (aliases?.core ?? []).join(" | "),
        keywords: [aliases?.titleEn ?? "", ...(aliases?.keywords ?? [])].join(" | "),
        context: (aliases?.context ?? []).join(" | "),
        suggestion: d.suggestion,
        policy: d.policyBasis,
      };
      this.byId.set(fields.id, d);
      insert(this.db, fields);

      const seen = new Set(
        (["title", "core", "keywords", "suggestion"] as const).flatMap((prop) =>
          tokensOf(fields[prop], prop),
        ),
      );
      for (const token of seen)
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      for (const token of new Set(tokensOf(d.policyBasis))) {
        this.policyFrequency.set(token, (this.policyFrequency.get(token) ?? 0) + 1);
      }

      const phrases: Phrase[] = [];
      // Without team keywords (a new table), the title's own word pairs stand in for them.
      const texts = aliases
        ? [...aliases.core, ...aliases.keywords]
        : tokenizer.tokenize(d.title, true).filter((t) => /^\p{Script=Han}{2}$/u.test(t));
      for (const [list, context] of [
        [texts, false],
        [aliases?.context ?? [], true],
      ] as const) {
        for (const text of list) {
          const tokens = [...new Set(tokenizer.tokenize(text, true))];
          if (tokens.length > 0) phrases.push({ text, tokens, weight: 0, context });
        }
      }
      this.phrases.set(d.id, phrases);
    }
    for (const list of this.phrases.values()) {
      for (const p of list) p.weight = Math.max(...p.tokens.map((t) => this.idf(t)));
    }
  }

  /** Inverse document frequency over the directions: 0 for a word every direction has. */
  idf(token: string): number {
    const n = this.edition.table.directions.length;
    const df = this.documentFrequency.get(token) ?? 0;
    return df === 0 ? 0 : Math.log(n / df);
  }

  /** Inverse document frequency over the policy bases. */
  policyIdf(token: string): number {
    const df = this.policyFrequency.get(token) ?? 0;
    return df === 0 ? 0 : Math.log(this.edition.table.directions.length / df);
  }

  /** Directions ranked by relevance to a question (BM25 over the fields, boosted), best first. */
  search(question: string, limit = 10): Match[] {
    const tokens = new Set(this.tokenizer.queryTokens(question));
    if (tokens.size === 0) return [];
    const result = search(this.db, {
      term: question,
      properties: FIELDS,
      boost: BOOST,
      threshold: 1,
      limit,
      relevance: { k: 1.2, b: 0.3, d: 0.5 },
    }) as Awaited<ReturnType<typeof search<Orama<typeof schema>>>>;
    return result.hits.flatMap((hit) => {
      const direction = this.byId.get(hit.document.id);
      return direction
        ? [{ direction, score: hit.score, matched: this.matchedPhrases(direction.id, tokens) }]
        : [];
    });
  }

  /**
   * How strongly a question points at this table at all: the weight of the most specific keyword or title
   * word it contains. Words every direction shares (专利, 知识产权) weigh nothing, so "商标注册要多少钱" or
   * "how long does a patent take" do not count as questions about a direction.
   */
  evidence(question: string): number {
    const tokens = new Set(this.tokenizer.queryTokens(question));
    let best = 0;
    const context = new Map<string, number>();
    for (const list of this.phrases.values()) {
      for (const p of list) {
        if (!p.tokens.every((t) => tokens.has(t))) continue;
        if (p.context) context.set(p.text, Math.max(context.get(p.text) ?? 0, p.weight));
        else best = Math.max(best, p.weight);
      }
    }
    // Context words count only in company: 美国 alone is a visa question, 欧美+专利诉讼+出海 is not.
    const weights = [...context.values()].sort((a, b) => b - a);
    const together = weights.length >= 2 ? weights.slice(1).reduce((a, b) => a + b, 0) : 0;
    return Math.max(best, together);
  }

  private matchedPhrases(id: number, tokens: Set<string>): string[] {
    const hits = (this.phrases.get(id) ?? []).filter(
      (p) => p.weight > 0 && !p.context && p.tokens.every((t) => tokens.has(t)),
    );
    // Keep the most specific: drop a phrase contained in a longer matched one (人形 inside 人形机器人).
    const texts = hits
      .sort((a, b) => b.weight - a.weight || b.text.length - a.text.length)
      .map((p) => p.text);
    return texts.filter((t, i) => !texts.some((o, j) => j < i && o.toLowerCase().includes(t.toLowerCase())));
  }
}
