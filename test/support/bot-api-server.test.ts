import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, GrammyError, InlineKeyboard } from "grammy";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type ApiFailure,
  type ApiResponse,
  type BotApiServer,
  detectEntities,
  formatMessageText,
  startBotApiServer,
  type TgMessage,
  type TgUpdate,
} from "./bot-api-server.ts";

let server: BotApiServer;

beforeEach(async () => {
  server = await startBotApiServer();
});

afterEach(async () => {
  await server.close();
});

/** Calls the fake API directly with a JSON body. */
async function api<T = unknown>(
  method: string,
  params: Record<string, unknown> = {},
  token = server.token,
): Promise<{ status: number; body: ApiResponse<T> }> {
  const res = await fetch(`${server.url}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as ApiResponse<T> };
}

function failure(res: { body: ApiResponse }): ApiFailure {
  if (res.body.ok) throw new Error(`expected a failure, got ${JSON.stringify(res.body)}`);
  return res.body;
}

function result<T>(res: { body: ApiResponse<T> }): T {
  if (!res.body.ok) throw new Error(`expected success, got ${JSON.stringify(res.body)}`);
  return res.body.result;
}

describe("with a real grammY bot", () => {
  it("answers getMe, long-polls, and replies end up in messages()", async () => {
    const bot = new Bot(server.token, { client: { apiRoot: server.url } });
    bot.command("start", (ctx) =>
      ctx.reply(`welcome <b>${ctx.from?.first_name}</b>`, {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard().text("Yes", "choice:yes").text("No", "choice:no"),
      }),
    );
    bot.callbackQuery(/^choice:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: "noted" });
      await ctx.editMessageText(`chosen: ${ctx.match[1]}`);
    });
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const running = bot.start();
    try {
      await server.waitForPollers();
      expect(server.callsOf("getMe")).toHaveLength(1);
      expect(bot.botInfo.username).toBe("shenbao_test_bot");
      expect(bot.botInfo.can_read_all_group_messages).toBe(false);

      const incoming = server.sendText({ text: "你好 world" });
      expect(incoming.chat).toEqual({ id: 1001, type: "private", first_name: "Test" });
      expect(incoming.from).toMatchObject({ id: 1001, is_bot: false, language_code: "zh-hans" });
      const echo = await server.waitForMessage(1001, "echo:");
      expect(echo).toMatchObject({
        text: "echo: 你好 world",
        from: { id: server.botUser.id, is_bot: true, username: "shenbao_test_bot" },
        chat: { id: 1001, type: "private" },
      });

      server.sendCommand("start");
      const welcome = await server.waitForMessage(1001, /^welcome/);
      expect(welcome.text).toBe("welcome Test");
      expect(welcome.entities).toEqual([{ type: "bold", offset: 8, length: 4 }]);
      expect(welcome.reply_markup?.inline_keyboard[0]?.map((b) => b.callback_data)).toEqual([
        "choice:yes",
        "choice:no",
      ]);

      const query = server.pressButton({ messageId: welcome.message_id, text: "Yes" });
      expect(query.data).toBe("choice:yes");
      const edited = await server.waitForMessage(1001, "chosen: yes");
      expect(edited.message_id).toBe(welcome.message_id);
      expect(edited.edit_date).toBeTypeOf("number");
      expect(edited.reply_markup).toBeUndefined(); // editMessageText without reply_markup drops the keyboard
      expect(server.callbackAnswer(query.id)).toMatchObject({ text: "noted" });

      expect(server.messages(1001).map((m) => m.text)).toEqual(["echo: 你好 world", "chosen: yes"]);
      expect(server.messages(1001, { includeUser: true })).toHaveLength(4);
      await server.waitForConfirmed();

      // API errors reach grammY as GrammyError with Telegram's payload.
      const error = await bot.api
        .sendMessage(1001, "<b>unclosed", { parse_mode: "HTML" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrammyError);
      expect((error as GrammyError).description).toBe(
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
      );
    } finally {
      await bot.stop();
      await running;
    }
    expect(server.pollers).toBe(0);
  });

  it("adds bot_command entities so grammY's command filter works in groups too", async () => {
    const bot = new Bot(server.token, { client: { apiRoot: server.url } });
    bot.command("help", (ctx) => ctx.reply(`help for ${ctx.chat.type}`));
    const running = bot.start();
    try {
      await server.waitForPollers();
      const msg = server.sendText({ text: "/help@shenbao_test_bot please", chatType: "supergroup" });
      expect(msg.chat.id).toBeLessThan(0);
      expect(msg.entities).toEqual([{ type: "bot_command", offset: 0, length: 22 }]);
      const reply = await server.waitForMessage(msg.chat.id, "help for supergroup");
      expect(reply.chat.type).toBe("supergroup");
    } finally {
      await bot.stop();
      await running;
    }
  });

  it("surfaces injected 429s to grammY with retry_after", async () => {
    const bot = new Bot(server.token, { client: { apiRoot: server.url } });
    await bot.init();
    server.failNext("sendMessage", { status: 429, retryAfter: 3 });
    const error = (await bot.api.sendMessage(1001, "hi").catch((e: unknown) => e)) as GrammyError;
    expect(error).toBeInstanceOf(GrammyError);
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBe(3);
    await expect(bot.api.sendMessage(1001, "hi")).resolves.toMatchObject({ text: "hi" });
    expect(server.tooManyRequests).toBe(1);
  });
});

describe("protocol", () => {
  it("answers 401 for a wrong token and 404 for unknown methods", async () => {
    const wrong = await api("getMe", {}, "123:wrong");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });

    const unknown = await api("sendTelepathy");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ ok: false, error_code: 404, description: "Not Found" });

    const bogusPath = await fetch(`${server.url}/nothing`);
    expect(bogusPath.status).toBe(404);
  });

  it("accepts form-urlencoded, multipart and GET query parameters", async () => {
    const form = await fetch(`${server.url}/bot${server.token}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({
        chat_id: "1001",
        text: "123",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "a", callback_data: "b" }]] }),
      }),
    });
    expect(form.status).toBe(200);
    const multipart = new FormData();
    multipart.set("chat_id", "1001");
    multipart.set("text", "*bold*");
    multipart.set("parse_mode", "MarkdownV2");
    const mp = await fetch(`${server.url}/bot${server.token}/sendMessage`, {
      method: "POST",
      body: multipart,
    });
    expect(mp.status).toBe(200);
    const get = await fetch(`${server.url}/bot${server.token}/getMe`);
    expect(((await get.json()) as { result: { username: string } }).result.username).toBe("shenbao_test_bot");

    const [first, second] = server.messages(1001);
    expect(first).toMatchObject({ text: "123", reply_markup: { inline_keyboard: [[{ text: "a" }]] } });
    expect(second).toMatchObject({ text: "bold", entities: [{ type: "bold", offset: 0, length: 4 }] });
    expect(server.callsOf("sendMessage")[0]?.params.chat_id).toBe(1001);
  });

  it("confirms updates by offset", async () => {
    const a = server.pushUpdate({
      message: { message_id: 1, date: 0, chat: { id: 5, type: "private" }, text: "a" },
    });
    const b = server.sendText({ text: "b" });
    const all = result(await api<TgUpdate[]>("getUpdates"));
    expect(all.map((u) => u.update_id)).toEqual([a.update_id, a.update_id + 1]);
    expect(all[1]?.message?.text).toBe(b.text);

    // Without offset, unconfirmed updates are returned again; limit caps the batch.
    expect(result(await api<TgUpdate[]>("getUpdates", { limit: 1 }))).toHaveLength(1);
    // offset = id + 1 confirms everything up to id.
    const rest = result(await api<TgUpdate[]>("getUpdates", { offset: a.update_id + 1 }));
    expect(rest.map((u) => u.update_id)).toEqual([a.update_id + 1]);
    expect(result(await api<TgUpdate[]>("getUpdates", { offset: a.update_id + 2 }))).toEqual([]);
    expect(server.pendingUpdates).toEqual([]);
    expect(result(await api<TgUpdate[]>("getUpdates"))).toEqual([]);
  });

  it("long-polls: times out with [], or returns as soon as an update arrives", async () => {
    const started = Date.now();
    const empty = await api<TgUpdate[]>("getUpdates", { timeout: 1 });
    expect(result(empty)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const pending = api<TgUpdate[]>("getUpdates", { timeout: 30 });
    await server.waitForPollers();
    expect(server.pollers).toBe(1);
    server.sendText({ text: "wake up" });
    const updates = result(await pending);
    expect(updates.map((u) => u.message?.text)).toEqual(["wake up"]);
    expect(server.pollers).toBe(0);
  });

  it("releases pending long polls on close()", async () => {
    const pending = api<TgUpdate[]>("getUpdates", { timeout: 30 });
    await server.waitForPollers();
    await server.close();
    expect(result(await pending)).toEqual([]);
  });

  it("answers 409 to getUpdates while a webhook is set", async () => {
    expect(result(await api("setWebhook", { url: "https://example.com/hook" }))).toBe(true);
    expect(result(await api<{ url: string }>("getWebhookInfo")).url).toBe("https://example.com/hook");
    const conflict = await api("getUpdates");
    expect(conflict.status).toBe(409);
    await api("deleteWebhook");
    expect((await api("getUpdates")).status).toBe(200);
  });
});

