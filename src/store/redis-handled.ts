import type { Redis } from "ioredis";
import type { Claim, HandledUpdates } from "../ports/handled-updates.ts";

/** Telegram gives up on an update after about a day; a handled id need not be kept longer. */
const HANDLED_TTL_SECONDS = 24 * 3600;
/**
 * A claim outlives the longest answer (the webhook acknowledges after 50 s) and then expires, so an
 * update whose instance died mid-answer is answered by the next delivery.
 */
const CLAIM_TTL_SECONDS = 120;

const RELEASE = `if redis.call("GET", KEYS[1]) == "busy" then return redis.call("DEL", KEYS[1]) end
return 0`;

/** Claimed and handled update ids in Redis, one short-lived key each, seen by every instance. */
export class RedisHandledUpdates implements HandledUpdates {
  constructor(private readonly redis: Redis) {}

  async claim(updateId: number): Promise<Claim> {
    const key = `handled:${updateId}`;
    if ((await this.redis.set(key, "busy", "EX", CLAIM_TTL_SECONDS, "NX")) === "OK") return "claimed";
    return (await this.redis.get(key)) === "done" ? "handled" : "busy";
  }

  async done(updateId: number): Promise<void> {
    await this.redis.set(`handled:${updateId}`, "done", "EX", HANDLED_TTL_SECONDS);
  }

  async release(updateId: number): Promise<void> {
    await this.redis.eval(RELEASE, 1, `handled:${updateId}`);
  }
}
