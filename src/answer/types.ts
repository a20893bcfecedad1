import type { Language, OutOfScopeReason } from "../search/retrieve.ts";

/** The reply languages: one type, defined where questions are first read (src/search). */
export type { Language };

/** One earlier exchange of a conversation, as the assistant needs it for follow-ups. */
export interface Turn {
  question: string;
  /** The answer's text as shown (may be shortened when stored). */
  answer: string;
  /** The directions that answer cited, best first. */
  directions: number[];
}

export interface AskOptions {
  /** Earlier turns, oldest first. */
  history?: Turn[];
  /** Who asks: the key for the daily model budget. */
  userId?: string;
  /** Language to answer in when the question does not tell (e.g. a Telegram user's language). */
  preferredLanguage?: Language;
  /** Language to answer in whatever the question's script: for questions an adapter phrased itself. */
  language?: Language;
  signal?: AbortSignal;
}

export interface TokenUsage {
  prompt: number;
  completion: number;
  /** True when the API gave no usage and the counts are estimates. */
  estimated: boolean;
}

/** A finished answer: the contract of `ask --json` and what adapters render. */
export interface Answer {
  question: string;
  language: Language;
  /** "llm" when the model's text is shown, "extractive" when the table's own answer is. */
  mode: "llm" | "extractive";
  /** Directions retrieved, best first; empty when out of scope. */
  directions: { id: number; title: string; score: number }[];
  /** Directions the answer cites (after dropping citations of directions that do not exist). */
  citations: number[];
  /** The whole text as shown, sources footer included. */
  text: string;
  /** One short line when the model could not be used (unavailable, budget). */
  notice?: string;
  outOfScope?: OutOfScopeReason;
  usage?: TokenUsage;
  /** Claims the fact guard removed from a model answer (dates, amounts… the table does not state). */
  removedClaims?: number;
  /** How a model answer ended when it did not end normally: cut at the length limit, or broken off. */
  ending?: "cut-off" | "interrupted";
}

/**
 * What the assistant is doing before text arrives: "reading" the directions it found (the model has
 * been asked, nothing written yet), a reasoning model "thinking", then "writing".
 */
export type AnswerStatus = "reading" | "thinking" | "writing";

/** An answer as it is generated: iterate for text deltas; `answer` resolves when it is complete. */
export interface AnswerStream extends AsyncIterable<string> {
  readonly answer: Promise<Answer>;
  /**
   * Calls `listener` when the status changes: "reading" with the directions given to the model as
   * soon as it is asked, "thinking" while a reasoning model thinks (nothing to show yet: adapters show
   * a status), "writing" when its text starts.
   */
  onStatus?(listener: (status: AnswerStatus, directions: readonly number[]) => void): void;
}
