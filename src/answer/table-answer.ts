import { chineseNumeral } from "../corpus/numerals.ts";
import { documentName } from "../corpus/policy.ts";
import type { Direction, Edition } from "../corpus/types.ts";
import { say, type Texts } from "../i18n.ts";
import type { Match } from "../search/orama-index.ts";
import { CLOSE_RUNNER_UP, type Language, type Retrieval } from "../search/retrieve.ts";
import { checklist } from "./checklist.ts";

/** An answer built from the table alone: what to show and which directions it cites. */
export interface TableAnswer {
  body: string;
  citations: number[];
}

/** The deadlines, money and procedure questions the table never answers. */
const NOT_IN_TABLE =
  /截止|期限|什么时候|何时|时间节点|经费|资助|金额|多少钱|预算|流程|程序|怎么提交|在哪(?:里)?(?:申报|提交)|deadline|due date|when (?:is|are|do)|funding|budget|how much|amount|procedure|submit/;

/**
 * Answers from the table itself: the directions retrieval found, quoted verbatim, shaped by what was
 * asked (topic, policy, tips, comparison, overview). Used when no model is configured or it fails.
 */
export class TableAnswerer {
  constructor(
    private readonly edition: Edition,
    private readonly texts: Record<Language, Texts>,
  ) {}

  answer(retrieval: Retrieval): TableAnswer {
    const { understanding, matches } = retrieval;
    const t = this.texts[understanding.language];
    const edition = this.edition.table.title;
    if (retrieval.outOfScope === "empty") return { body: say(t, "empty"), citations: [] };
    if (retrieval.outOfScope === "unknown-direction") {
      const numbers = understanding.unknownRefs.join("、");
      return {
        body: say(t, "unknownDirection", { numbers, count: this.edition.table.directions.length }),
        citations: [],
      };
    }
    // A document no row cites: say so, and list the ones the table does cite, from its documents index;
    // asked for all of them, the same list.
    if (retrieval.outOfScope === "unknown-document" || retrieval.outOfScope === "all-documents") {
      const en = understanding.language === "en";
      const list = this.edition.documents
        .map(({ document, citedBy }) => {
          const english = en ? this.edition.companion.documents.get(document.key)?.titleEn : undefined;
          const name = `${documentName(document)}${english ? ` (${english})` : ""}`;
          const ids = citedBy.join(en ? ", " : "、");
          return en ? `- ${name}: direction${citedBy.length > 1 ? "s" : ""} ${ids}` : `- ${name}：方向${ids}`;
        })
        .join("\n");
      if (retrieval.outOfScope === "all-documents")
        return {
          body: say(t, "allDocuments", { count: this.edition.documents.length, list }),
          citations: [],
        };
      // As the question writes it (Anti-Monopoly Law, not the lowered anti-monopoly law).
      const named = retrieval.unknownDocument ?? "";
      const at = understanding.question.toLowerCase().indexOf(named);
      const raw = at >= 0 ? understanding.question.slice(at, at + named.length) : named;
      const name = en ? raw : `《${raw.replace(/^《|》$/g, "")}》`;
      return { body: say(t, "unknownDocument", { name, list }), citations: [] };
    }
    // In the domain but not in the table (deadlines, funding, eligibility, templates): say so, point to MIIT.
    if (retrieval.outOfScope === "not-in-table") return { body: say(t, "notInTable"), citations: [] };
    // "申报书怎么写？" naming no direction: the general advice, marked as such, and how to get a checklist.
    if (
      retrieval.outOfScope === "unrelated" &&
      understanding.intent === "tips" &&
      PROPOSAL.test(understanding.normalized)
    )
      return {
        body: `${say(t, "tipsGeneral")}\n${t.advice}\n\n${say(t, "tipsAskDirection")}`,
        citations: [],
      };
    if (retrieval.outOfScope || matches.length === 0)
      return { body: say(t, "outOfScope", { edition }), citations: [] };

    const notInTable =
      understanding.programme || NOT_IN_TABLE.test(understanding.normalized) ? [say(t, "notInTable")] : [];
    const { intent } = understanding;
    const pinned = understanding.directionRefs.length > 0 || understanding.partRefs.length > 0;
    const top = matches[0] as Match;
    let sections: string[];
    let cited: Direction[];

    if (intent === "overview" && matches.length === this.edition.table.directions.length) {
      cited = matches.map((m) => m.direction);
      sections = [say(t, "overviewIntro", { edition, count: cited.length }), this.overview(t, cited)];
    } else if (understanding.notCiting && !pinned) {
      // "哪些方向没有提到十五五规划": the complement, from the documents index too.
      const keys = understanding.documents.map((d) => d.key);
      const citing = this.citing(keys);
      cited = this.edition.table.directions.filter((d) => !citing.includes(d));
      sections = [this.citedBy(t, keys, cited, "notCitedByIntro")];
    } else if (understanding.documents.length > 0 && !pinned && intent !== "tips") {
      // Counts and lists come from the documents index, never from what the search happened to match.
      const keys = understanding.documents.map((d) => d.key);
      const citing = this.citing(keys);
      const relevant = matches.map((m) => m.direction).filter((d) => citing.includes(d));
      cited = relevant.length > 0 ? relevant : citing;
      sections = [this.citedBy(t, keys, citing)];
      if (relevant.length > 0 && relevant.length < citing.length)
        sections.push(say(t, "citedByRelevant", { ids: relevant.map((d) => d.id).join("、") }));
    } else if (intent === "tips") {
      cited = [top.direction];
      sections = [this.tips(t, top.direction)];
    } else if (retrieval.ambiguous && !pinned && intent !== "policy") {
      const ids = retrieval.ambiguous.ids;
      cited = ids.flatMap((id) => this.edition.table.directions.filter((d) => d.id === id));
      sections = [
        say(t, "ambiguous", {
          terms: retrieval.ambiguous.terms.join(t.language === "en" ? '", "' : "」「"),
          ids: ids.join(t.language === "en" ? " and " : "、"),
        }),
        ...cited.map((d) => this.compareItem(t, d)),
      ];
    } else if (
      intent === "compare" &&
      matches.length >= 2 &&
      (pinned || (matches[1]?.score ?? 0) >= top.score * CLOSE_RUNNER_UP)
    ) {
      cited = matches.slice(0, pinned ? matches.length : 2).map((m) => m.direction);
      sections = [say(t, "compareIntro"), ...cited.map((d) => this.compareItem(t, d))];
      sections.push(...this.recommendation(t, retrieval));
    } else if (intent === "policy") {
      cited = pinned ? matches.map((m) => m.direction) : [top.direction];
      sections = cited.map((d) => this.policy(t, d));
    } else if (pinned) {
      cited = matches.map((m) => m.direction);
      sections = [...cited.map((d) => this.card(t, d)), ...this.recommendation(t, retrieval)];
    } else {
      ({ sections, cited } = this.topic(t, matches));
    }
    sections.push(...notInTable, say(t, "disclaimer", { edition }));
    return { body: sections.join("\n\n"), citations: cited.map((d) => d.id) };
  }

