/**
 * One draft, end to end, for every adapter: read it, review it against the table, let the model write
 * the "how to improve" section when one is configured and allowed, render the report and the message.
 * The draft's text lives only inside `review()`; logs get sizes and outcomes, never content.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Assistant } from "../answer/assistant.ts";
import { FactGuard } from "../answer/fact-guard.ts";
import { answerGrounding } from "../answer/model-context.ts";
import type { Language, Turn } from "../answer/types.ts";
import { parseChineseNumber } from "../corpus/numerals.ts";
import type { Direction } from "../corpus/types.ts";
import { readStringPair } from "../i18n.ts";
import { dropUnsupportedFacts } from "./guard.ts";
import { DEFAULT_LIMITS, DraftReadError, type DraftText, type ReadLimits, readDraft } from "./read.ts";
import {
  type DraftTexts,
  REVIEW_TURN,
  type ReviewContext,
  reviewMarkdown,
  reviewMessage,
  reviewPoints,
  reviewSummary,
} from "./render.ts";
import { type DraftReview, reviewDraft, rowItems } from "./review.ts";

/** Model input: at most this many characters of the draft (the opening, where the substance is). */
const MAX_DRAFT_TO_MODEL = 6_000;
/** Pasted text at least this long, in lines or characters, reads as a draft rather than a question. */
const PASTED_MIN_CHARS = 300;
const PASTED_MIN_LINES = 5;
const ASKS_FOR_REVIEW =
  /帮我看看|看一下|看看这份|审阅|评审|点评|修改意见|申报书|草稿|初稿|提纲|review (?:my|this)|my draft/i;

export interface DraftReviewerOptions {
  /** When false, drafts never reach the model: the review is the table's alone. */
  draftsToModel: boolean;
  localesDir: string;
  promptsDir: string;
  limits?: Partial<ReadLimits>;
}

/** A finished review with everything adapters show; `json` is the `ask --json --file` contract. */
export interface ReviewOutcome {
  ok: true;
  review: DraftReview;
  mode: "table" | "llm";
  narrative?: string;
  markdown: string;
  message: string;
  reportFile: string;
  /** What a conversation keeps of it (no draft text). */
  turn: Turn;
  json: Record<string, unknown>;
}

export interface ReviewFailure {
  ok: false;
  reason: DraftReadError["reason"] | "download";
  message: string;
}

export type Stage = "reading" | "analyzing";

export class DraftReviewer {
  readonly texts: DraftTexts;
  private readonly prompt: string;
  readonly limits: ReadLimits;

