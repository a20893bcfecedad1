/**
 * The real bot (runner, plugins, transformers) over real HTTP against the loopback Bot API server, and
 * the loopback OpenAI server where a model is needed. Tests send what users send and check what they see.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { createBot } from "../../src/bot/index.ts";
import { type RunningBot, runBot } from "../../src/bot/run.ts";
import { type BotApiServer, type BotApiServerOptions, startBotApiServer } from "../support/bot-api-server.ts";
import { DEFAULT_TEST_MODEL, type OpenAITestServer, startOpenAIServer } from "../support/openai-server.ts";
import { assistantWithoutModel, logger, testConfig } from "./harness.ts";

const USER_ID = 1001;
const GROUP_ID = -1001234567890;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  server: BotApiServer;
  running: RunningBot;
  openai?: OpenAITestServer;
}

/** Starts the Bot API server, optionally the OpenAI server, and the bot polling them. */
async function start(
  options: { env?: Record<string, string>; server?: BotApiServerOptions; model?: boolean } = {},
): Promise<Started> {
  const server = await startBotApiServer({ canJoinGroups: true, ...options.server });
  cleanups.push(() => server.close());
  const openai = options.model ? await startOpenAIServer() : undefined;
  if (openai) cleanups.push(() => openai.close());
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.url,
    ...(openai
      ? { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url, OPENAI_MODEL: DEFAULT_TEST_MODEL }
      : {}),
    ...options.env,
  });
  const assistant = openai ? createAssistant(config, logger) : assistantWithoutModel();
  const running = await runBot(createBot(assistant, config, logger), config, logger);
  cleanups.push(() => running.stop());
  await server.waitForPollers();
  return { server, running, ...(openai ? { openai } : {}) };
}

/** A model answer about direction 3, in paragraphs. */
function modelAnswer(paragraphs: number, length = 60): string {
  return Array.from(
    { length: paragraphs },
    (_, i) => `**要点${i + 1}**：围绕无人机专利预警，${"梳理全球专利布局与风险".repeat(length / 10)} [方向3]`,
  ).join("\n\n");
}

describe("commands and buttons", () => {
  it("registers the command menu in Chinese and English", async () => {
    const { server } = await start();
    expect(server.commands()?.map((c) => c.command)).toEqual([
      "start",
      "help",
      "directions",
      "direction",
      "tips",
      "policy",
      "reset",
      "about",
    ]);
    expect(server.commands({ languageCode: "en" })?.[0]?.description).toMatch(/example questions/);
  });

  it("/start shows the welcome with buttons; tapping through opens the list and a card", async () => {
    const { server } = await start();
    server.sendCommand("start");
    const welcome = await server.waitForMessage(USER_ID, "申报助手");
    const labels = welcome.reply_markup?.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toContain("我们做无人机专利预警，报哪个方向？");
    expect(labels).toContain("📋 全部方向");

    server.pressButton({ messageId: welcome.message_id, text: "📋 全部方向" });
    const list = await server.waitForMessage(USER_ID, "共 10 个研究方向", {
      afterMessageId: welcome.message_id,
    });
    expect(list.reply_markup?.inline_keyboard).toHaveLength(10);

    const press = server.pressButton({ messageId: list.message_id, data: "d:8" });
    const card = await server.waitForMessage(USER_ID, "[方向8]", { afterMessageId: list.message_id });
    expect(card.text).toContain("申报建议（原文）");
    expect(card.entities?.[0]?.type).toBe("bold");
    expect(server.callbackAnswer(press.id)).not.toBeNull();
  });

  it("opens direction 3 from the deep link ?start=d3", async () => {
    const { server } = await start();
    server.sendCommand("start", { args: "d3" });
    const card = await server.waitForMessage(USER_ID, "[方向3]");
    expect(card.text).toMatch(/^方向3「低空经济关键技术专利预警及对策」/);
    expect(card.reply_markup?.inline_keyboard.flat().map((b) => b.callback_data)).toContain("t:3");
  });

  it("answers /direction 11 and /direction abc with the valid range", async () => {
    const { server } = await start();
    server.sendCommand("direction", { args: "11" });
    const unknown = await server.waitForMessage(USER_ID, "没有方向11");
    expect(unknown.text).toContain("1–10");
    server.sendCommand("direction", { args: "abc" });
    const invalid = await server.waitForMessage(USER_ID, "「abc」");
    expect(invalid.text).toContain("1–10");
  });

  it("refuses /stats to a user who is not an admin", async () => {
    const { server } = await start({ env: { ADMIN_IDS: "777" } });
    server.sendCommand("stats");
    await server.waitForMessage(USER_ID, "仅限管理员");
  });

  it("gives a short hint for a sticker", async () => {
    const { server } = await start();
    server.sendNonText("sticker");
    await server.waitForMessage(USER_ID, "我只能读文字");
  });
});

