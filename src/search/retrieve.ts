import type { Direction, Edition, PolicyDocument } from "../corpus/types.ts";
import { asksForAllDocuments, documentReferences, unknownDocument } from "./documents.ts";
import {
  askAfterScene,
  asksAboutProgramme,
  asksForAService,
  asksOfTheStudy,
  asksOnlyWhetherOneMayApply,
  asksWhichDirection,
  comparesAsMethod,
  comparesExplicitly,
  detectIntents,
  type Intent,
  SPEAKS_OF_A_STUDY,
  withoutOutputs,
} from "./intent.ts";
import { focusStart, withoutNegated } from "./negation.ts";
import { normalize } from "./normalize.ts";
import { asksElsewhere, DirectionIndex, type Match } from "./orama-index.ts";
import { directionReferences, partReferences } from "./references.ts";
import { bareNumber, circledReferences, structureReferences } from "./structure.ts";

export type Language = "zh" | "en";

/** What the question asks, before any search: references, intent, language. */
export interface Understanding {
  question: string;
  normalized: string;
  language: Language;
  intent: Intent;
  intents: Set<Intent>;
  /** Direction numbers named that exist, in the order named. */
  directionRefs: number[];
  /** Direction numbers named that the table does not have (方向11). */
  unknownRefs: number[];
  partRefs: number[];
  documents: PolicyDocument[];
  /** The question asks which directions do not cite its documents ("哪些方向没有提到十五五规划"). */
  notCiting: boolean;
  /** The question without the words that name its documents: what it asks about them. */
  residual: string;
  /**
   * Corpus words the question means but misspells or types as pinyin (新能源骑车 → 新能源汽车, gf → 光伏);
   * looked for only when the question's own words are no evidence.
   */
  corrections: string[];
  /** The text searched: the normalized question, without the outputs a plan promises, plus corrections. */
  searchText: string;
  /** A question about the programme itself (deadline, funding, eligibility, templates) the table does not answer. */
  programme: boolean;
}

/**
 * Why no direction answers: nothing asked, nothing about the table, a number or a document the table lacks,
 * a question for all the table's documents, an attempt to steer the assistant, or the programme itself.
 */
export type OutOfScopeReason =
  | "empty"
  | "unrelated"
  | "unknown-direction"
  | "unknown-document"
  | "all-documents"
  | "steering"
  | "not-in-table";

/** The directions that answer a question, best first, or why there are none. */
export interface Retrieval {
  understanding: Understanding;
  matches: Match[];
  outOfScope?: OutOfScopeReason;
  /** The best two share every keyword the question names (锂电池: 4 and 7; SEP: 9 and 10): show both. */
  ambiguous?: { ids: number[]; terms: string[] };
  /**
   * Of the directions a question names to choose between ("报9还是10？我们做…"), the one its stated
   * topic fits, and the table words that say so.
   */
  recommendation?: { id: number; other: number; terms: string[] };
  /** The document a question asks about that no row cites, as the question writes it. */
  unknownDocument?: string;
}

/** Attempts to steer the assistant rather than ask it something: never answered with a direction. */
const INJECTION =
  /忽略(?:以上|之前|前面|上述|所有|你的)|无视(?:以上|之前|所有)|系统提示|提示词|api\s*(?:密钥|key)|ignore (?:all |the |your )?(?:previous|above|prior) (?:instructions|prompts?)|system prompt|api key|jailbreak|developer mode/;

/** Words that offer a side of 还是 as a choice (是/属于/归 …, … 那块/方向): not part of the direction's name. */
const OPTION_LEAD =
  /^(?:(?:这|这个|它|那|那么|所以)?(?:应该|该|是|算|属于|归|报|选|投|放|放在|挂|挂在|走)+)?(?:研究|做|搞|关于)?/;
const OPTION_TAIL =
  /(?:那块|这块|那一块|这一块|那个|这个|那部分|这部分|部分|板块|方向|那类|这类|那项|这项|的)+$/;
/** A side that only points at an option ("单独那个", "专门的那个", "另一个"). */
const VAGUE_OPTION = /^(?:单独|专门|另外|另|其他|别的|独立)(?:的)?(?:那|这)?(?:一)?(?:个|条|项|方向)?$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The text without a direction's number ("方向7", "第7个", but not the 7 of 337), and with `label`, the
 * words after it that label it too ("第7个光伏专利池那个方向").
 */
function withoutReference(text: string, id: number, label = false): string {
  const tail = label ? "\\s*(?:个|号|项)?(?:[^，。,.;；!?！？\\s]{0,10}?(?:那个|那条|这个)?方向)?" : "";
  return text.replace(new RegExp(`(?<!\\d)(?:方向|第)?\\s*${id}(?!\\d)${tail}`, "g"), " ");
}

