/**
 * A draft review as text: the full Markdown report (a file the applicant keeps), the short message a
 * chat shows, and the few lines a conversation keeps for follow-ups (no draft text in those).
 */
import type { Language } from "../answer/types.ts";
import type { Edition } from "../corpus/types.ts";
import type { DraftText } from "./read.ts";
import type { CoverageItem, CoveragePart, DraftReview } from "./review.ts";

export type DraftTexts = Record<Language, Record<string, string>>;

/** What a review was made from and how: the read, and the model's section when one wrote it. */
export interface ReviewContext {
  fileName: string;
  draft: Omit<DraftText, "text"> & { chars: number };
  maxChars: number;
  /** The model's "how to improve" section, already through the fact guard. */
  narrative?: string;
}

function sayer(texts: DraftTexts, language: Language) {
  return (key: string, values: Record<string, string | number> = {}) => {
    const template = texts[language][key];
    if (template === undefined) throw new Error(`unknown draft text key "${key}"`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

const quote = (s: string, max = 120) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The members worth showing: of a choice (量子科技…或脑机接口…), only the alternatives the draft took up,
 * when it took up any; a 6G draft is not told that quantum computing is missing.
 */
function chosenParts(parts: CoveragePart[]): CoveragePart[] {
  const taken = new Set(
    parts.filter((p) => p.choice !== undefined && p.status !== "missing").map((p) => p.choice),
  );
  return taken.size === 0 ? parts : parts.filter((p) => p.choice === undefined || taken.has(p.choice));
}

function coverageLine(t: ReturnType<typeof sayer>, c: CoverageItem, withEvidence: boolean): string {
  const line = `- ${t(c.status)}｜${t(c.kind)}：${c.text}`;
  if (!withEvidence) return line;
  const out = [line];
  // The members, when they differ: which of 光伏、锂电池、新能源汽车 the draft covers.
  const parts = chosenParts(c.parts ?? []);
  if (new Set(parts.map((p) => p.status)).size > 1) {
    const mark = (s: string) => t(s).split(" ")[0];
    out.push(`  ${t("members", { members: parts.map((p) => `${p.text} ${mark(p.status)}`).join("、") })}`);
  }
  if (c.evidence) out.push(`  ${t("evidence", { sentence: quote(c.evidence) })}`);
  return out.join("\n");
}

/** The fit, or, when the evidence is weak, that no direction fits well and which row is closest. */
function fitLine(t: ReturnType<typeof sayer>, review: DraftReview): string {
  if (review.weak) return t("fitWeak", { id: review.fit.id, title: review.fit.title });
  return (
    t("fit", { id: review.fit.id, title: review.fit.title }) +
    (review.close && review.runnerUp ? t("fitClose", { runnerUp: review.runnerUp.id }) : "")
  );
}

function counts(review: DraftReview) {
  const n = (s: string) => review.coverage.filter((c) => c.status === s).length;
  return { covered: n("covered"), partly: n("partly"), missing: n("missing") };
}

/** The numbered points of a review: the model's bullet lines when it wrote them, the table's otherwise. */
export function reviewPoints(review: DraftReview, narrative?: string): string[] {
  if (narrative) {
    const bullets = narrative
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^(?:\d+[.、)]|[-*•])\s*/.test(l))
      .map((l) => l.replace(/^(?:\d+[.、)]|[-*•])\s*/, ""));
    if (bullets.length > 0) return bullets;
  }
  return review.suggestions.map((s) => s.text);
}

/** The full report, Markdown. */
export function reviewMarkdown(
  review: DraftReview,
  context: ReviewContext,
  edition: Edition,
  texts: DraftTexts,
  language: Language,
): string {
  const t = sayer(texts, language);
  const { draft } = context;
  const lines: string[] = [`# ${t("title", { file: context.fileName })}`, ""];
  lines.push(
    t("read", {
      format: t(`fmt_${draft.format}`),
      chars: draft.chars,
      pages: draft.pages ? t("pages", { pages: draft.pages }) : "",
      truncated: draft.truncated ? t("truncated", { max: context.maxChars }) : "",
    }),
    "",
  );
  lines.push(fitLine(t, review));
  if (review.fit.evidence.length > 0) {
    lines.push(t("fitEvidence"));
    for (const e of review.fit.evidence) lines.push(`> ${quote(e.sentence, 200)}`);
  }
  if (review.runnerUp)
    lines.push("", t("runnerUp", { id: review.runnerUp.id, title: review.runnerUp.title }));
  lines.push("", t("coverageHeading", { id: review.fit.id }));
  for (const c of review.coverage) lines.push(coverageLine(t, c, true));
  if (review.policy.length > 0) {
    lines.push("", t("policyHeading"));
    for (const p of review.policy)
      lines.push(`- ${t(p.cited ? "policyCited" : "policyMissing", { title: p.title })}`);
  }
  if (context.narrative) {
    lines.push("", t("modelHeading"), context.narrative.trim());
  } else {
    lines.push("", t("suggestionsHeading"));
    lines.push(...review.suggestions.map((s, i) => `${i + 1}. ${s.text}`));
  }
  lines.push("", t("footer", { edition: edition.table.title, id: review.fit.id }));
  return lines.join("\n");
}

/** The chat message: the fit, coverage without quotes, the points; the file carries the evidence. */
export function reviewMessage(
  review: DraftReview,
  context: ReviewContext,
  edition: Edition,
  texts: DraftTexts,
  language: Language,
  reportFile: string,
): string {
  const t = sayer(texts, language);
  const lines: string[] = [fitLine(t, review)];
  const first = review.fit.evidence[0];
  if (first) lines.push(`${t("fitEvidence")}「${quote(first.sentence, 80)}」`);
  if (review.runnerUp) lines.push(t("runnerUp", { id: review.runnerUp.id, title: review.runnerUp.title }));
  lines.push("", `${t("coverageHeading", { id: review.fit.id })}（${t("summaryCounts", counts(review))}）`);
  for (const c of review.coverage) lines.push(coverageLine(t, c, false));
  if (review.policy.length > 0) {
    lines.push("", t("policyHeading"));
    for (const p of review.policy)
      lines.push(`- ${t(p.cited ? "policyCited" : "policyMissing", { title: p.title })}`);
  }
  lines.push("", context.narrative ? t("modelHeading") : t("suggestionsHeading"));
  lines.push(...reviewPoints(review, context.narrative).map((p, i) => `${i + 1}. ${p}`));
  lines.push(
    "",
    t("fileNote", { file: reportFile }),
    t("footer", { edition: edition.table.title, id: review.fit.id }),
  );
  return lines.join("\n");
}

/** Marks the turn a review leaves in a conversation, so a follow-up knows it refers to one. */
export const REVIEW_TURN = "【申报书审阅】";

/**
 * What the conversation keeps of a review: the direction, the counts and the numbered points, which
 * are the row's words and advice, never the draft's sentences.
 */
export function reviewSummary(
  review: DraftReview,
  texts: DraftTexts,
  language: Language,
  narrative?: string,
): string {
  const t = sayer(texts, language);
  const points = reviewPoints(review, narrative).map((p, i) => `${i + 1}. ${quote(p, 140)}`);
  return [`${REVIEW_TURN}[方向${review.fit.id}] ${t("summaryCounts", counts(review))}`, ...points].join("\n");
}