describe("streamed answers", () => {
  it("streams a model answer with drafts, then sends the final message with its sources", async () => {
    const { server, openai } = await start({ model: true });
    openai?.setScenario({ kind: "reply", text: modelAnswer(4), chunkSize: 6, charsPerSecond: 300 });
    server.sendText({ text: "我们做无人机专利预警，报哪个方向？" });
    const final = await server.waitForMessage(USER_ID, "来源");
    const drafts = server.drafts(USER_ID);
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(drafts.map((d) => d.draft_id)).size).toBe(1);
    expect(drafts[0]?.draft_id).not.toBe(0);
    // The first draft goes out as soon as the model is asked: which rows the answer is written from.
    expect(drafts[0]?.text).toBe("正在查阅方向3，撰写回答…");
    expect(drafts.slice(1).some((d) => d.text.includes("要点"))).toBe(true);
    expect(final.text).toContain("要点4：围绕无人机专利预警");
    expect(final.entities?.some((e) => e.type === "bold")).toBe(true);
    expect(final.text).toContain("[方向3] 低空经济关键技术专利预警及对策");
    // Drafts came first, the message last.
    const draftCalls = server.callsOf("sendMessageDraft");
    const messageCall = server.callsOf("sendMessage").at(-1);
    expect(Math.max(...draftCalls.map((c) => c.at))).toBeLessThanOrEqual(messageCall?.at ?? 0);
    expect(server.callsOf("sendChatAction")[0]?.params.action).toBe("typing");
  });

  it("splits an answer longer than 4096 characters into several messages", async () => {
    const { server, openai } = await start({ model: true, env: { OPENAI_MAX_TOKENS: "8000" } });
    openai?.setScenario({ kind: "reply", text: modelAnswer(50, 100), chunkSize: 400 });
    server.sendText({ text: "我们做无人机专利预警，报哪个方向？" });
    await server.waitForMessage(USER_ID, "来源");
    const messages = server.messages(USER_ID);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const m of messages) expect(m.text?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(messages[0]?.text).toMatch(/^要点1/);
    expect(messages[1]?.text).toMatch(/^要点\d+：/);
    expect(messages.at(-1)?.reply_markup).toBeDefined();
  });

  it("sends the text plain when Telegram cannot parse its entities", async () => {
    const { server } = await start();
    server.failNext("sendMessage", {
      status: 400,
      description:
        "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 7",
    });
    server.sendCommand("direction", { args: "3" });
    const card = await server.waitForMessage(USER_ID, "[方向3]");
    expect(card.entities).toBeUndefined();
    expect(card.text).toMatch(/^方向3「低空经济关键技术专利预警及对策」/);
  });

  it("retries after a 429 and delivers the message", async () => {
    const { server } = await start();
    server.failNext("sendMessage", { status: 429, retryAfter: 1 });
    server.sendCommand("direction", { args: "5" });
    await server.waitForMessage(USER_ID, "[方向5]");
    expect(server.tooManyRequests).toBe(1);
    expect(server.callsOf("sendMessage").map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers from the table, saying so, once the user's daily model budget is spent", async () => {
    const { server, openai } = await start({ model: true, env: { DAILY_TOKEN_BUDGET: "1" } });
    openai?.setScenario({ kind: "reply", text: "低空经济方向适合你。[方向3]" });
    server.sendText({ text: "我们做无人机专利预警，报哪个方向？" });
    const first = await server.waitForMessage(USER_ID, "低空经济方向适合你");
    server.sendText({ text: "我们做无人机专利预警，报哪个方向？" });
    const second = await server.waitForMessage(USER_ID, "额度已用完", { afterMessageId: first.message_id });
    expect(second.text).toContain("最匹配的方向：方向3");
    expect(openai?.requests).toHaveLength(1);
  });

  it("/reset makes the next question start without the conversation", async () => {
    const { server, openai } = await start({ model: true });
    openai?.setScenario({ kind: "reply", text: "低空经济方向适合你。[方向3]" });
    const history = (i: number) =>
      String(openai?.requests[i]?.body.messages?.at(-1)?.content).match(/<history>([\s\S]*)<\/history>/)?.[1];

    server.sendText({ text: "我们做无人机专利预警，报哪个方向？" });
    const first = await server.waitForMessage(USER_ID, "来源");
    server.sendText({ text: "无人机的政策依据有哪些？" });
    const second = await server.waitForMessage(USER_ID, "来源", { afterMessageId: first.message_id });
    expect(history(1)).toContain("我们做无人机专利预警");

    server.sendCommand("reset");
    const reset = await server.waitForMessage(USER_ID, "已清空", { afterMessageId: second.message_id });
    server.sendText({ text: "无人机的政策依据有哪些？" });
    await server.waitForMessage(USER_ID, "来源", { afterMessageId: reset.message_id });
    expect(history(2)).not.toContain("我们做无人机专利预警");
  });
});

