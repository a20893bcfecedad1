/**
 * The Redis stores against a real redis-server (started here on a free loopback port): what several
 * instances share must add up exactly and expire by itself.
 */
import type { Update } from "grammy/types";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.ts";
import { connectRedis, REDIS_KEY_PREFIX } from "../../src/store/redis.ts";
import { RedisTokenBudget } from "../../src/store/redis-budget.ts";
import { RedisHandledUpdates } from "../../src/store/redis-handled.ts";
import { RedisUpdateJournal } from "../../src/store/redis-journal.ts";
import { RedisRateLimitCounter } from "../../src/store/redis-rate-limit.ts";
import { RedisStats } from "../../src/store/redis-stats.ts";
import { REDIS_SKIP_MESSAGE, startRedisServer } from "../support/redis-server.ts";

const server = await startRedisServer();
afterAll(() => server?.close());
const logger = pino({ level: "silent" });

let redis: Redis;
let other: Redis;
beforeEach(async () => {
  if (!server) return;
  await server.flush();
  redis = await connectRedis(server.url, logger);
  other = await connectRedis(server.url, logger);
});
afterEach(async () => {
  await redis?.quit();
  await other?.quit();
});

/** Every key in the server, without the bot's prefix, and its time to live in seconds. */
async function keys(): Promise<Map<string, number>> {
  const raw = new Redis(server?.url ?? "");
  const result = new Map<string, number>();
  for (const name of await raw.keys("*")) {
    expect(name.startsWith(REDIS_KEY_PREFIX)).toBe(true);
    result.set(name.slice(REDIS_KEY_PREFIX.length), await raw.ttl(name));
  }
  await raw.quit();
  return result;
}

const answer = (question: string, directions: number[]): Answer =>
  ({
    question,
    language: "zh",
    mode: "extractive",
    citations: directions,
    text: "",
    directions: directions.map((id) => ({ id, title: "", score: 1 })),
  }) as Answer;

describe.skipIf(!server)(server ? "Redis stores" : `Redis stores (${REDIS_SKIP_MESSAGE})`, () => {
  it("a token budget spent on two instances at once adds up exactly, and today's counters expire", async () => {
    const a = new RedisTokenBudget(redis, 10_000);
    const b = new RedisTokenBudget(other, 10_000);
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).spend("1001", 100)));
    expect(await a.remaining("1001")).toBe(5_000);
    expect(await b.remaining("1001")).toBe(5_000);
    await b.spend("1002", 250);
    expect(await a.spentToday()).toBe(5_250);
    expect(await a.remaining("1003")).toBe(10_000);
    const ttls = [...(await keys()).values()];
    expect(ttls).toHaveLength(3);
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(24 * 3600);
  });

  it("a token budget starts again the next UTC day, and 0 means no limit", async () => {
    let now = new Date("2026-03-01T23:59:00Z");
    const budget = new RedisTokenBudget(redis, 1_000, () => now);
    await budget.spend("1001", 1_000);
    expect(await budget.remaining("1001")).toBe(0);
    now = new Date("2026-03-02T00:01:00Z");
    expect(await budget.remaining("1001")).toBe(1_000);
    expect(await new RedisTokenBudget(redis, 0).remaining("1001")).toBe(Number.POSITIVE_INFINITY);
  });

  it("/stats counts every instance's users and questions", async () => {
    const a = new RedisStats(redis);
    const b = new RedisStats(other);
    await a.seen(1001);
    await b.seen(1001);
    await b.seen(1002);
    await a.answered(answer("无人机报哪个方向？", [3]));
    for (let i = 0; i < 7; i++) await b.answered(answer(`今天天气 ${i}`, []));
    // Claims the fact guard removed from model answers, counted over instances.
    await a.answered({ ...answer("方向3截止时间？", [3]), mode: "llm", removedClaims: 2 });
    await b.answered({ ...answer("方向3资助多少？", [3]), mode: "llm", removedClaims: 1 });
    const snapshot = await a.snapshot();
    expect(snapshot).toMatchObject({
      users: 2,
      usersTotal: 2,
      questions: 10,
      unmatched: 7,
      removedClaims: 3,
    });
    expect(snapshot.recentUnmatched).toEqual([
      "今天天气 2",
      "今天天气 3",
      "今天天气 4",
      "今天天气 5",
      "今天天气 6",
    ]);
    for (const [key, ttl] of await keys()) if (key !== "stats:users") expect(ttl).toBeGreaterThan(0);
  });

  it("counts questions per user across instances in a window that always expires", async () => {
    const a = new RedisRateLimitCounter(redis, 60_000);
    const b = new RedisRateLimitCounter(other, 60_000);
    expect(await a.incr("questions:1001")).toBe(1);
    expect(await b.incr("questions:1001")).toBe(2);
    expect(await a.incr("questions:1002")).toBe(1);
    const ttl = (await keys()).get("ratelimit:questions:1001") ?? -1;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it("keeps unfinished updates until they are handled, and handled ids for every instance", async () => {
    const journal = new RedisUpdateJournal(redis);
    const update = (id: number) => ({ update_id: id, message: { text: `q${id}` } }) as unknown as Update;
    await journal.add([update(12), update(10), update(11)]);
    await journal.remove(11);
    expect((await new RedisUpdateJournal(other).unfinished()).map((u) => u.update_id)).toEqual([10, 12]);

    expect(await new RedisHandledUpdates(redis).claim(10)).toBe("claimed");
    expect(await new RedisHandledUpdates(other).claim(10)).toBe("busy");
    await new RedisHandledUpdates(redis).done(10);
    expect(await new RedisHandledUpdates(other).claim(10)).toBe("handled");
    expect(await new RedisHandledUpdates(other).claim(12)).toBe("claimed");
    await new RedisHandledUpdates(other).release(12);
    expect(await new RedisHandledUpdates(redis).claim(12)).toBe("claimed");
    expect((await keys()).get("handled:10")).toBeGreaterThan(0);
  });

  it("refuses to start on a Redis that does not answer, naming REDIS_URL but not its password", async () => {
    const unreachable = "redis://:s3cret@127.0.0.1:1/0";
    await expect(connectRedis(unreachable, logger)).rejects.toThrow(/REDIS_URL \(127\.0\.0\.1:1\/0\)/);
    await expect(connectRedis(unreachable, logger)).rejects.not.toThrow(/s3cret/);
  });
});

describe.skipIf(!server)("connecting", () => {
  it("a wrong password says so (not 'Connection is closed.') and never shows the password", async () => {
    const admin = new Redis(server?.url ?? "");
    await admin.config("SET", "requirepass", "right-password-1234");
    try {
      const url = (server?.url ?? "").replace("redis://", "redis://:wrong-password-5678@");
      const failure = await connectRedis(url, logger).then(
        () => new Error("connected"),
        (error: Error) => error,
      );
      expect(failure.message).not.toContain("Connection is closed");
      expect(failure.message).toMatch(/password/i);
      expect(failure.message).not.toContain("wrong-password-5678");
    } finally {
      await admin.auth("right-password-1234");
      await admin.config("SET", "requirepass", "");
      await admin.quit();
    }
  });
});
