/**
 * Webhook mode in-process: the real bot behind its node:http server, the loopback Bot API server
 * posting updates to it as Telegram does (with the secret token), and the loopback OpenAI server.
 */
import { createConnection, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { createBot } from "../../src/bot/index.ts";
import { serveWebhook, type WebhookBot } from "../../src/bot/webhook.ts";
import type { WebhookConfig } from "../../src/config.ts";
import { type BotApiServer, startBotApiServer } from "../support/bot-api-server.ts";
import { DEFAULT_TEST_MODEL, type OpenAITestServer, startOpenAIServer } from "../support/openai-server.ts";
import { assistantWithoutModel, logger, testConfig } from "./harness.ts";

const SECRET = "test_secret_0123456789abcdef";
const WEBHOOK_URL = "https://bot.example.org/telegram/hook";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function telegram(): Promise<BotApiServer> {
  const server = await startBotApiServer();
  cleanups.push(() => server.close());
  return server;
}

function webhookConfig(server: BotApiServer, openai?: OpenAITestServer): WebhookConfig {
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.url,
    BOT_MODE: "webhook",
    WEBHOOK_URL,
    WEBHOOK_SECRET: SECRET,
    HOST: "127.0.0.1",
    PORT: "0",
    SHUTDOWN_GRACE_MS: "10000",
    ...(openai
      ? { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url, OPENAI_MODEL: DEFAULT_TEST_MODEL }
      : {}),
  });
  if (config.BOT_MODE !== "webhook") throw new Error("expected a webhook configuration");
  return config;
}

/** One instance: a bot behind its own webhook server, on a port of its own. */
async function instance(config: WebhookConfig): Promise<WebhookBot & { base: string }> {
  const assistant = config.OPENAI_API_KEY ? createAssistant(config, logger) : assistantWithoutModel();
  const running = await serveWebhook(createBot(assistant, config, logger), config, logger);
  cleanups.push(() => running.stop());
  return { ...running, base: `http://127.0.0.1:${running.port}` };
}

describe("webhook mode", () => {
  it("sets the webhook with its secret, keeps the updates already pending, and answers them", async () => {
    const server = await telegram();
    server.sendText({ chatId: 1001, text: "光伏出海遇到337调查，报哪个方向？" });
    const bot = await instance(webhookConfig(server));
    const set = server.callsOf("setWebhook")[0]?.params;
    expect(set).toMatchObject({ url: WEBHOOK_URL, secret_token: SECRET, drop_pending_updates: false });
    expect(set?.allowed_updates).toEqual(["message", "callback_query", "inline_query"]);

    server.routeWebhook([bot.base]);
    await server.waitForMessage(1001, "[方向4]");
    server.sendCommand("direction", { args: "3" });
    await server.waitForMessage(1001, "[方向3]");
    await server.waitForConfirmed();
    expect(server.webhookDeliveries.map((d) => d.status)).toEqual([200, 200]);

    const health = await fetch(`${bot.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, mode: "webhook" });
  });

  it("refuses a request without the secret token, and answers nothing else", async () => {
    const server = await telegram();
    const bot = await instance(webhookConfig(server));
    const update = JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 1001, type: "private" }, text: "/direction 3" },
    });
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${bot.base}${path}`, { method: "POST", body: update, headers });
    expect((await post("/telegram/hook")).status).toBe(401);
    expect(
      (await post("/telegram/hook", { "x-telegram-bot-api-secret-token": "wrong_secret_0123456789" })).status,
    ).toBe(401);
    expect((await post("/elsewhere", { "x-telegram-bot-api-secret-token": SECRET })).status).toBe(404);
    expect((await fetch(`${bot.base}/telegram/hook`)).status).toBe(404);
    expect(server.callsOf("sendMessage")).toEqual([]);
  });

  it("a stop finishes the answer in flight; updates arriving meanwhile go to the other instance", async () => {
    const server = await telegram();
    const openai = await startOpenAIServer();
    cleanups.push(() => openai.close());
    const text = Array.from(
      { length: 6 },
      (_, i) => `**要点${i + 1}**：梳理无人机专利布局与风险。[方向3]`,
    ).join("\n\n");
    openai.setScenario({ kind: "reply", text, chunkSize: 10, charsPerSecond: 150 });
    const config = webhookConfig(server, openai);
    const a = await instance(config);
    const b = await instance(config);
    server.routeWebhook([a.base, b.base], { retryMs: 100 });

    server.sendText({ chatId: 2001, text: "我们做无人机专利预警，报哪个方向？" });
    await server.waitFor((c) => c.method === "sendMessageDraft" && c.params.chat_id === 2001);
    const stopped = a.stop();
    server.sendText({ chatId: 2002, text: "我们做无人机专利预警，报哪个方向？" });
    server.sendText({ chatId: 2003, text: "我们做无人机专利预警，报哪个方向？" });
    await stopped;
    await server.waitForConfirmed(undefined, { timeoutMs: 15_000 });

    for (const chat of [2001, 2002, 2003]) {
      await server.waitForMessage(chat, "来源", { timeoutMs: 15_000 });
      expect(server.messages(chat)).toHaveLength(1);
    }
    const answeredBy = (chat: number) =>
      server.webhookDeliveries.filter((d) => d.chatId === chat && d.status === 200).map((d) => d.target);
    expect(answeredBy(2001)).toEqual([a.base]);
    expect(answeredBy(2002)).toEqual([b.base]);
    expect(answeredBy(2003)).toEqual([b.base]);
    // What reached the stopping instance was refused there, and taken by the other one.
    expect(server.webhookDeliveries.some((d) => d.target === a.base && d.status !== 200)).toBe(true);
  });
});

describe("webhook server limits", () => {
  /** Opens a TCP connection; resolves when connected, tracks when the server closes it. */
  function connection(port: number): Promise<{ socket: Socket; closed: () => boolean }> {
    return new Promise((resolve, reject) => {
      let closed = false;
      const socket = createConnection({ host: "127.0.0.1", port }, () =>
        resolve({ socket, closed: () => closed }),
      );
      socket.on("close", () => (closed = true));
      socket.on("error", () => {});
      socket.once("error", reject);
    });
  }

  it("idle and half-sent connections are closed, connections past the cap refused, and /healthz still answers", async () => {
    const server = await telegram();
    const config = webhookConfig(server);
    const running = await serveWebhook(createBot(assistantWithoutModel(), config, logger), config, logger, {
      headersTimeoutMs: 400,
      requestTimeoutMs: 800,
      keepAliveTimeoutMs: 300,
      maxConnections: 20,
      checkIntervalMs: 100,
    });
    cleanups.push(() => running.stop());
    const opened = await Promise.all(Array.from({ length: 30 }, () => connection(running.port)));
    const halfSent = await connection(running.port).catch(() => undefined);
    halfSent?.socket.write(
      `POST /telegram/hook HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"upd`,
    );
    // Past the cap: closed at once; the rest when their headers timeout runs out.
    await vi.waitFor(() => expect(opened.filter((c) => c.closed()).length).toBeGreaterThanOrEqual(10), {
      timeout: 5_000,
    });
    await vi.waitFor(() => expect(opened.every((c) => c.closed())).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(halfSent === undefined || halfSent.closed()).toBe(true), {
      timeout: 10_000,
    });
    const health = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(health.status).toBe(200);
    for (const c of opened) c.socket.destroy();
  });
});
