/**
 * Two real `npm start` processes in webhook mode behind one address (the loopback Bot API server
 * posting to each in turn, as a reverse proxy would), sharing a real redis-server: the conversation,
 * the question limit and a restart of one instance.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type BotProcess, freePort, killBotProcesses, spawnBot } from "../support/bot-process.ts";
import { REDIS_SKIP_MESSAGE, startRedisServer } from "../support/redis-server.ts";
import { answering, answers, ask, history, QUESTIONS, send, world } from "./world.ts";

const redis = await startRedisServer();
afterAll(() => redis?.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killBotProcesses();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!redis)(
  redis ? "several webhook instances over Redis" : `several webhook instances (${REDIS_SKIP_MESSAGE})`,
  () => {
    it("two instances behind one address share the conversation and the limits, and one restarting loses nothing", async () => {
      await redis?.flush();
      const { server, openai, env } = await world(cleanups, {
        BOT_MODE: "webhook",
        WEBHOOK_URL: "https://bot.example.org/telegram",
        WEBHOOK_SECRET: "e2e_secret_0123456789abcdef",
        HOST: "127.0.0.1",
        REDIS_URL: redis?.url ?? "",
        RATE_LIMIT_PER_MINUTE: "4",
      });
      const [portA, portB] = [await freePort(), await freePort()];
      const start = async (port: number): Promise<BotProcess> => {
        const bot = spawnBot({ ...env, PORT: String(port) });
        await bot.waitForLog("taking updates");
        return bot;
      };
      const a = await start(portA);
      const b = await start(portB);
      const [baseA, baseB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
      server.routeWebhook([baseA, baseB], { retryMs: 100 });
      const chat = 5001;
      const targets = () =>
        server.webhookDeliveries.filter((d) => d.chatId === chat && d.status === 200).map((d) => d.target);

      // One conversation, its questions taken by each instance in turn.
      await ask(server, chat, QUESTIONS[0] ?? "");
      await ask(server, chat, QUESTIONS[1] ?? "");
      await server.waitForConfirmed();
      expect(targets()).toEqual([baseA, baseB]);
      expect(history(openai.requests[1])).toContain(QUESTIONS[0]);

      // Instance A stops while answering; what arrives meanwhile goes to B; A comes back.
      send(server, chat, QUESTIONS[2] ?? "");
      await answering(server, chat);
      const exiting = a.stop("SIGTERM");
      send(server, 5002, QUESTIONS[0] ?? "");
      send(server, 5003, QUESTIONS[0] ?? "");
      expect(await exiting).toBe(0);
      const again = await start(portA);
      const restarted = Date.now();
      await server.waitForConfirmed(undefined, { timeoutMs: 20_000 });
      await ask(server, chat, QUESTIONS[3] ?? "");
      for (const question of QUESTIONS.slice(0, 3))
        expect(history(openai.requests.at(-1))).toContain(question);
      for (const other of [5002, 5003]) expect(answers(server, other)).toHaveLength(1);
      expect(answers(server, chat)).toHaveLength(4);
      expect(openai.requests).toHaveLength(6);

      // RATE_LIMIT_PER_MINUTE=4 counts questions on both instances together.
      openai.setScenario({ kind: "reply", text: "低空经济方向适合你。[方向3]" });
      for (let i = 0; i < 4; i++) await ask(server, 5004, QUESTIONS[i] ?? "");
      const before = server.messages(5004).at(-1)?.message_id ?? 0;
      send(server, 5004, QUESTIONS[0] ?? "");
      await server.waitForMessage(5004, "每分钟最多 4 个问题", { afterMessageId: before, timeoutMs: 10_000 });
      expect(
        new Set(server.webhookDeliveries.filter((d) => d.chatId === 5004).map((d) => d.target)).size,
      ).toBe(2);
      // The restarted instance took its share again.
      expect(
        server.webhookDeliveries.some((d) => d.target === baseA && d.status === 200 && d.at > restarted),
      ).toBe(true);

      expect(await again.stop("SIGTERM")).toBe(0);
      expect(await b.stop("SIGTERM")).toBe(0);
      for (const bot of [a, b, again]) {
        expect(bot.stderr()).not.toContain(env.WEBHOOK_SECRET);
        expect(bot.stderr()).not.toContain(server.token);
      }
    }, 120_000);
  },
);
