import type { Redis } from "ioredis";

/** Counts and starts the window in one step (see below). */
const INCREMENT = `
local hits = redis.call("INCR", KEYS[1])
if hits == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return hits`;

/**
 * The per-user limit counters, in Redis, so a limit holds across instances. INCR and PEXPIRE run as
 * one script: a process stopped between the two would leave a counter that never expires, and that
 * user limited for good; the limiter's separate PEXPIRE then has nothing left to do.
 */
export class RedisRateLimitCounter {
  constructor(
    private readonly redis: Redis,
    private readonly windowMs: number,
  ) {}

  async incr(key: string): Promise<number> {
    return Number(await this.redis.eval(INCREMENT, 1, `ratelimit:${key}`, this.windowMs));
  }

  async pexpire(_key: string, _milliseconds: number): Promise<number> {
    return 1;
  }

  async pttl(key: string): Promise<number> {
    return await this.redis.pttl(`ratelimit:${key}`);
  }
}
