import type { Redis } from "ioredis";
import type { Answer } from "../answer/types.ts";
import {
  RECENT_UNMATCHED,
  type StatsSnapshot,
  statsDay,
  type UsageStats,
  unmatchedLine,
} from "../ports/usage-stats.ts";

/** A day's counters are kept a day longer than the day, then expire by themselves. */
const DAY_KEY_TTL_SECONDS = 2 * 24 * 3600;

/**
 * The /stats counters in Redis, so an admin sees every instance's users and questions, and a restart
 * does not reset them. Users are sets of ids (exact counts); today's keys expire after two days.
 */
export class RedisStats implements UsageStats {
  constructor(
    private readonly redis: Redis,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async seen(userId: number): Promise<void> {
    const today = this.key("users");
    await this.redis
      .multi()
      .sadd(today, userId)
      .expire(today, DAY_KEY_TTL_SECONDS)
      .sadd("stats:users", userId)
      .exec();
  }

  async answered(answer: Answer): Promise<void> {
    const transaction = this.redis
      .multi()
      .incr(this.key("questions"))
      .expire(this.key("questions"), DAY_KEY_TTL_SECONDS);
    if (answer.removedClaims) {
      transaction
        .incrby(this.key("removed-claims"), answer.removedClaims)
        .expire(this.key("removed-claims"), DAY_KEY_TTL_SECONDS);
    }
    if (answer.directions.length === 0) {
      const recent = this.key("recent-unmatched");
      transaction
        .incr(this.key("unmatched"))
        .expire(this.key("unmatched"), DAY_KEY_TTL_SECONDS)
        .rpush(recent, unmatchedLine(answer))
        .ltrim(recent, -RECENT_UNMATCHED, -1)
        .expire(recent, DAY_KEY_TTL_SECONDS);
    }
    await transaction.exec();
  }

  async snapshot(): Promise<StatsSnapshot> {
    const date = statsDay(this.clock());
    const results = await this.redis
      .multi()
      .scard(this.key("users", date))
      .scard("stats:users")
      .get(this.key("questions", date))
      .get(this.key("unmatched", date))
      .lrange(this.key("recent-unmatched", date), 0, -1)
      .get(this.key("removed-claims", date))
      .exec();
    const value = (i: number) => results?.[i]?.[1];
    return {
      date,
      users: Number(value(0) ?? 0),
      usersTotal: Number(value(1) ?? 0),
      questions: Number(value(2) ?? 0),
      unmatched: Number(value(3) ?? 0),
      recentUnmatched: (value(4) as string[] | undefined) ?? [],
      removedClaims: Number(value(5) ?? 0),
    };
  }

  private key(name: string, date = statsDay(this.clock())): string {
    return `stats:${date}:${name}`;
  }
}
