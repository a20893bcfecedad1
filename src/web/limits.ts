import { createHash, timingSafeEqual } from "node:crypto";
import type { QuestionCounter } from "../ports/question-counter.ts";

/** The window question limits count in, as the bot's (QUESTION_WINDOW_MS). */
const WINDOW_MS = 60_000;

/**
 * Questions per key per minute for the web chat and the API, in the bot's question counters (Redis
 * when configured, so the limit holds across instances) or, without them, in the process.
 */
export class QuestionLimiter {
  private readonly local = new Map<string, { hits: number; resetAt: number }>();

  constructor(
    private readonly counter?: QuestionCounter,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts a question; true when it is within `limit`. A counter store that fails lets the question through. */
  async allow(key: string, limit: number): Promise<boolean> {
    if (this.counter) {
      const name = `questions:${key}`;
      const hits = await this.counter.incr(name).catch(() => 0);
      if (hits === 1) await this.counter.pexpire(name, WINDOW_MS).catch(() => 0);
      return hits <= limit;
    }
    const now = this.clock();
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { hits: 0, resetAt: now + WINDOW_MS };
      this.local.set(key, entry);
    }
    entry.hits++;
    if (this.local.size > 10_000) this.prune(now);
    return entry.hits <= limit;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.local) if (entry.resetAt <= now) this.local.delete(key);
  }
}

/** A short, stable name for a secret key: what limits, budgets and logs see instead of the key. */
export function keyId(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/** Whether `given` is one of `keys`, compared in constant time. */
export function matchKey(given: string | undefined, keys: readonly string[]): string | undefined {
  if (!given) return undefined;
  const digest = createHash("sha256").update(given).digest();
  return keys.find((key) => timingSafeEqual(digest, createHash("sha256").update(key).digest()));
}
