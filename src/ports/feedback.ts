import { randomBytes } from "node:crypto";
import type { Answer } from "../answer/types.ts";
import type { AnswerChannel } from "../metrics.ts";

/** A reader's verdict on one answer. */
export type Vote = "up" | "down";

/** Answers and votes are kept this long: /unanswered looks back a week. */
export const FEEDBACK_DAYS = 8;
/** The window /feedback and /unanswered report on. */
export const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Characters of a question kept: enough to read what was asked, never a whole pasted document. */
const MAX_QUESTION = 300;

/**
 * One answer as feedback needs it: what was asked, which directions it found, whether the model wrote
 * it. No user id: the operator sees what is missing from the table, not who asked.
 */
export interface AnswerRecord {
  /** Short and random: it travels in Telegram callback data (`v:u:<id>`) and web requests. */
  id: string;
  /** ISO time. */
  at: string;
  channel: AnswerChannel;
  question: string;
  /** The directions retrieved, best first; empty when none matched. */
  directions: number[];
  mode: Answer["mode"];
  /** The model was wanted but could not be used (it failed, or the budget ran out). */
  fallback: boolean;
}

export interface FeedbackEntry extends AnswerRecord {
  vote?: Vote;
}

/**
 * Where answers and their 👍/👎 are kept for a week (files for one instance, Redis for several), the
 * source of /feedback, /unanswered and the admin page.
 */
export interface FeedbackStore {
  answered(record: AnswerRecord): Promise<void>;
  /** A vote on an answer; a later vote replaces an earlier one. A vote for an unknown id is ignored when read. */
  vote(id: string, vote: Vote): Promise<void>;
  /** Answers given since `since`, newest first, each with its vote. */
  since(since: Date): Promise<FeedbackEntry[]>;
}

/** A fresh answer id: 8 URL-safe characters. */
export function newAnswerId(): string {
  return randomBytes(6).toString("base64url");
}

/** What a store keeps of an answer. */
export function answerRecord(
  id: string,
  channel: AnswerChannel,
  answer: Answer,
  now = new Date(),
): AnswerRecord {
  return {
    id,
    at: now.toISOString(),
    channel,
    question: answer.question.replace(/\s+/g, " ").trim().slice(0, MAX_QUESTION),
    directions: answer.directions.map((d) => d.id),
    mode: answer.mode,
    fallback: answer.notice !== undefined,
  };
}

/** An id as newAnswerId makes them; anything else in a callback or request is refused. */
export const ANSWER_ID = /^[A-Za-z0-9_-]{8}$/;

/** Why a question counts as unanswered. */
export type Gap = "unmatched" | "fallback" | "down";

/** Questions asked alike (same words, case, spacing and punctuation aside), with why they count. */
export interface GapGroup {
  /** The latest wording. */
  question: string;
  count: number;
  gaps: Gap[];
  /** Directions they found, if any (a 👎 on a matched answer). */
  directions: number[];
  /** ISO time of the latest. */
  last: string;
}

/**
 * The questions that got no direction, a fallback, or a 👎, grouped, newest group first: what the
 * companion file (or the table's keywords) may be missing.
 */
export function unansweredGroups(entries: FeedbackEntry[]): GapGroup[] {
  const groups = new Map<string, GapGroup>();
  for (const entry of entries) {
    const gaps: Gap[] = [];
    if (entry.directions.length === 0) gaps.push("unmatched");
    if (entry.fallback) gaps.push("fallback");
    if (entry.vote === "down") gaps.push("down");
    if (gaps.length === 0) continue;
    const key = entry.question
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]+/gu, "");
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        question: entry.question,
        count: 1,
        gaps,
        directions: [...entry.directions],
        last: entry.at,
      });
      continue;
    }
    group.count++;
    for (const gap of gaps) if (!group.gaps.includes(gap)) group.gaps.push(gap);
    for (const id of entry.directions) if (!group.directions.includes(id)) group.directions.push(id);
    if (entry.at > group.last) {
      group.last = entry.at;
      group.question = entry.question;
    }
  }
  return [...groups.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
}

/** The week's votes in numbers, and the latest 👎 questions. */
export interface FeedbackSummary {
  answers: number;
  up: number;
  down: number;
  byChannel: Record<string, { answers: number; up: number; down: number }>;
  /** The latest questions voted 👎, newest first. */
  recentDown: { question: string; directions: number[]; mode: Answer["mode"]; at: string }[];
}

export function feedbackSummary(entries: FeedbackEntry[], recent = 10): FeedbackSummary {
  const byChannel: FeedbackSummary["byChannel"] = {};
  let up = 0;
  let down = 0;
  for (const e of entries) {
    const c = byChannel[e.channel] ?? { answers: 0, up: 0, down: 0 };
    byChannel[e.channel] = c;
    c.answers++;
    if (e.vote === "up") {
      up++;
      c.up++;
    }
    if (e.vote === "down") {
      down++;
      c.down++;
    }
  }
  const recentDown = entries
    .filter((e) => e.vote === "down")
    .slice(0, recent)
    .map(({ question, directions, mode, at }) => ({ question, directions, mode, at }));
  return { answers: entries.length, up, down, byChannel, recentDown };
}

/** Newest first by time. */
export function newestFirst(a: { at: string }, b: { at: string }): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : 0;
}

/** Answers MemoryFeedback keeps at most. */
const MEMORY_LIMIT = 10_000;

/** Feedback in memory: one process, lost at a restart (tests, and the bot without stores). */
export class MemoryFeedback implements FeedbackStore {
  private readonly answers = new Map<string, AnswerRecord>();
  private readonly votes = new Map<string, Vote>();

  async answered(record: AnswerRecord): Promise<void> {
    this.answers.set(record.id, record);
    // Bounded: the oldest go first (a Map keeps insertion order).
    for (const id of this.answers.keys()) {
      if (this.answers.size <= MEMORY_LIMIT) break;
      this.answers.delete(id);
      this.votes.delete(id);
    }
  }

  async vote(id: string, vote: Vote): Promise<void> {
    this.votes.set(id, vote);
  }

  async since(since: Date): Promise<FeedbackEntry[]> {
    const from = since.toISOString();
    return [...this.answers.values()]
      .filter((a) => a.at >= from)
      .map((a) => withVote(a, this.votes.get(a.id)))
      .sort(newestFirst);
  }
}

export function withVote(record: AnswerRecord, vote: Vote | undefined): FeedbackEntry {
  return vote ? { ...record, vote } : { ...record };
}
