/** Where per-user limits count, outside the process (Redis, shared by instances) or in it. */
export interface QuestionCounter {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
  /** Milliseconds left in the key's window, to tell a user when to ask again. */
  pttl?(key: string): Promise<number>;
}

/** The window RATE_LIMIT_PER_MINUTE counts questions in. */
export const QUESTION_WINDOW_MS = 60_000;

/** Counters in the process, for one instance (Redis shares them across instances). */
export class MemoryCounter implements QuestionCounter {
  private readonly counts = new Map<string, { hits: number; resetAt: number }>();

  async incr(key: string): Promise<number> {
    const now = Date.now();
    const entry = this.counts.get(key);
    if (!entry || entry.resetAt <= now) {
      this.counts.set(key, { hits: 1, resetAt: Number.POSITIVE_INFINITY });
      if (this.counts.size > 50_000)
        for (const [k, e] of this.counts) if (e.resetAt <= now) this.counts.delete(k);
      return 1;
    }
    return ++entry.hits;
  }

  async pexpire(key: string, milliseconds: number): Promise<number> {
    const entry = this.counts.get(key);
    if (!entry) return 0;
    entry.resetAt = Date.now() + milliseconds;
    return 1;
  }

  async pttl(key: string): Promise<number> {
    const entry = this.counts.get(key);
    return entry ? Math.max(0, entry.resetAt - Date.now()) : -2;
  }
}
