/**
 * Two bots over one Redis, as two instances behind one webhook address are: whichever instance gets
 * the next update, the conversation, the question limit and /stats are the same. Real redis-server,
 * updates through `bot.handleUpdate`, Telegram replaced by the recorder.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { QUESTION_WINDOW_MS } from "../../src/ports/question-counter.ts";
import { openStores, type Stores } from "../../src/store/stores.ts";
import { DEFAULT_TEST_MODEL, startOpenAIServer } from "../support/openai-server.ts";
import { REDIS_SKIP_MESSAGE, startRedisServer } from "../support/redis-server.ts";
import { logger, recordedBot, testConfig, textUpdate } from "./harness.ts";

const server = await startRedisServer();
afterAll(() => server?.close());

const opened: Stores[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One instance: its own stores (Redis when `redis`, else files in a fresh folder) and bot. */
async function instance(env: Record<string, string> = {}, redis = true) {
  const dir = mkdtempSync(join(tmpdir(), "sessions-"));
  dirs.push(dir);
  const config = testConfig({ SESSION_DIR: dir, ...(redis ? { REDIS_URL: server?.url ?? "" } : {}), ...env });
  const stores = await openStores(config, logger, QUESTION_WINDOW_MS);
  opened.push(stores);
  // With a model, each instance has its own assistant counting tokens in the shared budget.
  const assistant = config.OPENAI_API_KEY ? createAssistant(config, logger, stores.budget) : undefined;
  const { bot, recorder } = recordedBot({
    ...(assistant ? { assistant } : {}),
    env: { SESSION_DIR: dir, ...env },
    storage: stores.sessions,
    stats: stores.stats,
    handled: stores.handled,
    ...(stores.rateLimits ? { rateLimits: stores.rateLimits } : {}),
  });
  return { bot, recorder, stores, dir };
}

describe("one instance", () => {
  it("the same update delivered twice at once is answered once", async () => {
    const { bot, recorder } = recordedBot();
    const update = textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6011 } });
    await Promise.all(
      [bot.handleUpdate(update), bot.handleUpdate(structuredClone(update))].map((p) => p.catch(() => {})),
    );
    expect(recorder.texts).toHaveLength(1);
  });
});

describe("sessions in files (one instance, the default)", () => {
  it("keep the conversation across a restart, and /reset deletes its file", async () => {
    const first = await instance({}, false);
    await first.bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6001 } }));
    expect(readdirSync(join(first.dir, "chats"))).toEqual(["6001.json"]);

    // A new process over the same folder: the follow-up leans on the question before the restart.
    const config = testConfig({ SESSION_DIR: first.dir });
    const stores = await openStores(config, logger, QUESTION_WINDOW_MS);
    opened.push(stores);
    const { bot, recorder } = recordedBot({ storage: stores.sessions });
    await bot.handleUpdate(textUpdate("那它的政策依据呢？", { from: { id: 6001 } }));
    expect(recorder.texts[0]).toContain("[方向3]");

    await bot.handleUpdate(textUpdate("/reset", { from: { id: 6001 } }));
    expect(readdirSync(join(first.dir, "chats"))).toEqual([]);
  });
});

describe.skipIf(!server)(
  server ? "several instances over Redis" : `several instances (${REDIS_SKIP_MESSAGE})`,
  () => {
    beforeEach(() => server?.flush());

    it("the same update delivered to two instances at once is answered once", async () => {
      const a = await instance();
      const b = await instance();
      const update = textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6010 } });
      await Promise.all(
        [a.bot.handleUpdate(update), b.bot.handleUpdate(structuredClone(update))].map((p) =>
          p.catch(() => {}),
        ),
      );
      expect([...a.recorder.texts, ...b.recorder.texts]).toHaveLength(1);
      // Handled: a later delivery (Telegram retrying) is dropped too.
      await a.bot.handleUpdate(structuredClone(update)).catch(() => {});
      expect([...a.recorder.texts, ...b.recorder.texts]).toHaveLength(1);
    });

    it("a conversation continues on whichever instance gets the next question", async () => {
      const a = await instance();
      const b = await instance();
      await a.bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6002 } }));
      await b.bot.handleUpdate(textUpdate("那它的政策依据呢？", { from: { id: 6002 } }));
      expect(b.recorder.texts[0]).toContain("[方向3]");
      expect(b.recorder.texts[0]).toContain("政策");
      expect(readdirSync(a.dir)).toEqual([]);
    });

    it("/reset on one instance deletes the conversation for all", async () => {
      const a = await instance();
      const b = await instance();
      await a.bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6003 } }));
      expect(await b.stores.sessions.read("6003")).toBeDefined();
      await b.bot.handleUpdate(textUpdate("/reset", { from: { id: 6003 } }));
      expect(await a.stores.sessions.read("6003")).toBeUndefined();
    });

    it("the question limit counts questions on every instance", async () => {
      const a = await instance({ RATE_LIMIT_PER_MINUTE: "2" });
      const b = await instance({ RATE_LIMIT_PER_MINUTE: "2" });
      const ask = (bot: typeof a.bot) =>
        bot.handleUpdate(textUpdate("光伏出海选哪个方向？", { from: { id: 6004 } }));
      await ask(a.bot);
      await ask(b.bot);
      await ask(a.bot);
      expect(a.recorder.texts[0]).toContain("[方向4]");
      expect(b.recorder.texts[0]).toContain("[方向4]");
      expect(a.recorder.texts[1]).toContain("每分钟最多 2 个问题");
      expect(a.recorder.texts[1]).not.toContain("[方向4]");
    });

    it("the daily token budget is spent on every instance together", async () => {
      const openai = await startOpenAIServer({
        scenario: { kind: "reply", text: "低空经济方向适合你。[方向3]" },
      });
      const env = {
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: openai.url,
        OPENAI_MODEL: DEFAULT_TEST_MODEL,
        DAILY_TOKEN_BUDGET: "1",
      };
      try {
        const a = await instance(env);
        const b = await instance(env);
        await a.bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6009 } }));
        await b.bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6009 } }));
        expect(a.recorder.texts.at(-1)).toContain("低空经济方向适合你");
        expect(b.recorder.texts.at(-1)).toContain("额度已用完");
        expect(openai.requests).toHaveLength(1);
      } finally {
        await openai.close();
      }
    });

    it("/stats shows every instance's users and questions", async () => {
      const a = await instance({ ADMIN_IDS: "6005" });
      const b = await instance({ ADMIN_IDS: "6005" });
      await a.bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？", { from: { id: 6006 } }));
      await b.bot.handleUpdate(textUpdate("今天天气怎么样？", { from: { id: 6007 } }));
      await a.bot.handleUpdate(textUpdate("/stats", { from: { id: 6005 } }));
      const stats = a.recorder.texts.at(-1) ?? "";
      expect(stats).toContain("用户：3");
      expect(stats).toContain("问题：2");
      expect(stats).toContain("今天天气怎么样？");
    });

    it("an update delivered again, to another instance, is not answered twice", async () => {
      const a = await instance();
      const b = await instance();
      const update = textUpdate("光伏出海选哪个方向？", { from: { id: 6008 } });
      await a.bot.handleUpdate(update);
      await b.bot.handleUpdate(update);
      expect(a.recorder.texts).toHaveLength(1);
      expect(b.recorder.texts).toHaveLength(0);
    });
  },
);