  /** "[方向3] 低空经济…；政策文件：《…》": the footer every answer ends with. */
  sources(language: Language, ids: number[]): string {
    const t = this.texts[language];
    const lines = ids.flatMap((id) => {
      const d = this.edition.table.directions.find((x) => x.id === id);
      if (!d) return [];
      const list = this.documentList(d);
      const documents = list ? say(t, "sourceDocuments", { list }) : "";
      return [say(t, "sourceItem", { id, title: d.title, documents })];
    });
    return lines.length > 0 ? `${say(t, "sourcesHeading")}${colon(t).trim()}\n${lines.join("\n")}` : "";
  }

  private vars(d: Direction): Record<string, string | number> {
    const aliases = this.edition.companion.directions.get(d.id);
    return {
      id: d.id,
      title: d.title,
      titleEn: aliases?.titleEn ?? d.title,
      part: d.part.number,
      partTitle: d.part.title,
    };
  }

  private focus(t: Texts, d: Direction): string {
    const focus = this.edition.companion.directions.get(d.id)?.focus;
    return focus ? focus[t.language] : d.title;
  }

  private partLine(t: Texts, d: Direction): string {
    const partTitle =
      t.language === "en"
        ? (this.edition.companion.partsEn.get(d.part.number) ?? d.part.title)
        : d.part.title;
    const part = t.language === "zh" ? chineseNumeral(d.part.number) : d.part.number;
    return say(t, "partLine", { part, partTitle });
  }

  private quoted(t: Texts, d: Direction): string {
    const c = colon(t);
    return `${say(t, "suggestionLabel")}${c}${d.suggestion}\n\n${say(t, "policyLabel")}${c}${d.policyBasis}`;
  }

