import type { Logger } from "pino";
import type { Answer } from "../answer/types.ts";
import { utcDay } from "./token-budget.ts";

/** How many of the latest unmatched questions /stats shows. */
export const RECENT_UNMATCHED = 5;

export interface StatsSnapshot {
  /** The UTC day the counts are for, YYYY-MM-DD. */
  date: string;
  users: number;
  usersTotal: number;
  questions: number;
  /** Questions that found no direction in the table. */
  unmatched: number;
  /** The latest of them, newest last, shortened: what the table (or its keywords) may be missing. */
  recentUnmatched: string[];
  /** Claims the fact guard removed from model answers (invented dates, amounts, documents…). */
  removedClaims: number;
}

/**
 * Usage counters for /stats, per UTC day. Model tokens are not counted here: the assistant's token
 * budget already knows them. The store behind it can be swapped (Redis, shared by several instances).
 */
export interface UsageStats {
  /** Someone used the bot. */
  seen(userId: number): Promise<void>;
  /** A question was answered (free text, a group mention, /tips). */
  answered(answer: Answer): Promise<void>;
  snapshot(): Promise<StatsSnapshot>;
}

/** The UTC day a count belongs to, YYYY-MM-DD. */
export const statsDay = utcDay;

/** What /stats keeps of an unmatched question: one line, shortened. */
export function unmatchedLine(answer: Answer): string {
  return answer.question.replace(/\s+/g, " ").slice(0, 80);
}

/** Counting is not worth failing an answer for: a counter that could not be written is logged and skipped. */
export async function countUsage(counting: Promise<void>, logger: Logger): Promise<void> {
  await counting.catch((error: Error) => logger.warn({ reason: error.message }, "could not update /stats"));
}

/** The counters in memory: one process, and they start again at a restart. */
export class MemoryStats implements UsageStats {
  private day = "";
  private readonly usersToday = new Set<number>();
  private readonly usersEver = new Set<number>();
  private questions = 0;
  private unmatched = 0;
  private removedClaims = 0;
  private recent: string[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async seen(userId: number): Promise<void> {
    this.roll();
    this.usersToday.add(userId);
    this.usersEver.add(userId);
  }

  async answered(answer: Answer): Promise<void> {
    this.roll();
    this.questions++;
    this.removedClaims += answer.removedClaims ?? 0;
    if (answer.directions.length === 0) {
      this.unmatched++;
      this.recent = [...this.recent, unmatchedLine(answer)].slice(-RECENT_UNMATCHED);
    }
  }

  async snapshot(): Promise<StatsSnapshot> {
    this.roll();
    return {
      date: this.day,
      users: this.usersToday.size,
      usersTotal: this.usersEver.size,
      questions: this.questions,
      unmatched: this.unmatched,
      recentUnmatched: [...this.recent],
      removedClaims: this.removedClaims,
    };
  }

  private roll(): void {
    const day = statsDay(this.clock());
    if (day === this.day) return;
    this.day = day;
    this.usersToday.clear();
    this.questions = 0;
    this.unmatched = 0;
    this.removedClaims = 0;
    this.recent = [];
  }
}
