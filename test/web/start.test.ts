/**
 * `npm start` with WEB_PORT, as a real process: the web server alone without a Telegram token, and
 * beside the bot with one, sharing its stores: a 👎 pressed in Telegram reaches the admin page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type BotApiServer, startBotApiServer } from "../support/bot-api-server.ts";
import { freePort, killBotProcesses, spawnBot } from "../support/bot-process.ts";

const ADMIN_KEY = "admin-key-for-the-start-test";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  killBotProcesses();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "web-start-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("npm start with WEB_PORT", () => {
  it("without a Telegram token serves the web chat alone and stops on SIGTERM with 0", async () => {
    const port = await freePort();
    const app = spawnBot({
      TELEGRAM_BOT_TOKEN: "",
      WEB_PORT: String(port),
      HOST: "127.0.0.1",
      SESSION_DIR: scratch(),
    });
    await app.waitForLog("web chat and API listening", 30_000);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/`)).headers.get("content-security-policy")).toContain("default-src 'none'");
    const events = await (
      await fetch(`${base}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "专利池怎么申报？" }),
      })
    ).text();
    expect(events).toContain('"type":"delta"');
    expect(events).toMatch(/"type":"done","id":"[\w-]{8}","citations":\[7/);
    expect(await app.stop("SIGTERM")).toBe(0);
  }, 60_000);

  it("beside the bot shares its feedback: a 👎 in Telegram is on the admin page", async () => {
    const telegram: BotApiServer = await startBotApiServer();
    cleanups.push(() => telegram.close());
    const port = await freePort();
    const app = spawnBot({
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      WEB_PORT: String(port),
      HOST: "127.0.0.1",
      ADMIN_API_KEY: ADMIN_KEY,
      SESSION_DIR: scratch(),
    });
    await app.waitForLog("web chat and API listening", 30_000);
    await app.waitForLog("taking updates", 30_000);
    const chatId = 7001;
    telegram.sendText({ chatId, from: { id: chatId }, text: "明年的申报截止日期是哪天？" });
    const answer = await telegram.waitForMessage(chatId, /./, { timeoutMs: 20_000 });
    const keyboard = (
      answer.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] }
    )?.inline_keyboard;
    const down = keyboard?.flat().find((b) => b.text === "👎");
    expect(down?.callback_data).toMatch(/^v:d:[\w-]{8}$/);
    const query = telegram.pressButton({
      chatId,
      messageId: answer.message_id,
      data: down?.callback_data as string,
    });
    await telegram.waitFor((c) => c.method === "answerCallbackQuery", { timeoutMs: 10_000 });
    expect(telegram.callbackAnswer(query.id)?.text).toBe("谢谢你的反馈。");
    await telegram.waitFor((c) => c.method === "editMessageReplyMarkup", { timeoutMs: 10_000 });
    const edited = telegram.messages(chatId).find((m) => m.message_id === answer.message_id);
    const markup = edited?.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined;
    const labels = markup?.inline_keyboard?.flat() ?? [];
    expect(labels.map((b) => b.text)).toContain("👎 ✓");
    expect(labels.map((b) => b.text)).toContain("👍");

    const unanswered = (await (
      await fetch(`http://127.0.0.1:${port}/admin/api/unanswered`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      })
    ).json()) as { groups: { question: string; gaps: string[] }[] };
    expect(unanswered.groups[0]?.question).toBe("明年的申报截止日期是哪天？");
    expect(unanswered.groups[0]?.gaps).toContain("down");
    expect(JSON.stringify(unanswered)).not.toContain(String(chatId));
    expect(await app.stop("SIGTERM")).toBe(0);
  }, 60_000);
});
