/**
 * The feedback stores, files and a real redis-server: answers and votes kept for a week, read back
 * newest first with their votes, grouped into what /unanswered shows.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type AnswerRecord,
  type FeedbackStore,
  feedbackSummary,
  unansweredGroups,
  WEEK_MS,
} from "../../src/ports/feedback.ts";
import { FileFeedback } from "../../src/store/file-feedback.ts";
import { connectRedis, REDIS_KEY_PREFIX } from "../../src/store/redis.ts";
import { RedisFeedback } from "../../src/store/redis-feedback.ts";
import { REDIS_SKIP_MESSAGE, startRedisServer } from "../support/redis-server.ts";

const logger = pino({ level: "silent" });
const now = new Date("2026-12-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

function record(id: string, question: string, at: string, extra: Partial<AnswerRecord> = {}): AnswerRecord {
  return { id, at, channel: "web", question, directions: [3], mode: "llm", fallback: false, ...extra };
}

/** What every feedback store must do, whichever the backing. */
function contract(name: string, open: () => { a: FeedbackStore; b: FeedbackStore }) {
  it(`${name}: keeps answers and votes, newest first, a later vote replacing an earlier one`, async () => {
    const { a, b } = open();
    await a.answered(record("AAAAAAAA", "无人机报哪个方向", minutesAgo(30)));
    await b.answered(record("BBBBBBBB", "今天天气", minutesAgo(20), { directions: [], mode: "extractive" }));
    await a.answered(
      record("CCCCCCCC", "专利池怎么申报", minutesAgo(10), { fallback: true, mode: "extractive" }),
    );
    await b.vote("AAAAAAAA", "up");
    await a.vote("AAAAAAAA", "down");
    await a.vote("ZZZZZZZZ", "up"); // an answer this store never saw: ignored
    const entries = await b.since(new Date(now.getTime() - WEEK_MS));
    expect(entries.map((e) => e.id)).toEqual(["CCCCCCCC", "BBBBBBBB", "AAAAAAAA"]);
    expect(entries[2]?.vote).toBe("down");
    expect(feedbackSummary(entries)).toMatchObject({ answers: 3, up: 0, down: 1 });
    expect(unansweredGroups(entries).map((g) => [g.question, g.gaps])).toEqual([
      ["专利池怎么申报", ["fallback"]],
      ["今天天气", ["unmatched"]],
      ["无人机报哪个方向", ["down"]],
    ]);
  });

  it(`${name}: reads only the answers since the given time`, async () => {
    const { a } = open();
    await a.answered(
      record("OLDOLDOL", "上周的问题", new Date(now.getTime() - WEEK_MS - 60_000).toISOString()),
    );
    await a.answered(record("NEWNEWNE", "今天的问题", minutesAgo(1)));
    const entries = await a.since(new Date(now.getTime() - WEEK_MS));
    expect(entries.map((e) => e.id)).toEqual(["NEWNEWNE"]);
  });
}

describe("file feedback", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "feedback-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  contract("files", () => ({
    a: new FileFeedback(dir, logger, () => now),
    b: new FileFeedback(dir, logger, () => now),
  }));

  it("skips a broken line and deletes days older than the feedback window", async () => {
    writeFileSync(
      join(dir, "2026-11-01.jsonl"),
      `${JSON.stringify({ t: "a", ...record("OLDOLDOL", "旧", "2026-11-01T00:00:00Z") })}\n`,
    );
    const store = new FileFeedback(dir, logger, () => now);
    await store.answered(record("AAAAAAAA", "无人机", minutesAgo(5)));
    // A process that crashed mid-line; the next one (restarted) appends after it.
    appendFileSync(join(dir, "2026-12-01.jsonl"), '{"t":"a","id":"half');
    const restarted = new FileFeedback(dir, logger, () => now);
    await restarted.vote("AAAAAAAA", "down");
    expect(existsSync(join(dir, "2026-11-01.jsonl"))).toBe(false);
    expect(readdirSync(dir)).toEqual(["2026-12-01.jsonl"]);
    const entries = await restarted.since(new Date(now.getTime() - WEEK_MS));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: "AAAAAAAA", vote: "down" });
  });
});

const server = await startRedisServer();
afterAll(() => server?.close());

describe.skipIf(!server)(server ? "Redis feedback" : `Redis feedback (${REDIS_SKIP_MESSAGE})`, () => {
  let one: Redis;
  let two: Redis;
  beforeEach(async () => {
    await server?.flush();
    one = await connectRedis(server?.url ?? "", logger);
    two = await connectRedis(server?.url ?? "", logger);
  });
  afterEach(async () => {
    await one?.quit();
    await two?.quit();
  });

  contract("Redis, two instances", () => ({
    a: new RedisFeedback(one, () => now),
    b: new RedisFeedback(two, () => now),
  }));

  it("every feedback key expires by itself", async () => {
    const store = new RedisFeedback(one, () => now);
    await store.answered(record("AAAAAAAA", "无人机", minutesAgo(1)));
    await store.vote("AAAAAAAA", "up");
    for (const key of ["feedback:answer:AAAAAAAA", "feedback:vote:AAAAAAAA"]) {
      expect(await one.ttl(key)).toBeGreaterThan(7 * 24 * 3600);
    }
    expect(REDIS_KEY_PREFIX).toBeTruthy();
  });
});
