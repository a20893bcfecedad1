import type { Direction, Edition } from "../corpus/types.ts";
import type { AnswerKey } from "../i18n.ts";
import { say, type Texts } from "../i18n.ts";
import type { Retrieval } from "../search/retrieve.ts";
import type { ClaimKind, Grounding } from "./fact-guard.ts";
import type { Language } from "./types.ts";

/** More rows than this, and a compared direction is given without its 申报建议 (the prompt stays small). */
const FULL_ROWS_UP_TO = 4;

/**
 * Whether a question lists directions (which directions cite X, an overview, 7 vs 8 vs 9…): the model
 * then needs every row it lists, not the best three.
 */
export function isListQuestion(retrieval: Retrieval): boolean {
  const u = retrieval.understanding;
  const pinned = u.directionRefs.length > 0 || u.partRefs.length > 0;
  if (retrieval.matches.length <= 1) return false;
  return (
    u.intent === "overview" ||
    (u.documents.length > 0 && !pinned && u.intent !== "tips") ||
    (pinned && retrieval.matches.length > 3)
  );
}

/** The catalogue: every direction with the team's one-line focus, so the model can redirect. */
export function catalogueText(edition: Edition, language: Language): string {
  return edition.table.directions
    .map((d) => {
      const focus = edition.companion.directions.get(d.id)?.focus[language];
      return `${d.id} ${d.title}${focus ? `｜${focus}` : ""}`;
    })
    .join("\n");
}

/**
 * The rows given in full. A list question of many rows gets each row's title, part and 政策指引 (what
 * "which directions cite X" and an overview need), without the longer 申报建议.
 */
export function directionsText(
  edition: Edition,
  given: Direction[],
  language: Language,
  list: boolean,
): string {
  if (given.length === 0) return "（检索没有找到明确对应的方向：请依据 <catalogue> 判断，用“方向N”提及。）";
  const compact = list && given.length > FULL_ROWS_UP_TO;
  return given
    .map((d) => {
      const en = edition.companion.directions.get(d.id)?.titleEn;
      return [
        `[方向${d.id}] ${d.title}${language === "en" && en ? ` (${en})` : ""}`,
        `第${d.part.number}部分：${d.part.title}`,
        ...(compact ? [] : [`申报建议：${d.suggestion}`]),
        `政策指引：${d.policyBasis}`,
      ].join("\n");
    })
    .join("\n\n");
}

/**
 * What a model answer may state as fact: the rows given, the table's title and parts, every direction's
 * title, and the documents index (with the companion's short names).
 */
export function answerGrounding(edition: Edition, given: Direction[]): Grounding {
  const { table, companion } = edition;
  return {
    texts: [
      table.title,
      ...table.parts.map((p) => p.title),
      ...table.directions.map((d) => d.title),
      ...given.flatMap((d) => [d.suggestion, d.policyBasis]),
    ],
    documents: [
      table.title,
      ...table.directions.map((d) => d.title),
      ...edition.documents.map((e) => e.document.title),
      ...[...companion.documents].flatMap(([key, aliases]) => [key, ...aliases.aliases]),
    ],
  };
}

const NOTICE_KEYS: Record<ClaimKind, AnswerKey> = {
  date: "factDate",
  money: "factMoney",
  count: "factCount",
  percent: "factPercent",
  document: "factDocument",
};

/** The line shown where a claim the user asked about was removed: the table does not say; see MIIT. */
export function factNotice(texts: Texts, kind: ClaimKind): string {
  return say(texts, NOTICE_KEYS[kind]);
}