describe("validation", () => {
  it("rejects empty and too long texts (UTF-16 length after entity parsing)", async () => {
    expect(failure(await api("sendMessage", { chat_id: 1001, text: "" })).description).toBe(
      "Bad Request: message text is empty",
    );
    expect(failure(await api("sendMessage", { chat_id: 1001, text: "  \n " })).description).toBe(
      "Bad Request: message text is empty",
    );
    const tooLong = await api("sendMessage", { chat_id: 1001, text: "a".repeat(4097) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: message is too long",
    });
    // 2049 emoji = 4098 UTF-16 code units.
    expect(failure(await api("sendMessage", { chat_id: 1001, text: "😀".repeat(2049) })).description).toBe(
      "Bad Request: message is too long",
    );
    expect((await api("sendMessage", { chat_id: 1001, text: "a".repeat(4096) })).status).toBe(200);
    // Markup does not count: 4096 visible characters wrapped in <b> are fine.
    const html = await api("sendMessage", {
      chat_id: 1001,
      text: `<b>${"a".repeat(4096)}</b>`,
      parse_mode: "HTML",
    });
    expect(html.status).toBe(200);
  });

  it("reports HTML and MarkdownV2 parse errors like Telegram", async () => {
    const cases: [string, string, string][] = [
      ["HTML", "<b>bold", 'Can\'t find end tag corresponding to start tag "b"'],
      ["HTML", "<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
      ["HTML", "<div>x</div>", 'Unsupported start tag "div" at byte offset 0'],
      ["HTML", "a < b", 'Unsupported start tag "" at byte offset 2'],
      ["HTML", "x</b>", "Unexpected end tag at byte offset 1"],
      ["HTML", "Q&A", 'Unescaped "&"'],
      ["HTML", '<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
      ["MarkdownV2", "Hello.", "Character '.' is reserved and must be escaped with the preceding '\\'"],
      ["MarkdownV2", "*bold", "Can't find end of Bold entity at byte offset 0"],
      ["MarkdownV2", "1-2", "Character '-' is reserved and must be escaped with the preceding '\\'"],
    ];
    for (const [parseMode, text, detail] of cases) {
      const res = await api("sendMessage", { chat_id: 1001, text, parse_mode: parseMode });
      expect(res.status, text).toBe(400);
      expect(failure(res).description, text).toContain(`Bad Request: can't parse entities: ${detail}`);
    }
    expect(server.messages(1001)).toEqual([]);
  });

  it("parses valid formatting into plain text + entities", () => {
    expect(
      formatMessageText({
        text: '<b>粗</b> <a href="https://x.y/?a=1&amp;b=2">link</a> &lt;ok&gt; <pre><code class="language-ts">x</code></pre>',
        parse_mode: "HTML",
      }),
    ).toEqual({
      text: "粗 link <ok> x",
      entities: [
        { type: "bold", offset: 0, length: 1 },
        { type: "text_link", offset: 2, length: 4, url: "https://x.y/?a=1&b=2" },
        { type: "pre", offset: 12, length: 1, language: "ts" },
      ],
    });
    expect(
      formatMessageText({
        text: "*b* _i_ __u__ ~s~ ||sp|| `c\\`` [l](https://a.b/\\)) 1\\.0",
        parse_mode: "MarkdownV2",
      }),
    ).toEqual({
      text: "b i u s sp c` l 1.0",
      entities: [
        { type: "bold", offset: 0, length: 1 },
        { type: "italic", offset: 2, length: 1 },
        { type: "underline", offset: 4, length: 1 },
        { type: "strikethrough", offset: 6, length: 1 },
        { type: "spoiler", offset: 8, length: 2 },
        { type: "code", offset: 11, length: 2 },
        { type: "text_link", offset: 14, length: 1, url: "https://a.b/)" },
      ],
    });
    expect(formatMessageText({ text: ">quote\n>more\nafter", parse_mode: "MarkdownV2" })).toEqual({
      text: "quote\nmore\nafter",
      entities: [{ type: "blockquote", offset: 0, length: 10 }],
    });
  });

  it("validates explicit entities against the UTF-16 text", async () => {
    const ok = await api("sendMessage", {
      chat_id: 1001,
      text: "😀 hi",
      entities: [{ type: "bold", offset: 3, length: 2 }],
    });
    expect(ok.status).toBe(200);
    const bad = await api("sendMessage", {
      chat_id: 1001,
      text: "😀 hi",
      entities: [{ type: "bold", offset: 3, length: 3 }],
    });
    expect(bad.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse entities",
    });
  });

  it("editMessageText: edits, 'not modified', 'not found'", async () => {
    const sent = result(await api<TgMessage>("sendMessage", { chat_id: 1001, text: "v1" }));
    const edited = result(
      await api<TgMessage>("editMessageText", { chat_id: 1001, message_id: sent.message_id, text: "v2" }),
    );
    expect(edited.text).toBe("v2");
    const same = await api("editMessageText", { chat_id: 1001, message_id: sent.message_id, text: "v2" });
    expect(failure(same).description).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    const missing = await api("editMessageText", { chat_id: 1001, message_id: 999, text: "x" });
    expect(failure(missing).description).toBe("Bad Request: message to edit not found");
    expect(server.messages(1001).map((m) => m.text)).toEqual(["v2"]);

    expect(result(await api("deleteMessage", { chat_id: 1001, message_id: sent.message_id }))).toBe(true);
    expect(server.messages(1001)).toEqual([]);
    expect(
      failure(await api("deleteMessage", { chat_id: 1001, message_id: sent.message_id })).description,
    ).toBe("Bad Request: message to delete not found");
  });

  it("sendMessageDraft: private chats only, recorded in drafts()", async () => {
    expect(result(await api("sendMessageDraft", { chat_id: 1001, draft_id: 7, text: "thinking…" }))).toBe(
      true,
    );
    expect(
      result(
        await api("sendMessageDraft", {
          chat_id: 1001,
          draft_id: 7,
          text: "<i>more</i>",
          parse_mode: "HTML",
        }),
      ),
    ).toBe(true);
    expect(server.drafts(1001)).toMatchObject([
      { chat_id: 1001, draft_id: 7, text: "thinking…" },
      { chat_id: 1001, draft_id: 7, text: "more", entities: [{ type: "italic", offset: 0, length: 4 }] },
    ]);
    const group = await api("sendMessageDraft", { chat_id: -1001000000001, draft_id: 7, text: "x" });
    expect(group.status).toBe(400);
    const zero = await api("sendMessageDraft", { chat_id: 1001, draft_id: 0, text: "x" });
    expect(zero.status).toBe(400);
    expect(server.messages(1001)).toEqual([]);
  });

  it("answerInlineQuery rejects more than 50 results", async () => {
    const q = server.inlineQuery({ query: "专利" });
    const results = Array.from({ length: 51 }, (_, i) => ({
      type: "article",
      id: String(i),
      title: `r${i}`,
      input_message_content: { message_text: `r${i}` },
    }));
    const res = await api("answerInlineQuery", { inline_query_id: q.id, results });
    expect(res.status).toBe(400);
    expect(failure(res).description).toBe("Bad Request: RESULTS_TOO_MUCH");
    expect(
      result(await api("answerInlineQuery", { inline_query_id: q.id, results: results.slice(0, 50) })),
    ).toBe(true);
    expect(server.inlineAnswer(q.id)?.results).toHaveLength(50);
  });

  it("stores commands per scope and language", async () => {
    await api("setMyCommands", {
      commands: [{ command: "start", description: "开始" }],
      language_code: "zh",
    });
    await api("setMyCommands", {
      commands: [{ command: "help", description: "Help" }],
      scope: { type: "all_private_chats" },
    });
    expect(result(await api("getMyCommands", { language_code: "zh" }))).toEqual([
      { command: "start", description: "开始" },
    ]);
    expect(result(await api("getMyCommands"))).toEqual([]);
    expect(server.commands({ scope: { type: "all_private_chats" } })).toEqual([
      { command: "help", description: "Help" },
    ]);
    expect(
      failure(await api("setMyCommands", { commands: [{ command: "Bad-Name", description: "x" }] }))
        .description,
    ).toBe("Bad Request: BOT_COMMAND_INVALID");
  });
});

describe("failure injection, rate limits and waiting", () => {
  it("failNext answers 429 exactly like Telegram, then recovers", async () => {
    server.failNext("sendMessage", { status: 429, retryAfter: 5 }, 2);
    for (let i = 0; i < 2; i++) {
      const res = await api("sendMessage", { chat_id: 1001, text: "x" });
      expect(res.status).toBe(429);
      expect(res.body).toEqual({
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 5",
        parameters: { retry_after: 5 },
      });
    }
    expect((await api("sendMessage", { chat_id: 1001, text: "x" })).status).toBe(200);
    server.failNext("sendChatAction", { status: 500 });
    expect((await api("sendChatAction", { chat_id: 1001, action: "typing" })).body).toEqual({
      ok: false,
      error_code: 500,
      description: "Internal Server Error",
    });
    server.failNext("sendMessage", { status: 400, description: "Bad Request: chat not found" });
    expect(failure(await api("sendMessage", { chat_id: 1001, text: "x" })).description).toBe(
      "Bad Request: chat not found",
    );
    expect(server.tooManyRequests).toBe(2);
  });

  it("rate limits per chat and counts the 429s", async () => {
    await server.close();
    server = await startBotApiServer({ perChatPerSecond: 1, globalPerSecond: 30 });
    expect((await api("sendMessage", { chat_id: 1, text: "a" })).status).toBe(200);
    const limited = await api("sendMessage", { chat_id: 1, text: "b" });
    expect(limited.status).toBe(429);
    expect(failure(limited).parameters?.retry_after).toBe(1);
    expect((await api("sendMessage", { chat_id: 2, text: "c" })).status).toBe(200);
    expect(server.tooManyRequests).toBe(1);
  });

  it("waitFor resolves with past or future calls and explains timeouts", async () => {
    await api("sendMessage", { chat_id: 1001, text: "already there" });
    const past = await server.waitFor((c) => c.method === "sendMessage");
    expect(past.params.text).toBe("already there");

    const future = server.waitFor("sendChatAction", { since: server.calls.length });
    await api("sendChatAction", { chat_id: 1001, action: "typing" });
    expect((await future).response).toEqual({ ok: true, result: true });

    await expect(server.waitFor((c) => c.method === "sendPhoto", { timeoutMs: 50 })).rejects.toThrow(
      /no matching call within 50 ms[\s\S]*sendMessage/,
    );
    await expect(server.waitForMessage(1001, "never", { timeoutMs: 50 })).rejects.toThrow(/already there/);
  });

  it("builds realistic user updates", () => {
    const group = server.sendText({ text: "@shenbao_test_bot 你好", chatType: "group", languageCode: "en" });
    expect(group.chat).toMatchObject({ type: "group", title: "Test Group" });
    expect(group.from?.language_code).toBe("en");
    expect(group.entities).toEqual([{ type: "mention", offset: 0, length: 17 }]);
    const reply = server.sendText({
      chatId: group.chat.id,
      text: "again",
      replyToMessageId: group.message_id,
    });
    expect(reply.reply_to_message?.message_id).toBe(group.message_id);
    expect(server.sendNonText("sticker").sticker).toMatchObject({ type: "regular", emoji: "👍" });
    expect(server.sendNonText("photo", { caption: "pic" })).toMatchObject({ caption: "pic" });
    expect(detectEntities("see https://example.com/x. /start")).toEqual([
      { type: "url", offset: 4, length: 21 },
      { type: "bot_command", offset: 27, length: 6 },
    ]);
    expect(server.pendingUpdates).toHaveLength(4);
  });
});

describe("webhook delivery", () => {
  /** A webhook receiver that records what it is posted and answers with `status()`. */
  async function receiver(status: (update: TgUpdate) => number, delayMs = 0) {
    const received: { update: TgUpdate; secret: string | undefined; path: string | undefined }[] = [];
    let inFlight = 0;
    let maxInFlightPerChat = 0;
    const perChat = new Map<number, number>();
    const http = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += String(d);
      });
      req.on("end", () => {
        const update = JSON.parse(body) as TgUpdate;
        const chat = update.message?.chat.id ?? 0;
        inFlight++;
        perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
        maxInFlightPerChat = Math.max(maxInFlightPerChat, perChat.get(chat) ?? 0);
        received.push({
          update,
          secret: req.headers["x-telegram-bot-api-secret-token"] as string,
          path: req.url,
        });
        setTimeout(() => {
          inFlight--;
          perChat.set(chat, (perChat.get(chat) ?? 1) - 1);
          res.writeHead(status(update)).end();
        }, delayMs);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      received,
      maxInFlightPerChat: () => maxInFlightPerChat,
      inFlight: () => inFlight,
      close: () => new Promise<void>((resolve) => http.close(() => resolve())),
    };
  }

  it("posts each update with the secret token to the webhook's path, one per chat at a time", async () => {
    const hook = await receiver(() => 200, 30);
    await api("setWebhook", { url: "https://bot.example.org/tg/hook?x=1", secret_token: "s3cret_token" });
    server.routeWebhook([hook.url]);
    for (let i = 0; i < 3; i++) server.sendText({ chatId: 1001, text: `a${i}` });
    server.sendText({ chatId: 1002, text: "b" });
    await server.waitForConfirmed();
    expect(hook.received.map((r) => r.update.message?.text).filter((t) => t?.startsWith("a"))).toEqual([
      "a0",
      "a1",
      "a2",
    ]);
    expect(hook.received.every((r) => r.secret === "s3cret_token" && r.path === "/tg/hook?x=1")).toBe(true);
    expect(hook.maxInFlightPerChat()).toBe(1);
    expect(server.webhookDeliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    await hook.close();
  });

  it("tries a failed delivery again, on the next target, until it gets a 2xx", async () => {
    let refuse = true;
    const flaky = await receiver(() => (refuse ? 503 : 200));
    const down = "http://127.0.0.1:1";
    await api("setWebhook", { url: "https://bot.example.org/hook" });
    server.routeWebhook([down, flaky.url], { retryMs: 20 });
    server.sendText({ text: "hello" });
    await vi.waitFor(() => expect(server.webhookDeliveries.length).toBeGreaterThanOrEqual(2));
    expect(server.webhookInfo.pending_update_count).toBe(1);
    expect(server.webhookInfo.last_error_message).toBeDefined();
    refuse = false;
    await server.waitForConfirmed();
    const statuses = server.webhookDeliveries.map((d) => d.status);
    expect(statuses[0]).toBe("ECONNREFUSED");
    expect(statuses).toContain(503);
    expect(statuses.at(-1)).toBe(200);
    await flaky.close();
  });
});
