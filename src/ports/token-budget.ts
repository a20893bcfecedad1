/** Model tokens spent per user per day; the store behind it can be swapped (Redis in production). */
export interface TokenBudget {
  /** Tokens this user has left today; Infinity when there is no limit. */
  remaining(userId: string): Promise<number>;
  spend(userId: string, tokens: number): Promise<void>;
  /** Tokens spent today by everyone, for /stats. */
  spentToday(): Promise<number>;
}

/** The UTC day a count belongs to, YYYY-MM-DD: budgets and /stats reset at UTC midnight. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** An in-memory budget, reset at UTC midnight. */
export class MemoryTokenBudget implements TokenBudget {
  private day = "";
  private readonly spent = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private roll(): void {
    const d = utcDay(this.clock());
    if (d !== this.day) {
      this.day = d;
      this.spent.clear();
    }
  }

  async remaining(userId: string): Promise<number> {
    if (this.limit <= 0) return Number.POSITIVE_INFINITY;
    this.roll();
    return Math.max(0, this.limit - (this.spent.get(userId) ?? 0));
  }

  async spend(userId: string, tokens: number): Promise<void> {
    this.roll();
    this.spent.set(userId, (this.spent.get(userId) ?? 0) + tokens);
  }

  async spentToday(): Promise<number> {
    this.roll();
    return [...this.spent.values()].reduce((a, b) => a + b, 0);
  }
}
