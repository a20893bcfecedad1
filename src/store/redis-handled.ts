import type { Redis } from "ioredis";
import type { HandledUpdates } from "../bot/once.ts";

/** Telegram gives up on an update after about a day; a handled id need not be kept longer. */
const HANDLED_TTL_SECONDS = 24 * 3600;

/** Handled update ids in Redis, one short-lived key each, seen by every instance. */
export class RedisHandledUpdates implements HandledUpdates {
  constructor(private readonly redis: Redis) {}

  async has(updateId: number): Promise<boolean> {
    return (await this.redis.exists(`handled:${updateId}`)) === 1;
  }

  async add(updateId: number): Promise<void> {
    await this.redis.set(`handled:${updateId}`, "1", "EX", HANDLED_TTL_SECONDS);
  }
}