describe("groups and inline mode", () => {
  it("ignores group chatter but answers a mention, as a reply", async () => {
    const { server } = await start();
    server.sendText({ chatId: GROUP_ID, text: "无人机专利大家怎么看？" });
    const mention = server.sendText({
      chatId: GROUP_ID,
      text: "@shenbao_test_bot 无人机专利预警报哪个方向？",
    });
    const answer = await server.waitForMessage(GROUP_ID, "方向3");
    expect(answer.reply_to_message?.message_id).toBe(mention.message_id);
    await server.waitForConfirmed();
    expect(server.messages(GROUP_ID)).toHaveLength(1);
    expect(server.drafts(GROUP_ID)).toEqual([]);
  });

  it("answers an inline query with direction cards from the table", async () => {
    const { server } = await start();
    const query = server.inlineQuery({ query: "光伏出海" });
    await server.waitFor("answerInlineQuery");
    const results = server.inlineAnswer(query.id)?.results ?? [];
    expect(results[0]).toMatchObject({ type: "article", title: expect.stringMatching(/^方向4：/) });
    expect(JSON.stringify(results[0])).toContain("start=d4");
  });
});

describe("long polling", () => {
  it("deletes a webhook left by webhook mode, and answers the updates pending under it", async () => {
    const server = await startBotApiServer();
    cleanups.push(() => server.close());
    await fetch(`${server.url}/bot${server.token}/setWebhook?url=https://bot.example.org/telegram`);
    server.sendCommand("direction", { args: "5" });
    const config = testConfig({ TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.url });
    const running = await runBot(createBot(assistantWithoutModel(), config, logger), config, logger);
    cleanups.push(() => running.stop());
    await server.waitForMessage(USER_ID, "[方向5]");
    expect(server.webhookInfo.url).toBe("");
    expect(server.callsOf("deleteWebhook")[0]?.params.drop_pending_updates).toBe(false);
  });
});

describe("shutdown", () => {
  it("stops taking updates but finishes the answer in flight, and confirms the updates it took", async () => {
    const { server, openai, running } = await start({ model: true });
    openai?.setScenario({ kind: "reply", text: modelAnswer(3), chunkSize: 4, charsPerSecond: 200 });
    server.sendText({ text: "我们做无人机专利预警，报哪个方向？" });
    await server.waitFor("sendMessageDraft");
    await running.stop();
    expect(server.messages(USER_ID).at(-1)?.text).toContain("来源");
    await server.waitForConfirmed(undefined, { timeoutMs: 1000 });
    expect(server.pollers).toBe(0);
  });
});
