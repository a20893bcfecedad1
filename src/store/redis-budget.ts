import type { Redis } from "ioredis";
import { type TokenBudget, utcDay } from "../ports/token-budget.ts";

/** A day's counters outlive the day a little, whatever the instances' clocks say, then go. */
const DAY_KEY_TTL_SECONDS = 2 * 24 * 3600;

/**
 * The daily token budget in Redis, shared by every instance: a user cannot spend the budget once per
 * instance. Each spend is one MULTI (INCRBY and EXPIRE together), so concurrent answers on several
 * instances add up exactly and no counter is ever left without its expiry.
 */
export class RedisTokenBudget implements TokenBudget {
  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async remaining(userId: string): Promise<number> {
    if (this.limit <= 0) return Number.POSITIVE_INFINITY;
    const spent = Number((await this.redis.get(this.userKey(userId))) ?? 0);
    return Math.max(0, this.limit - spent);
  }

  async spend(userId: string, tokens: number): Promise<void> {
    if (tokens <= 0) return;
    const results = await this.redis
      .multi()
      .incrby(this.userKey(userId), tokens)
      .expire(this.userKey(userId), DAY_KEY_TTL_SECONDS)
      .incrby(this.totalKey(), tokens)
      .expire(this.totalKey(), DAY_KEY_TTL_SECONDS)
      .exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  async spentToday(): Promise<number> {
    return Number((await this.redis.get(this.totalKey())) ?? 0);
  }

  private day(): string {
    return utcDay(this.clock());
  }

  private userKey(userId: string): string {
    return `budget:${this.day()}:user:${userId}`;
  }

  private totalKey(): string {
    return `budget:${this.day()}:total`;
  }
}