/** A side of 还是 without the words that offer it as a choice: the option's label. */
function optionLabel(side: string): string {
  return side.replace(OPTION_LEAD, "").replace(OPTION_TAIL, "").trim();
}

/** One side of 还是: the rows it can mean, the words that name it, and whether they are a short name. */
interface Option {
  ids: number[];
  name: string;
  short: boolean;
}

/** How far below the best a side's second match must score for the side to name the best alone. */
const LABEL_MARGIN = 0.6;

/**
 * A word of mentioning inside the table's text: 政策指引里提到了…, 申报建议中写有…, 原文出现…; or asked of
 * the directions themselves: 哪些方向提到了…, 提到…的是哪些方向.
 */
const MENTION =
  /(?:(?:政策指引|指引|政策依据|依据|政策说明|政策部分|政策|申报建议|建议|原文|表格?)(?:里|中|上|内)?(?:面|头)?(?:有|都)?(?:提到|提及|写了|写到|写有|写着|包含|含有|出现|说到|讲到|谈到|涉及)|(?:^|哪些方向|哪几个方向|哪个方向|哪一个方向)(?:里|中)?(?:都|有)?(?:提到|提及|写到|写了|说到|讲到|谈到))(?:了|过)?(\p{Script=Han}{3,20})/u;

/** Words right before or after a document's name that ask for the directions not citing it. */
const NOT_CITING_BEFORE =
  /(?:没有|没|未|不|并未|从未|从没)(?:被)?(?:提到|提及|提|引用|援引|涉及|写到|写|出现|依据)(?:过|了)?[\s"“”‘’'《「『]*$|(?:do not|does not|don't|doesn't|not|never) (?:cite|cites|mention|mentions|refer to|refers to|draw on)\s*(?:the )?["“‘']*$/;
const NOT_CITING_AFTER =
  /^\s*(?:的)?(?:没有|没|未|不|并未)(?:被)?(?:哪些|哪几个|哪个)?(?:方向)?(?:提到|提及|引用|援引|涉及)|^\s*(?:is|are) not (?:cited|mentioned)/;

/** The minimum keyword weight (idf) for a question to count as being about the table. */
const MIN_EVIDENCE = 0.9;
/** A question this short is read for homophone typos even where its other words are evidence. */
const SHORT_QUESTION = 40;
/** Words that speak of the table's text: beside them, a quoted phrase is a quotation of it. */
const QUOTES_TABLE =
  /提到|提及|写了|写到|写有|写着|字样|原文|措辞|表述|说法|政策指引|申报建议|建议表|表里|表中|哪些方向|哪几个方向/;
/** A runner-up within this fraction of the best score is shown beside it. */
export const CLOSE_RUNNER_UP = 0.75;

export function detectLanguage(text: string): Language {
  return /\p{Script=Han}/u.test(text) || !/[a-z]/i.test(text) ? "zh" : "en";
}

/**
 * Finds the directions a question is about. Explicit references win (方向3, 第二部分, a policy document's
 * name); otherwise the index ranks directions and a question with no specific keyword of the table is
 * out of scope, so weather, recipes and "ignore your instructions" get no direction at all.
 */
export class Retriever {
  readonly index: DirectionIndex;
  /** Each row's title, suggestion and policy basis, normalized, for phrases a question quotes. */
  private rowTexts?: (readonly [number, string])[];
  /** Each direction's short name, normalized (see shortName). */
  private shortNames?: Map<number, string>;
  /** Each direction's title, normalized. */
  private titles?: Map<number, string>;
  /** Each direction's short name said as a direction ("SEP诉讼方向"), by id. */
  private asDirection?: Map<number, RegExp>;
  /** Each direction's policy basis, normalized (for 政策依据里提到…). */
  private policyTexts?: (readonly [number, string])[];

  /** A field's pool written without 专利 (国外那些音视频池, 通信池): that field's patent pool. */
  private readonly poolShorthand: RegExp;

  constructor(readonly edition: Edition) {
    this.index = new DirectionIndex(edition);
    // Not a word that makes 电池 with 池 (锂电池, 动力电池): that 池 is the battery's.
    const fields = [...edition.companion.industries]
      .map((w) => normalize(w, undefined, true))
      .filter((w) => !w.endsWith("电"))
      .sort((a, b) => b.length - a.length);
    this.poolShorthand = new RegExp(`(${fields.map(escapeRegExp).join("|")})池(?!子|化)`, "g");
  }

  get directions(): Direction[] {
    return this.edition.table.directions;
  }

  /** Builds the pinyin spellings now (~150 ms) rather than in the middle of the first question that needs them. */
  prepare(): void {
    this.index.vocabulary.prepare();
  }

  direction(id: number): Direction | undefined {
    return this.directions.find((d) => d.id === id);
  }

  /** Directions named outright (方向3, a part, a document): all equally relevant, in the given order. */
  pinned(ids: number[]): Match[] {
    return ids.flatMap((id) => {
      const direction = this.direction(id);
      return direction ? [{ direction, score: 1, matched: [] }] : [];
    });
  }

  understand(question: string): Understanding {
    const normalized = normalize(question, this.edition.companion.synonyms)
      .replace(/\s+/g, " ")
      .trim()
      .replace(this.poolShorthand, "$1专利池");
    const { primary, all } = detectIntents(normalized);
    // 第陆个, 方向叁: financial numerals, read as numbers only where a number is expected.
    // 二选一 chooses; it names no direction 2.
    const numbered = normalized
      .replace(/[二两三]选一/g, " ")
      .replace(
        /(第|方向|序号)\s*([壹贰叁肆伍陆柒捌玖拾]{1,2})/g,
        (_m, lead: string, n: string) =>
          lead +
          n.replace(
            /[壹贰叁肆伍陆柒捌玖拾]/g,
            (c) => "一二三四五六七八九十"["壹贰叁肆伍陆柒捌玖拾".indexOf(c)] ?? c,
          ),
      );
    const structural = structureReferences(numbered, this.edition.table);
    const bare = bareNumber(normalized);
    const refs = [
      ...circledReferences(question),
      ...(structural ?? directionReferences(numbered, all.has("compare"))),
      ...(bare !== undefined ? [bare] : []),
      ...this.namedAsDirection(normalized),
    ].filter((n, i, list) => list.indexOf(n) === i);
    // A document named in the background before what the plan really studies is motivation, not a
    // look-up; and only what it studies can name one (a 纲要 before it makes no 人工智能 after it a title).
    const focus = focusStart(normalized);
    // Words of a document no row cites (人工智能 of 《新一代人工智能发展规划》) name no table document: in a
    // look-up, not in a plan that quotes its own report's title.
    const unknown =
      normalized.length <= 80 ? unknownDocument(normalized, this.edition, true)?.toLowerCase() : undefined;
    const references = documentReferences(normalized.slice(focus), this.edition, all.has("policy")).filter(
      (r) => unknown === undefined || !r.partial || !r.named.every((w) => unknown.includes(w.toLowerCase())),
    );
    const documents = references.map((r) => r.document);
    if (documents.length > 0) all.add("policy");
    const named = references.flatMap((r) => r.named).filter((n) => n.trim());
    const notCiting = named.some((n) => {
      const at = normalized.indexOf(n);
      return (
        at >= 0 &&
        (NOT_CITING_BEFORE.test(normalized.slice(0, at)) ||
          NOT_CITING_AFTER.test(normalized.slice(at + n.length)))
      );
    });
    let residual = normalized;
    for (const named of references.flatMap((r) => r.named).sort((a, b) => b.length - a.length)) {
      residual = residual.replaceAll(named, " ");
    }
    // What the plan promises and what it sets aside ("不是国内建池") are not its topic, unless they are all it says.
    const plan = withoutOutputs(normalized);
    const asserted = withoutNegated(plan);
    return {
      question,
      normalized,
      corrections: [],
      searchText: asserted !== plan && this.index.evidence(asserted) >= MIN_EVIDENCE ? asserted : plan,
      programme: asksAboutProgramme(normalized),
      language: detectLanguage(question),
      intent: primary === "topic" && documents.length > 0 ? "policy" : primary,
      intents: all,
      directionRefs: refs.filter((n) => this.direction(n)),
      unknownRefs: refs.filter((n) => !this.direction(n)),
      partRefs: partReferences(normalized).filter((p) =>
        this.edition.table.parts.some((part) => part.number === p),
      ),
      documents,
      notCiting,
      residual,
    };
  }

  retrieve(question: string): Retrieval {
    const understanding = this.understand(question);
    if (understanding.normalized === "") return { understanding, matches: [], outOfScope: "empty" };
    if (INJECTION.test(understanding.normalized))
      return { understanding, matches: [], outOfScope: "steering" };

    if (understanding.directionRefs.length > 0) {
      const refs = understanding.directionRefs;
      const recommendation =
        refs.length >= 2
          ? this.recommend(understanding)
          : asksWhichDirection(understanding.normalized)
            ? this.instead(understanding)
            : undefined;
      // The one the stated topic fits first; the others as named.
      const ordered = recommendation
        ? [recommendation.id, ...refs.filter((n) => n !== recommendation.id)]
        : refs;
      return { understanding, matches: this.pinned(ordered), ...(recommendation ? { recommendation } : {}) };
    }
    if (understanding.partRefs.length > 0) {
      const ids = this.directions
        .filter((d) => understanding.partRefs.includes(d.part.number))
        .map((d) => d.id);
      return { understanding, matches: this.pinned(ids) };
    }

    // Translate this, write that, what a lawyer costs: a service, whatever table words it quotes.
    if (asksForAService(understanding.normalized))
      return { understanding, matches: [], outOfScope: "unrelated" };
    // Who the asker is first (我们是做光伏组件出口的…), then an ask of its own that no direction is about
    // (海外仓选在汉堡还是杜伊斯堡): the ask decides, not the scene's table words.
    const ask = understanding.programme ? undefined : askAfterScene(understanding.normalized);
    // The ask is a sentence of the normalized question: normalized already.
    if (ask && !asksOfTheStudy(ask) && this.index.evidence(ask) < MIN_EVIDENCE)
      return { understanding, matches: [], outOfScope: "unrelated" };

    // A quoted phrase the table's own text contains ("政策指引里写了“部重点工作”的"): the rows that say it.
    const asked = understanding.question;
    // Unless it asks for something no direction is about (“新三样”的龙头股), or for the rows that do not
    // cite a document it quotes (没有引用“十五五”规划纲要).
    const quoting =
      asksElsewhere(understanding.normalized.toLowerCase()) || understanding.notCiting
        ? []
        : this.quoting(asked.slice(focusStart(asked.toLowerCase())));
    if (quoting.length > 0 && quoting.length < this.directions.length)
      return { understanding, matches: this.pinned(quoting) };

    if (understanding.unknownRefs.length > 0)
      return { understanding, matches: [], outOfScope: "unknown-direction" };

    if (understanding.documents.length === 0) {
      // "《反不正当竞争法》是哪个方向的政策依据？": no row cites it, and the table says so. Not where the
      // question's words already name a table document, however loosely.
      const unknown = unknownDocument(understanding.normalized, this.edition);
      if (unknown)
        return { understanding, matches: [], outOfScope: "unknown-document", unknownDocument: unknown };
      // "表中引用了哪些政策文件？" naming no row and no topic: every document, with the rows citing it.
      if (
        asksForAllDocuments(understanding.normalized) &&
        this.index.evidence(understanding.normalized) < MIN_EVIDENCE
      )
        return { understanding, matches: [], outOfScope: "all-documents" };
    }
    // A document named beside an ask no direction is about (十五五里的概念股) is no question about it.
    if (understanding.documents.length > 0 && !asksElsewhere(understanding.normalized.toLowerCase())) {
      const { matches, specific } = this.citing(understanding);
      if (specific || this.index.evidence(understanding.residual) < MIN_EVIDENCE)
        return { understanding, matches };
    }
    // Only from what the question asserts: 不是国内的专利池 writes no 国内专利池 with a word inside.
    const gapped = this.index.gapped(
      understanding.searchText.replace(/\s+/g, ""),
      SPEAKS_OF_A_STUDY.test(understanding.normalized.toLowerCase()),
    );
    if (gapped.length > 0) understanding.searchText = [understanding.searchText, ...gapped].join(" ");
    let text = understanding.searchText;
    let evidence = this.index.evidence(text);
    // Only where the question's own words do not reach the table: what it may have mistyped.
    if (evidence < MIN_EVIDENCE) {
      const corrections = [
        ...this.index.vocabulary.corrections(understanding.normalized),
        ...this.index.partial(understanding.searchText),
      ];
      if (corrections.length > 0) {
        understanding.corrections = corrections;
        text = understanding.searchText = [text, ...corrections].join(" ");
        evidence = this.index.evidence(text);
        // A question typed wholly in pinyin ("jushen zhineng") says what its reading says typed alone.
        if (this.index.vocabulary.typedInPinyin(understanding.normalized))
          evidence = Math.max(evidence, this.index.evidence(corrections.join(" ")));
      }
    }
    // A problem word mistyped beside others typed right (专利迟 beside 光伏): read as meant as well, in a
    // short question, where one word weighs; a long plan's many right words decide without it.
    else if (understanding.normalized.length <= SHORT_QUESTION) {
      // And pinyin beside a Latin keyword ("SEP susong yingdui"): the keyword alone is evidence.
      const han = /\p{Script=Han}/u.test(understanding.normalized);
      const misheard = han
        ? this.index.vocabulary.misheard(understanding.normalized)
        : new Map<string, string>();
      const typos = han
        ? [...new Set(misheard.values())]
        : this.index.vocabulary.corrections(understanding.normalized);
      if (typos.length > 0) {
        understanding.corrections = typos;
        // Searched as typed right (标准必要专利诉讼应对), so the words beside the typo are read as they are
        // meant (诉讼应对, not 专利诉讼 across the mistyped word's edge).
        let respelled = text;
        for (const [window, word] of misheard) respelled = respelled.replaceAll(window, word);
        text = understanding.searchText = [respelled, ...typos].join(" ");
      }
    }
    // "这种能申报吗" after a topic the table covers asks whether the topic fits, not who may apply.
    if (
      understanding.programme &&
      evidence >= MIN_EVIDENCE &&
      asksOnlyWhetherOneMayApply(understanding.normalized)
    )
      understanding.programme = false;
    if (understanding.intents.has("overview") && evidence < MIN_EVIDENCE && !understanding.programme) {
      return { understanding, matches: this.pinned(this.directions.map((d) => d.id)) };
    }
    if (evidence < MIN_EVIDENCE)
      return {
        understanding,
        matches: [],
        outOfScope: understanding.programme ? "not-in-table" : "unrelated",
      };
    // "…，是报低空经济还是未来产业？": two directions offered by their names. The names label the options;
    // the topic chooses between them, and they come first.
    const offered = this.offered(understanding, text);
    if (offered) return offered;
    const matches = this.index.search(text);
    const sides = this.sides(understanding);
    if (sides) {
      const top = matches[0]?.score ?? 1;
      const rest = matches.filter((m) => !sides.some((s) => s.direction.id === m.direction.id));
      return { understanding, matches: [...sides.map((s) => ({ ...s, score: top })), ...rest] };
    }
    const ambiguous = this.ambiguity(matches, text);
    if (ambiguous) {
      const first = matches[0] as Match;
      const second = matches.find((m) => m.direction.id === ambiguous.ids[1]) as Match;
      second.score = Math.max(second.score, first.score * CLOSE_RUNNER_UP);
      matches.sort((a, b) => b.score - a.score);
      return { understanding, matches, ambiguous };
    }
    return { understanding, matches };
  }

  /**
   * Two directions offered as options (see namedOptions), ordered by the topic, which is the text without
   * the options' names; undefined when there are none or the topic alone is no evidence.
   */
  private offered(understanding: Understanding, text: string): Retrieval | undefined {
    const options = this.namedOptions(understanding.normalized);
    if (!options) return undefined;
    // The names where the options are offered, their last occurrence: the same words earlier are the
    // topic ("想建一个专利池…，是人工智能方向还是专利池方向"). Elsewhere too where the name points at the
    // row ("在未来产业那条的政策里"), and everywhere for a short name, which names the row wherever said.
    let topic = text;
    for (const { name, short } of options) {
      const at = topic.lastIndexOf(name);
      if (at >= 0) topic = `${topic.slice(0, at)} ${topic.slice(at + name.length)}`;
      topic = short
        ? topic.replaceAll(name, " ")
        : topic.replace(
            new RegExp(`${escapeRegExp(name)}(?=那条|那个|这个|方向|那块|那部分|那一项)`, "g"),
            " ",
          );
    }
    if (this.index.evidence(topic) < MIN_EVIDENCE) return undefined;
    const found = this.index.search(topic);
    // Of the rows a side can mean, the one the topic fits best; "…报未来产业那个还是单独那个": the other
    // option is the row the topic fits best.
    const rank = (id: number) => {
      const at = found.findIndex((m) => m.direction.id === id);
      return at < 0 ? found.length : at;
    };
    const ids: number[] = [];
    for (const { ids: choice } of options) {
      const pick = [...choice].sort((x, y) => rank(x) - rank(y)).find((id) => !ids.includes(id));
      if (pick !== undefined) ids.push(pick);
    }
    if (options.length === 1) {
      const other = found.find((m) => !ids.includes(m.direction.id));
      if (other) ids.push(other.direction.id);
    }
    const first = ids
      .map(
        (id) => found.find((m) => m.direction.id === id) ?? { ...(this.pinned([id])[0] as Match), score: 0 },
      )
      .sort((a, b) => b.score - a.score);
    const top = Math.max(found[0]?.score ?? 1, first[0]?.score ?? 0);
    return {
      understanding,
      matches: [
        ...first.map((m, i) => ({ ...m, score: i === 0 ? top : Math.max(m.score, top * CLOSE_RUNNER_UP) })),
        ...found.filter((m) => !ids.includes(m.direction.id)),
      ],
    };
  }

  /**
   * A direction referred to by its short name as a direction, in a question asking whether it fits
   * ("能报新三样那个方向吗"): the name labels the row, the rest of the question is the topic.
   */
  private namedAsDirection(normalized: string): number[] {
    if (!asksWhichDirection(normalized)) return [];
    this.asDirection ??= new Map(
      this.directions.flatMap((d) => {
        const name = this.shortName(d.id);
        return name.length >= 2
          ? [[d.id, new RegExp(`${escapeRegExp(name)}(?:的)?(?:那个|这个|那条)?方向`)] as const]
          : [];
      }),
    );
    return [...this.asDirection].filter(([, pattern]) => pattern.test(normalized)).map(([id]) => id);
  }

  /** A direction's short name (低空经济, 国内专利池) as questions are normalized, or "" when it has none. */
  private shortName(id: number): string {
    this.shortNames ??= new Map(
      this.directions.map((d) => {
        const zh = this.edition.companion.directions.get(d.id)?.short?.zh;
        return [d.id, zh ? normalize(zh, this.edition.companion.synonyms, true) : ""] as const;
      }),
    );
    return this.shortNames.get(id) ?? "";
  }

  /**
   * The options either side of 还是, each a direction's short name or its own words ("低空经济还是未来产业",
   * "海外专利池那块还是SEP治理那块"): the rows each side can mean and the words that name it. One option
   * alone when the other side only points at one ("还是单独那个"); undefined when a side names none.
   */
  private namedOptions(normalized: string): Option[] | undefined {
    // Two options only: "出海风险、SEP诉讼还是海外专利池" offers three.
    const m = /([^，。,.;；!?！？、\s]{2,16})\s*还是\s*([^，。,.;；!?！？、\s]{2,16})/.exec(normalized);
    if (!m || normalized[m.index - 1] === "、") return undefined;
    const options: Option[] = [];
    // A run-on clause ("那研究人形机器人专利是报未来产业那个"): the option begins after its last 是报/归/选.
    const left = /(?:是|报|选|归|属于|放在)([^是报选归]{2,})$/.exec(m[1] ?? "")?.[1] ?? m[1] ?? "";
    for (const side of [left, m[2] ?? ""]) {
      const named = this.directions.flatMap((d) => {
        const name = this.shortName(d.id);
        return name.length >= 2 && side.includes(name) ? [{ id: d.id, name }] : [];
      });
      const one =
        named.length === 1 && named[0]
          ? this.withTitleWords(named[0], side)
          : named.length === 0
            ? this.labelled(side)
            : undefined;
      if (one) options.push(one);
      else if (!VAGUE_OPTION.test(optionLabel(side))) return undefined;
    }
    // One side named, the other only pointed at ("单独那个"): the topic is to find the other.
    if (options.length === 1) return options;
    const [a, b] = options.map((o) => o.ids);
    return a && b && !(a.length === 1 && b.length === 1 && a[0] === b[0]) ? options : undefined;
  }

  /**
   * A short name with the words of the direction's title beside it (新兴领域 of 新兴领域SEP布局): the
   * whole label is the option's name, not a topic. Other words beside it (锂电池 of 锂电池国内专利池) are.
   */
  private withTitleWords(named: { id: number; name: string }, side: string): Option {
    const label = optionLabel(side);
    const rest = label.replace(named.name, " ");
    const words = this.index.tokenizer.queryTokens(rest);
    const title = this.titleText(named.id);
    const whole = words.length > 0 && label.length <= 12 && words.every((w) => title.includes(w));
    return whole
      ? { ids: [named.id], name: label, short: false }
      : { ids: [named.id], name: named.name, short: true };
  }

  private titleText(id: number): string {
    this.titles ??= new Map(
      this.directions.map((d) => [d.id, normalize(d.title, this.edition.companion.synonyms, true)] as const),
    );
    return this.titles.get(id) ?? "";
  }

  /**
   * A direction named by its own words rather than its short name ("海外专利池那块", "全球SEP治理",
   * "新兴领域SEP布局方向"): the rows the side, without the words that frame it as an option, can mean —
   * the rows that say all its words (SEP治理: 9 says both, 1 only 治理, 10 only SEP; 专利池那个: 7, 8 or
   * 10, for the topic to choose), or the best match, scoring well above the next.
   */
  private labelled(side: string): Option | undefined {
    const name = optionLabel(side);
    if (name.length < 2 || name.length > 12 || this.index.evidence(name) < MIN_EVIDENCE) return undefined;
    const words = this.index.tokenizer.queryTokens(name);
    const saying = this.directions.filter((d) => words.every((w) => this.index.rowSays(d.id, w)));
    if (saying.length >= 1 && saying.length <= 3) return { ids: saying.map((d) => d.id), name, short: false };
    const [first, second] = this.index.search(name);
    if (!first || first.matched.length === 0) return undefined;
    if (second && second.score > first.score * LABEL_MARGIN) return undefined;
    return { ids: [first.direction.id], name, short: false };
  }

  /**
   * A comparison of directions named by their words ("SEP治理诉讼和SEP前瞻布局怎么区分"): each side
   * searched alone, and the best direction of each, when every side has evidence and they differ.
   */
  private sides(understanding: Understanding): Match[] | undefined {
    if (!comparesExplicitly(understanding.normalized) || comparesAsMethod(understanding.normalized))
      return undefined;
    const parts = understanding.searchText
      .split(/和|与|跟|同|以及|还是|、|\bvs\.?|\bversus\b|\band\b|\bor\b/)
      .map((p) => p.trim())
      .filter((p) => p.length >= 2);
    if (parts.length < 2 || parts.length > 4) return undefined;
    const best: Match[] = [];
    for (const part of parts) {
      const [first] = this.index.evidence(part) >= MIN_EVIDENCE ? this.index.search(part) : [];
      if (!first) return undefined;
      if (!best.some((b) => b.direction.id === first.direction.id)) best.push(first);
    }
    return best.length >= 2 ? best : undefined;
  }

  /**
   * Directions whose table text contains a phrase the question quotes (“…”, 「…」, "…"), or names
   * unquoted after a word of mentioning in the table's text ("政策指引里提到了部重点工作的方向"): the
   * longest run of three or more characters after it that some rows say.
   */
  private quoting(question: string): number[] {
    const ids = new Set<number>();
    this.rowTexts ??= this.directions.map(
      (d) => [d.id, normalize(`${d.title} ${d.suggestion} ${d.policyBasis}`, undefined, true)] as const,
    );
    const rows = this.rowTexts;
    const saying = (phrase: string) => rows.filter(([, row]) => row.includes(phrase)).map(([id]) => id);
    // In a plan, quotation marks set off the plan's own words (核心能力被“复制”), not the table's: a
    // quoted phrase names rows only in a short question or one that speaks of the table's text.
    const quotes =
      question.length <= SHORT_QUESTION || QUOTES_TABLE.test(question)
        ? question.matchAll(/[“「『"']([^”」』"']{2,40})[”」』"']/g)
        : [];
    for (const m of quotes) {
      const phrase = normalize(m[1] ?? "", this.edition.companion.synonyms).trim();
      if (phrase.length < 2) continue;
      for (const id of saying(phrase)) ids.add(id);
    }
    if (ids.size > 0) return [...ids];
    const mention = MENTION.exec(normalize(question, undefined, true).replace(/\s+/g, ""));
    // Up to where the question turns to asking (…的是哪些方向, …的方向有哪些): 的 there is the question's.
    const after = (mention?.[1] ?? "").replace(/的(?:是|有|方向|都|呢|吗|哪).*$/u, "");
    // "政策依据涉及标准必要专利的": said in the policy basis, not anywhere in the row (4's suggestion).
    this.policyTexts ??= this.directions.map(
      (d) => [d.id, normalize(d.policyBasis, undefined, true)] as const,
    );
    const inPolicy = /^(?:政策|指引|依据)/.test(mention?.[0] ?? "");
    const within = (phrase: string) => {
      const found = saying(phrase);
      if (!inPolicy) return found;
      const policy = new Set(this.policyTexts?.filter(([, t]) => t.includes(phrase)).map(([id]) => id));
      return policy.size > 0 ? found.filter((id) => policy.has(id)) : found;
    };
    for (let len = Math.min(after.length, 20); len >= 3; len--) {
      const found = within(after.slice(0, len));
      if (found.length === 0) continue;
      // Several rows say it (部重点工作涉及: 2 and 5): the words the question goes on to name tell them apart.
      const words = after
        .slice(len)
        .split(/[、，,和与及或的是哪个方向有吗呢？?]+/)
        .filter((w) => w.length >= 2);
      const row = (id: number) => rows.find(([r]) => r === id)?.[1] ?? "";
      const narrowed = found.filter((id) =>
        words.some((w) => row(id).includes(w) && !found.every((o) => row(o).includes(w))),
      );
      return narrowed.length > 0 ? narrowed : found;
    }
    return [];
  }

  /**
   * Two directions the question cannot tell apart: every keyword it names for the best is also a word
   * of the runner-up's row (title, suggestion or keywords), and it names nothing the runner-up lacks.
   */
  private ambiguity(matches: Match[], text: string): Retrieval["ambiguous"] {
    const [first] = matches;
    if (!first || first.matched.length === 0) return undefined;
    const others = this.directions.filter(
      (d) => d.id !== first.direction.id && first.matched.every((term) => this.index.rowSays(d.id, term)),
    );
    const [other] = others;
    if (!other || others.length > 1) return undefined;
    // Another table word of the question that one row says or lists and the other does not (出海 beside
    // 光伏: 4, not 7; litigation beside SEP: 9, not 10) tells them apart.
    const named = this.index.namedWords(text);
    const says = (id: number, t: string) => this.index.rowSaysOrLists(id, t);
    if (named.some((t) => says(first.direction.id, t) !== says(other.id, t))) return undefined;
    // Nothing else the question names tells them apart: the runner-up's own words are not matched either.
    const second = matches.find((m) => m.direction.id === other.id);
    if (second?.matched.some((term) => !this.index.rowSays(first.direction.id, term))) return undefined;
    if (!second) matches.push({ direction: other, score: 0, matched: first.matched });
    return { ids: [first.direction.id, other.id], terms: first.matched.slice(0, 3) };
  }

  /**
   * One direction named beside a topic, and the question asks which to choose ("科研人员出国交流造成的技术
   * 泄密，和方向4里的…有区别吗？应该报哪个"): the direction the topic fits, when it is another one whose
   * row says words of the topic the named one's does not.
   */
  private instead(understanding: Understanding): Retrieval["recommendation"] {
    const [named] = understanding.directionRefs;
    if (named === undefined) return undefined;
    // The reference with the words that label it ("第7个光伏专利池那个方向", "新三样那个方向").
    let rest = withoutReference(understanding.searchText, named, true);
    rest = rest.replaceAll(this.shortName(named) || "\u0000", " ");
    // Searched as a question is: with the phrases it writes with a word inside (海外音视频专利池).
    rest = [rest, ...this.index.gapped(rest.replace(/\s+/g, ""))].join(" ");
    if (this.index.evidence(rest) < MIN_EVIDENCE) return undefined;
    const ranked = this.index.search(rest);
    const [best] = ranked;
    if (!best || best.direction.id === named || best.matched.length === 0) return undefined;
    // Words of the topic the named row does not say (337调查 beside 光伏: 4, not 7) decide, however close
    // the named row's score.
    const distinct = best.matched.filter((t) => !this.index.rowSays(named, t));
    if (distinct.length === 0) return undefined;
    return { id: best.direction.id, other: named, terms: distinct.slice(0, 3) };
  }

  /** Which of the named directions the rest of the question fits, when its words tell them apart. */
  private recommend(understanding: Understanding): Retrieval["recommendation"] {
    let rest = understanding.searchText;
    for (const n of understanding.directionRefs) rest = withoutReference(rest, n);
    // Nor do the options' names, when the question says every one of them ("人形机器人不也算未来产业吗？…
    // 2还是5"): they label. One name alone ("只做锂电池的国内专利池，4还是7") is the topic.
    const names = understanding.directionRefs.map((n) => this.shortName(n));
    if (names.every((name) => name.length >= 2 && rest.includes(name)))
      for (const name of names) rest = rest.replaceAll(name, " ");
    if (this.index.evidence(rest) < MIN_EVIDENCE) return undefined;
    const ranked = this.index
      .search(rest)
      .filter((m) => understanding.directionRefs.includes(m.direction.id));
    const [best, other] = ranked;
    if (!best) return undefined;
    // Its keywords the question names, or else the table's words it names that the row says (6G and
    // 专利池: 10, which says both, though neither is one of its keywords).
    const terms =
      best.matched.length > 0
        ? best.matched
        : this.index
            .namedWords(rest)
            .filter((t) => this.index.rowSaysOrLists(best.direction.id, t))
            .map((t) => this.index.display(t));
    if (terms.length === 0) return undefined;
    const otherId = other?.direction.id ?? understanding.directionRefs.find((n) => n !== best.direction.id);
    if (otherId === undefined) return undefined;
    const distinct = terms.filter((t) => !this.index.rowSays(otherId, t));
    if (distinct.length === 0 && other && other.score >= best.score * CLOSE_RUNNER_UP) return undefined;
    return {
      id: best.direction.id,
      other: otherId,
      terms: (distinct.length > 0 ? distinct : terms).slice(0, 3),
    };
  }

  /**
   * The directions citing the documents a question names, in table order. When the question also says
   * what about the document ("十五五里关于产业安全的要求"), only the directions whose basis says it are kept.
   */
  private citing(understanding: Understanding): { matches: Match[]; specific: boolean } {
    const keys = new Set(understanding.documents.map((d) => d.key));
    if (understanding.notCiting) {
      const others = this.directions.filter((d) => !d.documents.some((doc) => keys.has(doc.key)));
      return { matches: others.map((direction) => ({ direction, score: 1, matched: [] })), specific: true };
    }
    const citing = this.directions.filter((d) => d.documents.some((doc) => keys.has(doc.key)));
    const asked = new Set(this.index.tokenizer.queryTokens(understanding.residual));
    const overlap = (d: Direction) => {
      const basis = new Set(this.index.tokenizer.tokenize(d.policyBasis));
      return [...asked].filter((t) => basis.has(t) && this.index.policyIdf(t) > 0.5).length;
    };
    const scored = citing.map((direction) => ({ direction, score: overlap(direction), matched: [] }));
    const best = Math.max(0, ...scored.map((s) => s.score));
    return best >= 3
      ? { matches: scored.filter((s) => s.score >= best * 0.6), specific: true }
      : { matches: scored.map((s) => ({ ...s, score: 1 })), specific: false };
  }
}