  private card(t: Texts, d: Direction): string {
    return `${say(t, "directionCard", { ...this.vars(d), part: this.partLine(t, d) })}\n\n${this.quoted(t, d)}`;
  }

  private topic(t: Texts, matches: Match[]): { sections: string[]; cited: Direction[] } {
    const [best, second] = matches as [Match, Match | undefined];
    const d = best.direction;
    const sections = [
      `${say(t, "bestMatch", this.vars(d))}\n${this.partLine(t, d)}` +
        (best.matched.length > 0
          ? `\n${say(t, "whyMatched", { terms: best.matched.slice(0, 4).join(t.language === "en" ? '", "' : "」「") })}`
          : ""),
      this.quoted(t, d),
    ];
    const cited = [d];
    if (second && second.score >= best.score * CLOSE_RUNNER_UP) {
      const other = second.direction;
      cited.push(other);
      sections.push(
        `${say(t, "runnerUp", this.vars(other))}\n${say(t, "difference", {
          a: d.id,
          b: other.id,
          focusA: this.focus(t, d),
          focusB: this.focus(t, other),
        })}`,
      );
    }
    return { sections, cited };
  }

  private compareItem(t: Texts, d: Direction): string {
    return `${say(t, "compareItem", { ...this.vars(d), focus: this.focus(t, d) })}\n${this.quoted(t, d)}`;
  }

  private documentList(d: Direction): string {
    return d.documents.map(documentName).join("、");
  }

  private policy(t: Texts, d: Direction): string {
    const documents = this.documentList(d);
    return [
      say(t, "policyIntro", this.vars(d)),
      `${say(t, "policyLabel")}${colon(t)}${d.policyBasis}`,
      documents ? `${say(t, "documentsLabel")}${colon(t)}${documents}` : "",
    ]
      .filter(Boolean)
      .join("\n");
  }

  /** The directions the documents index says cite any of these documents, in table order. */
  private citing(keys: string[]): Direction[] {
    const ids = new Set(
      this.edition.documents.filter((e) => keys.includes(e.document.key)).flatMap((e) => e.citedBy),
    );
    return this.edition.table.directions.filter((d) => ids.has(d.id));
  }

  private recommendation(t: Texts, retrieval: Retrieval): string[] {
    const r = retrieval.recommendation;
    const d = r && this.edition.table.directions.find((x) => x.id === r.id);
    if (!r || !d) return [];
    const terms = r.terms.join(t.language === "en" ? '", "' : "」「");
    return [say(t, "recommend", { ...this.vars(d), terms, other: r.other })];
  }

  private citedBy(
    t: Texts,
    keys: string[],
    cited: Direction[],
    intro: "citedByIntro" | "notCitedByIntro" = "citedByIntro",
  ): string {
    const names = this.edition.documents
      .filter((e) => keys.includes(e.document.key))
      .map((e) => documentName(e.document))
      .join("、");
    const items = cited.map((d) => say(t, "citedByItem", { ...this.vars(d), basis: d.policyBasis }));
    return [say(t, intro, { documents: names, count: cited.length }), ...items].join("\n");
  }

  private overview(t: Texts, directions: Direction[]): string {
    const lines: string[] = [];
    let part = -1;
    for (const d of directions) {
      if (d.part.number !== part) {
        part = d.part.number;
        lines.push(`\n**${this.partLine(t, d)}**`);
      }
      lines.push(
        `- ${say(t, "directionLine", this.vars(d))} [${t.language === "en" ? "Direction" : "方向"}${d.id}]`,
      );
    }
    return lines.join("\n").trim();
  }

  private tips(t: Texts, d: Direction): string {
    const c = checklist(d);
    return [
      say(t, "tipsIntro", this.vars(d)),
      say(t, "tipsScope", { scope: c.scope }),
      c.focus.length > 0 ? `${say(t, "tipsFocus")}\n${c.focus.map((f) => `- [ ] ${f}`).join("\n")}` : "",
      `${say(t, "tipsOutputs")}\n${c.outputs.map((o) => `- [ ] ${o}`).join("\n")}`,
      say(t, "tipsPolicy", { basis: d.policyBasis }),
    ]
      .filter(Boolean)
      .join("\n\n");
  }
}

/** A question about the proposal itself, not about writing in general (a poem, code). */
const PROPOSAL = /申报|申请书|建议书|项目书|proposal|application/i;

function colon(t: Texts): string {
  return t.language === "en" ? ": " : "：";
}
