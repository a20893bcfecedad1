import type { Answer } from "../answer/types.ts";

/** How many of the latest unmatched questions /stats shows. */
const RECENT_UNMATCHED = 5;

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
}

/**
 * Usage counters for /stats, per UTC day, in memory (one process; they start again at a restart).
 * Model tokens are not counted here: the assistant's token budget already knows them.
 */
export class Stats {
  private day = "";
  private readonly usersToday = new Set<number>();
  private readonly usersEver = new Set<number>();
  private questions = 0;
  private unmatched = 0;
  private recent: string[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Someone used the bot. */
  seen(userId: number): void {
    this.roll();
    this.usersToday.add(userId);
    this.usersEver.add(userId);
  }

  /** A question was answered (free text, a group mention, /tips). */
  answered(answer: Answer): void {
    this.roll();
    this.questions++;
    if (answer.directions.length === 0) {
      this.unmatched++;
      this.recent = [...this.recent, answer.question.replace(/\s+/g, " ").slice(0, 80)].slice(
        -RECENT_UNMATCHED,
      );
    }
  }

  snapshot(): StatsSnapshot {
    this.roll();
    return {
      date: this.day,
      users: this.usersToday.size,
      usersTotal: this.usersEver.size,
      questions: this.questions,
      unmatched: this.unmatched,
      recentUnmatched: [...this.recent],
    };
  }

  private roll(): void {
    const day = this.clock().toISOString().slice(0, 10);
    if (day === this.day) return;
    this.day = day;
    this.usersToday.clear();
    this.questions = 0;
    this.unmatched = 0;
    this.recent = [];
  }
}