  constructor(
    private readonly assistant: Assistant,
    private readonly options: DraftReviewerOptions,
  ) {
    this.texts = readStringPair(options.localesDir, "draft.");
    this.prompt = readFileSync(join(options.promptsDir, "draft-review.md"), "utf8");
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /** Whether drafts are given to the model (a model is configured and DRAFTS_TO_MODEL allows it). */
  get toModel(): boolean {
    return this.options.draftsToModel && this.assistant.hasModel;
  }

  /** A pasted message that is a draft: long, several lines, or short with "帮我看看这份申报书". */
  static looksLikeDraft(text: string): boolean {
    const chars = text.replace(/\s/g, "").length;
    const lines = text.split("\n").filter((l) => l.trim()).length;
    if (chars >= PASTED_MIN_CHARS && (lines >= 3 || chars >= 600)) return true;
    return ASKS_FOR_REVIEW.test(text) && lines >= PASTED_MIN_LINES && chars >= 120;
  }

  /** The text of a refusal, for a read that failed (or a download, reason "download"). */
  failure(reason: ReviewFailure["reason"], language: Language): ReviewFailure {
    const key = reason === "download" ? "err_download" : `err_${reason}`;
    const template = this.texts[language][key] ?? this.texts[language].err_broken ?? "";
    const message = template
      .replace("{maxMb}", String(Math.round(this.limits.maxBytes / 1024 / 1024)))
      .replace("{maxPages}", String(this.limits.maxPages));
    return { ok: false, reason, message };
  }

  /** A progress line ("正在读取…"). */
  progress(stage: Stage, language: Language, fileName: string): string {
    return (this.texts[language][stage] ?? "").replace("{file}", fileName);
  }

  /** Reviews a file's bytes. */
  async reviewFile(
    bytes: Uint8Array,
    fileName: string,
    options: {
      language?: Language;
      mimeType?: string;
      userId?: string;
      onStage?: (s: Stage) => unknown;
    } = {},
  ): Promise<ReviewOutcome | ReviewFailure> {
    const language = options.language ?? "zh";
    await options.onStage?.("reading");
    let draft: DraftText;
    try {
      draft = await readDraft(bytes, fileName, {
        limits: this.limits,
        ...(options.mimeType ? { mimeType: options.mimeType } : {}),
      });
    } catch (error) {
      const reason = error instanceof DraftReadError ? error.reason : "broken";
      this.assistant.logger.info({ reason, bytes: bytes.length }, "draft not readable");
      return this.failure(reason, language);
    }
    return this.review(draft, fileName, { ...options, language });
  }

  /** Reviews pasted text. */
  reviewText(
    text: string,
    options: { language?: Language; userId?: string; onStage?: (s: Stage) => unknown } = {},
  ): Promise<ReviewOutcome> {
    const clean = text.slice(0, this.limits.maxChars);
    const draft: DraftText = { text: clean, format: "text", truncated: clean.length < text.length };
    return this.review(draft, "pasted.txt", { ...options, language: options.language ?? "zh" });
  }

  private async review(
    draft: DraftText,
    fileName: string,
    options: { language: Language; userId?: string; onStage?: (s: Stage) => unknown },
  ): Promise<ReviewOutcome> {
    const { language } = options;
    await options.onStage?.("analyzing");
    const started = Date.now();
    const edition = this.assistant.edition;
    const review = reviewDraft(draft.text, edition);
    const direction = edition.table.directions.find((d) => d.id === review.fit.id) as Direction;
    const narrative = this.toModel
      ? await this.narrate(review, direction, draft.text, language, options.userId ?? "anonymous")
      : undefined;
    const { text: _text, ...read } = draft;
    const context: ReviewContext = {
      fileName,
      draft: { ...read, chars: draft.text.length },
      maxChars: this.limits.maxChars,
      ...(narrative ? { narrative } : {}),
    };
    const reportFile = `${fileName.replace(/\.[^.]+$/, "") || "draft"}.review.md`;
    const markdown = reviewMarkdown(review, context, edition, this.texts, language);
    const message = reviewMessage(review, context, edition, this.texts, language, reportFile);
    this.assistant.logger.info(
      {
        format: draft.format,
        chars: draft.text.length,
        direction: review.fit.id,
        mode: narrative ? "llm" : "table",
        ms: Date.now() - started,
      },
      "draft reviewed",
    );
    const summary = reviewSummary(review, this.texts, language, narrative);
    return {
      ok: true,
      review,
      mode: narrative ? "llm" : "table",
      ...(narrative ? { narrative } : {}),
      markdown,
      message,
      reportFile,
      turn: { question: `${REVIEW_TURN}${fileName}`, answer: summary, directions: [review.fit.id] },
      json: {
        file: fileName,
        format: draft.format,
        chars: draft.text.length,
        ...(draft.pages ? { pages: draft.pages } : {}),
        truncated: draft.truncated,
        mode: narrative ? "llm" : "table",
        direction: { id: review.fit.id, title: review.fit.title, score: review.fit.score },
        evidence: review.fit.evidence,
        ...(review.runnerUp
          ? {
              runnerUp: {
                id: review.runnerUp.id,
                title: review.runnerUp.title,
                score: review.runnerUp.score,
              },
            }
          : {}),
        close: review.close,
        weak: review.weak,
        coverage: review.coverage,
        policy: review.policy,
        suggestions: review.suggestions,
        points: reviewPoints(review, narrative),
        ...(narrative ? { narrative } : {}),
      },
    };
  }

  /**
   * The model's "how to improve" section, through the guard; undefined when the model fails or is over
   * budget, and the table's own suggestions stand.
   */
  private async narrate(
    review: DraftReview,
    direction: Direction,
    text: string,
    language: Language,
    userId: string,
  ): Promise<string | undefined> {
    const model = this.assistant.model;
    if (!model) return undefined;
    const logger = this.assistant.logger;
    const remaining = await this.assistant.budget.remaining(userId).catch(() => Number.POSITIVE_INFINITY);
    if (remaining <= 0) return undefined;
    const row = [
      `[方向${direction.id}] ${direction.title}`,
      `申报建议：${direction.suggestion}`,
      `政策指引：${direction.policyBasis}`,
    ].join("\n");
    const checked = [
      ...review.coverage.map(
        (c) => `${c.status}｜${c.kind}｜${c.text}${c.evidence ? `｜原文：${c.evidence}` : ""}`,
      ),
      ...review.policy.map((p) => `${p.cited ? "cited" : "not cited"}｜政策指引｜${p.title}`),
    ].join("\n");
    const user = this.prompt
      .replace("{edition}", this.assistant.edition.table.title)
      .replace("{language}", language === "en" ? "English" : "简体中文")
      .replace("{row}", row)
      .replace("{checked}", checked)
      .replace("{draft}", text.slice(0, MAX_DRAFT_TO_MODEL).replace(/<\/?\s*draft\s*>/gi, ""));
    const messages = [
      {
        role: "system" as const,
        content:
          "You are 申报助手. Facts about the plan come only from the given row. Never invent a date, deadline, amount or requirement.",
      },
      { role: "user" as const, content: user },
    ];
    let written = "";
    const started = Date.now();
    try {
      const stream = model.stream(messages);
      let usage: { prompt: number; completion: number } | undefined;
      for (let next = await stream.next(); ; next = await stream.next()) {
        if (next.done) {
          usage = next.value.usage;
          break;
        }
        if (next.value.kind === "text") written += next.value.text;
      }
      const spent = usage ? usage.prompt + usage.completion : Math.ceil((user.length + written.length) / 1.5);
      await this.assistant.budget.spend(userId, spent).catch(() => {});
    } catch (error) {
      logger.warn(
        { kind: (error as { kind?: string }).kind ?? "unexpected", ms: Date.now() - started },
        "model review failed; table review stands",
      );
      return undefined;
    }
    // The general guard (dates, amounts, counts, percentages, 《titles》 against the row and the
    // documents index), then the review's own rule for requirements the table never states.
    const guard = new FactGuard(answerGrounding(this.assistant.edition, [direction]), {
      asked: new Set(),
      notice: () => "",
    });
    const grounded = guard.push(written) + guard.flush();
    const guarded = dropUnsupportedFacts(grounded, `${direction.suggestion}${direction.policyBasis}`);
    return guarded.trim() || undefined;
  }

  /**
   * "那第二点怎么改？" after a review: the point, the row sentence it answers and how to change it.
   * Undefined when the question is not about a point of the last review.
   */
  followUp(question: string, history: Turn[], language: Language): string | undefined {
    const last = history.at(-1);
    if (!last?.question.startsWith(REVIEW_TURN)) return undefined;
    const n = pointNumber(question);
    if (n === undefined) return undefined;
    const points = last.answer
      .split("\n")
      .filter((l) => /^\d+\.\s/.test(l))
      .map((l) => l.replace(/^\d+\.\s*/, ""));
    const t = this.texts[language];
    const fill = (key: string, values: Record<string, string | number>) =>
      (t[key] ?? "").replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      );
    const point = points[n - 1];
    if (!point) return fill("pointUnknown", { count: points.length });
    const id = last.directions[0] as number;
    const direction = this.assistant.edition.table.directions.find((d) => d.id === id);
    const lines = [fill("pointAnswer", { n, id, text: point })];
    const item = /「([^」]+)」/.exec(point)?.[1];
    const sentence =
      direction && item
        ? direction.suggestion.split("。").find((s) => s.includes(item.slice(0, 6)))
        : undefined;
    if (sentence && direction) lines.push(fill("pointRow", { id, sentence: `${sentence}。` }));
    else if (direction) {
      const items = rowItems(direction).map((i) => i.text);
      if (items.length > 0) lines.push(fill("pointRow", { id, sentence: items.join("；") }));
    }
    lines.push(fill("pointHow", {}));
    return lines.join("\n\n");
  }
}

/** "第二点", "第2条", "point 2", "#2": the number of the point a follow-up asks about. */
export function pointNumber(question: string): number | undefined {
  const zh = /第\s*([一二两三四五六七八九十]|\d{1,2})\s*(?:点|条|项|个建议|个)/.exec(question)?.[1];
  const en = /\b(?:point|item|suggestion|no\.?)\s*#?(\d{1,2})\b|#(\d{1,2})\b/i.exec(question);
  const raw = zh ?? en?.[1] ?? en?.[2];
  if (!raw) return undefined;
  return parseChineseNumber(raw);
}
