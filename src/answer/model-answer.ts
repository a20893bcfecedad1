import { CitationFilter, citedIds } from "./citations.ts";
import { type ClaimKind, FactGuard, type Grounding, type Removal } from "./fact-guard.ts";
import { type ChatMessage, type ChatModel, ModelError } from "./llm.ts";
import { MarkdownTidy } from "./markdown.ts";
import type { AnswerStatus, Language, TokenUsage } from "./types.ts";

/** Where the model's text goes: shown text, and the "thinking" status of a reasoning model. */
export interface ModelSink {
  push(text: string): void;
  status(status: AnswerStatus): void;
}

export interface ModelRequest {
  model: ChatModel;
  messages: ChatMessage[];
  language: Language;
  /** Directions given to the model in full: their citations keep their tag. */
  given: number[];
  /** Whether a direction number exists in the table (a catalogue mention). */
  exists: (id: number) => boolean;
  grounding: Grounding;
  /** Claim kinds the question asked for, and the notice for each (the table does not say it). */
  asked: ReadonlySet<ClaimKind>;
  notice: (kind: ClaimKind) => string;
  signal?: AbortSignal;
}

/** How one model call ended, and what of it the user saw. */
export interface ModelOutcome {
  /** "wrong-language": nothing was shown; the caller may ask again or let the table answer. */
  ending: "complete" | "cut-off" | "failed" | "wrong-language";
  /** The text shown, after the fact guard, citations and tidying. */
  shown: string;
  /** What the model wrote (for token estimates). */
  written: string;
  usage?: TokenUsage;
  error?: ModelError;
  removals: Removal[];
  /** Existing directions the answer cited that were not given (now plain mentions), in order. */
  mentioned: number[];
  /** Given directions the answer cited, in order. */
  cited: number[];
}

/** A Chinese answer needs a few Han characters in its first this-many characters. */
const LANGUAGE_PROBE = 48;

/** Whether the opening of an answer is in another language than the one asked for. */
export function wrongLanguage(opening: string, language: Language): boolean {
  if (language !== "zh") return false;
  const han = opening.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = opening.match(/[A-Za-z]/g)?.length ?? 0;
  return han === 0 && latin >= 20;
}

/**
 * Runs one streamed model answer through what makes it safe to show: a language check on its
 * opening, the fact guard (sentence by sentence), citation filtering and Markdown tidying. Never
 * throws: a failure midway ends with what was shown.
 */
export async function runModel(request: ModelRequest, sink: ModelSink): Promise<ModelOutcome> {
  const { language } = request;
  const label = (id: number) => (language === "en" ? `[Direction ${id}]` : `[方向${id}]`);
  const mention = (id: number) =>
    request.exists(id) ? (language === "en" ? `Direction ${id}` : `方向${id}`) : undefined;
  const given = new Set(request.given);
  const guard = new FactGuard(request.grounding, { asked: request.asked, notice: request.notice });
  const citations = new CitationFilter(given, label, mention);
  const tidy = new MarkdownTidy(language);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  request.signal?.addEventListener("abort", onAbort, { once: true });

  let written = "";
  let deltas = 0;
  let shown = "";
  let opened = false;
  let writing = false;
  const cited: number[] = [];
  const mentioned: number[] = [];
  const show = (text: string) => {
    if (!text) return;
    for (const id of citedIds(text)) {
      const list = given.has(id) ? cited : request.exists(id) ? mentioned : undefined;
      if (list && !list.includes(id)) list.push(id);
    }
    const out = tidy.push(citations.push(text));
    shown += out;
    sink.push(out);
  };
  const finish = () => {
    show(guard.flush());
    const rest = tidy.push(citations.flush()) + tidy.flush();
    shown += rest;
    sink.push(rest);
    // Directions named from the catalogue without a tag ("可再看方向8") are sources too.
    for (const m of shown.matchAll(/(?:方向|Direction )\s*(\d{1,2})(?!\d)/g)) {
      const id = Number(m[1]);
      if (request.exists(id) && !given.has(id) && !mentioned.includes(id)) mentioned.push(id);
    }
  };
  const outcome = (ending: ModelOutcome["ending"], extra: Partial<ModelOutcome> = {}): ModelOutcome => ({
    ending,
    shown,
    written,
    removals: guard.removals,
    mentioned,
    cited,
    ...extra,
  });

  const stream = request.model.stream(request.messages, controller.signal);
  try {
    for (let next = await stream.next(); ; next = await stream.next()) {
      if (next.done) {
        if (!opened && wrongLanguage(written, language)) return outcome("wrong-language", { shown: "" });
        if (!opened) show(guard.push(written));
        opened = true;
        finish();
        const cut = next.value.finishReason === "length";
        return outcome(cut ? "cut-off" : "complete", next.value.usage ? { usage: next.value.usage } : {});
      }
      const delta = next.value;
      if (delta.kind === "reasoning") {
        if (!writing) sink.status("thinking");
        continue;
      }
      if (!writing) {
        writing = true;
        sink.status("writing");
      }
      written += delta.text;
      // Deltas of a token or two make `written` a rope of one 32-byte node each (~7 KB per answer while
      // it streams, times every answer in flight); reading a character flattens it in place.
      if (++deltas % 32 === 0) written.charCodeAt(0);
      // The opening is held until it shows the answer's language.
      if (!opened) {
        // Chinese text opens the answer at once; only a Latin opening waits to be judged.
        if (!/\p{Script=Han}/u.test(written) && Array.from(written).length < LANGUAGE_PROBE) continue;
        if (wrongLanguage(written, language)) {
          controller.abort();
          return outcome("wrong-language", { shown: "" });
        }
        opened = true;
        show(guard.push(written));
        continue;
      }
      show(guard.push(delta.text));
    }
  } catch (error) {
    const failure = error instanceof ModelError ? error : new ModelError("malformed");
    if (opened) finish();
    else if (written && !wrongLanguage(written, language)) {
      show(guard.push(written));
      finish();
    }
    return outcome("failed", { error: failure });
  } finally {
    request.signal?.removeEventListener("abort", onAbort);
    // An answer left early (wrong language) still runs the model call's clean-up (its timers).
    await stream.return({}).catch(() => {});
  }
}
