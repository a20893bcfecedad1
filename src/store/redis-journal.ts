import type { Update } from "grammy/types";
import type { Redis } from "ioredis";
import type { UpdateJournal } from "../ports/update-journal.ts";

const KEY = "updates:unfinished";

/** The update journal as one Redis hash, update id → update. */
export class RedisUpdateJournal implements UpdateJournal {
  constructor(private readonly redis: Redis) {}

  async add(updates: readonly Update[]): Promise<void> {
    if (updates.length === 0) return;
    await this.redis.hset(KEY, Object.fromEntries(updates.map((u) => [u.update_id, JSON.stringify(u)])));
  }

  async remove(updateId: number): Promise<void> {
    await this.redis.hdel(KEY, String(updateId));
  }

  async unfinished(): Promise<Update[]> {
    const values = await this.redis.hvals(KEY);
    // An entry that is not an update (written by hand, or by something else) is skipped, never fatal.
    return values
      .flatMap((v) => {
        try {
          const update = JSON.parse(v) as Update | null;
          return Number.isSafeInteger(update?.update_id) ? [update as Update] : [];
        } catch {
          return [];
        }
      })
      .sort((a, b) => a.update_id - b.update_id);
  }
}
