import { MemorySessionStorage } from "grammy";
import { describe, expect, it } from "vitest";
import { type Assistant, createAssistant } from "../../src/answer/assistant.ts";
import type { AskOptions } from "../../src/answer/types.ts";
import type { SessionData } from "../../src/bot/index.ts";
import {
  assistantWithoutModel,
  botInfo,
  callbackUpdate,
  capturingLogger,
  GROUP,
  inlineUpdate,
  logger,
  recordedBot,
  stickerUpdate,
  TOKEN,
  testConfig,
  textUpdate,
  USER,
} from "./harness.ts";

const EN = { from: { language_code: "en" } };

describe("/start", () => {
  it("welcomes with example questions and all directions as buttons", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/start"));
    expect(recorder.texts[0]).toContain("申报助手");
    expect(recorder.texts[0]).toContain("10 个研究方向");
    const buttons = recorder.buttons();
    expect(buttons.map((b) => b.callback_data)).toEqual(["ex:zh:0", "ex:zh:1", "ex:zh:2", "dirs"]);
    expect(buttons[0]?.text).toContain("无人机");
  });

  it("opens a direction's card from a deep link ?start=d3", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/start d3"));
    expect(recorder.texts).toHaveLength(1);
    // The title once in the heading (issue 11: no repeated title or tag); the sources cite [方向3].
    expect(recorder.texts[0]).toMatch(/^方向3「低空经济关键技术专利预警及对策」\n/);
    expect(recorder.texts[0]).toContain("[方向3]");
    expect(recorder.texts[0]).toContain("申报建议（原文）");
    expect(recorder.texts[0]).toContain("政策指引（原文）");
  });

  it("opens a direction's proposal tips from ?start=t5", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/start t5"));
    expect(recorder.texts[0]).toContain("申报要点清单");
    expect(recorder.texts[0]).toContain("[方向5]");
  });

  it("answers an example question when its button is pressed, showing the question as a notification", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(callbackUpdate("ex:zh:0"));
    expect(recorder.of("answerCallbackQuery")[0]?.text).toBe("我们做无人机专利预警，报哪个方向？");
    expect(recorder.texts[0]).toContain("最匹配的方向：方向3");
  });

  it("welcomes a user whose Telegram is in English in English", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/start", EN));
    expect(recorder.texts[0]).toContain("research directions");
    expect(recorder.buttons()[0]?.callback_data).toBe("ex:en:0");
  });
});

describe("/direction and /directions", () => {
  it("shows a card with buttons for its policy basis, proposal tips and related directions", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/direction 3"));
    const text = recorder.texts[0] ?? "";
    expect(text).toContain("第一部分：重点产业知识产权分析与风险防控预警");
    expect(text).toContain("以官方发布为准");
    expect(recorder.of("sendMessage")[0]?.entities).toEqual([{ type: "bold", offset: 0, length: 20 }]);
    // Related by meaning (issue 11), not the numeric neighbours 2, 4, 5 of the old card.
    expect(recorder.buttons().map((b) => b.callback_data)).toEqual(["p:3", "t:3", "d:2", "d:10", "dirs"]);
    for (const button of recorder.buttons()) expect(button.text.length).toBeLessThanOrEqual(16);
  });

  it("relates the patent-pool rows to each other and the SEP rows to each other, with short labels", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/direction 7"));
    const related = recorder.buttons().filter((b) => /^d:/.test(String(b.callback_data)));
    expect(related[0]).toEqual({ text: "8 · 海外专利池", callback_data: "d:8" });
    const second = recordedBot();
    await second.bot.handleUpdate(textUpdate("/direction 9"));
    const sep = second.recorder.buttons().filter((b) => /^d:/.test(String(b.callback_data)));
    expect(sep[0]).toEqual({ text: "10 · SEP布局", callback_data: "d:10" });
  });

  it("answers /direction 11 with the valid range", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/direction 11"));
    expect(recorder.texts).toEqual([expect.stringContaining("表中没有方向11")]);
    expect(recorder.texts[0]).toContain("1–10");
  });

  it("answers /direction abc with the valid range", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/direction abc"));
    expect(recorder.texts).toEqual([expect.stringContaining("「abc」不是方向编号")]);
    expect(recorder.texts[0]).toContain("1–10");
  });

  it("answers /direction 0 in English for an English user", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/direction 0", EN));
    expect(recorder.texts[0]).toContain("There is no direction 0");
    expect(recorder.texts[0]).toContain("1–10");
  });

  it("lists all ten directions as buttons, under their part headings", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/directions"));
    expect(recorder.texts[0]).toContain("第一部分");
    expect(recorder.texts[0]).toContain("（方向1–6）");
    const buttons = recorder.buttons();
    expect(buttons.map((b) => b.callback_data)).toEqual(Array.from({ length: 10 }, (_, i) => `d:${i + 1}`));
    // Short names fit a phone (issue 11); the full titles are on the cards.
    expect(buttons[2]?.text).toBe("3. 低空经济");
  });

  it("opens a card in English for an English user pressing a button", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(callbackUpdate("d:3", EN));
    expect(recorder.texts[0]).toMatch(/^Direction 3 — /);
    expect(recorder.buttons().map((b) => b.text)).toContain("✍️ Proposal tips");
  });

  it("opens a card when its button is pressed, and stops the button's spinner", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(callbackUpdate("d:7"));
    expect(recorder.of("answerCallbackQuery")).toHaveLength(1);
    expect(recorder.texts[0]).toContain("[方向7]");
  });
});

describe("/policy", () => {
  it("lists the policy documents with the directions citing them", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/policy"));
    expect(recorder.texts[0]).toContain("国家“十五五”规划纲要：方向2、3、4、5、6、8、9、10");
    expect(recorder.buttons()).toHaveLength(8);
  });

  it("answers /policy with a document's name with the directions citing it", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/policy 涉外知识产权纠纷处理的规定"));
    expect(recorder.texts[0]).toContain("[方向4]");
    expect(recorder.texts[0]).toContain("[方向8]");
    expect(recorder.buttons().map((b) => b.callback_data)).toEqual(["d:4", "d:8"]);
  });

  it("names documents on buttons by a stable id and lists the directions citing the one pressed", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/policy"));
    const buttons = recorder.buttons().map((b) => b.callback_data ?? "");
    expect(buttons.every((data) => /^pd:[0-9a-f]{10}$/.test(data))).toBe(true);
    const pv = recorder.buttons().find((b) => b.text.includes("光伏"))?.callback_data;
    await bot.handleUpdate(callbackUpdate(pv ?? ""));
    expect(recorder.texts.at(-1)).toContain("的方向共 1 个");
    expect(recorder.texts.at(-1)).toContain("[方向7]");
  });

  it("ignores a document button from before a reload that no longer names a document", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(callbackUpdate("pd:0"));
    await bot.handleUpdate(callbackUpdate("pd:0123456789"));
    expect(recorder.texts).toEqual([]);
  });

  it("shows a direction's policy basis from the card's button", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(callbackUpdate("p:3"));
    expect(recorder.texts[0]).toContain("方向3「低空经济关键技术专利预警及对策」的政策指引");
  });
});

describe("/tips", () => {
  it("gives the checklist of a direction", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/tips 3"));
    expect(recorder.texts[0]).toContain("申报要点清单");
    expect(recorder.texts[0]).toContain("☐ ");
  });

  it("asks for a number when the conversation has no direction yet", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/tips", { from: { id: 5005 } }));
    expect(recorder.texts[0]).toContain("/tips 3");
  });

  it("uses the direction the conversation is about when no number is given", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("量子计算的专利布局，适合哪个方向？", { from: { id: 5006 } }));
    await bot.handleUpdate(textUpdate("/tips", { from: { id: 5006 } }));
    expect(recorder.texts[1]).toContain("方向5");
    expect(recorder.texts[1]).toContain("申报要点清单");
  });
});

describe("questions", () => {
  it("answers free text with the best direction and buttons to its card, tips and 👍/👎", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？"));
    expect(recorder.of("sendChatAction")[0]).toMatchObject({ chat_id: USER.id, action: "typing" });
    expect(recorder.texts).toHaveLength(1);
    expect(recorder.texts[0]).toContain("最匹配的方向：方向3");
    const data = recorder.buttons().map((b) => b.callback_data);
    expect(data.slice(0, 2)).toEqual(["d:3", "t:3"]);
    expect(data.slice(2)).toEqual([
      expect.stringMatching(/^v:u:[\w-]{8}$/),
      expect.stringMatching(/^v:d:[\w-]{8}$/),
    ]);
  });

  it("answers a question written in English in English, and keeps English for the next command", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(
      textUpdate("Which direction fits drone patent early warning?", { from: { id: 5007 } }),
    );
    await bot.handleUpdate(textUpdate("/direction 99", { from: { id: 5007 } }));
    expect(recorder.texts[0]).toContain("[Direction 3]");
    expect(recorder.texts[1]).toContain("There is no direction 99");
  });

  it("keeps a Chinese chat in Chinese when the user types an ASCII keyword", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("我们做无人机专利预警", { from: { id: 5008 } }));
    await bot.handleUpdate(textUpdate("SEP", { from: { id: 5008 } }));
    await bot.handleUpdate(textUpdate("/direction 99", { from: { id: 5008 } }));
    expect(recorder.texts[1]).toContain("[方向");
    expect(recorder.texts[2]).not.toContain("There is no direction 99");
  });

  it("remembers the conversation in the session, bounded, and /reset deletes it", async () => {
    const storage = new MemorySessionStorage<SessionData>();
    const { bot, recorder } = recordedBot({ storage });
    const from = { id: 5008 };
    for (let i = 0; i < 8; i++) await bot.handleUpdate(textUpdate("低空经济选哪个方向？", { from }));
    const session = storage.read("5008");
    expect(session?.history).toHaveLength(6);
    expect(session?.history[0]).toMatchObject({ question: "低空经济选哪个方向？", directions: [3] });
    expect(session?.topic).toBe("低空经济选哪个方向？");
    await bot.handleUpdate(textUpdate("/reset", { from }));
    expect(recorder.texts.at(-1)).toContain("已清空");
    expect(storage.read("5008")).toBeUndefined();
  });

  it("asks the assistant with the conversation so far", async () => {
    const seen: unknown[] = [];
    const real = assistantWithoutModel();
    const spy = Object.create(real, {
      ask: {
        value: (question: string, options: AskOptions) => {
          seen.push(structuredClone(options.history));
          return real.ask(question, options);
        },
      },
    }) as Assistant;
    const { bot } = recordedBot({ assistant: spy });
    const from = { id: 5009 };
    await bot.handleUpdate(textUpdate("低空经济选哪个方向？", { from }));
    await bot.handleUpdate(textUpdate("那政策依据呢？", { from }));
    await bot.handleUpdate(textUpdate("/reset", { from }));
    await bot.handleUpdate(textUpdate("那政策依据呢？", { from }));
    expect(seen[0]).toEqual([]);
    expect(seen[1]).toEqual([expect.objectContaining({ question: "低空经济选哪个方向？", directions: [3] })]);
    expect(seen[2]).toEqual([]);
  });

  it("refuses a question longer than MAX_QUESTION_LENGTH, saying the limit", async () => {
    const { bot, recorder } = recordedBot({ env: { MAX_QUESTION_LENGTH: "20" } });
    await bot.handleUpdate(textUpdate("无人机".repeat(10)));
    expect(recorder.texts).toEqual([expect.stringContaining("20 字以内")]);
  });

  it("limits questions per user per minute, telling which question was not answered and when to ask again", async () => {
    const { bot, recorder } = recordedBot({ env: { RATE_LIMIT_PER_MINUTE: "2" } });
    const from = { id: 5010 };
    for (let i = 0; i < 5; i++) await bot.handleUpdate(textUpdate(`低空经济选哪个方向？${i}`, { from }));
    // Every question gets a reply: two answers, then three that name the question left unanswered.
    expect(recorder.texts).toHaveLength(5);
    for (const [i, text] of recorder.texts.slice(2).entries()) {
      expect(text).toContain("每分钟最多 2 个问题");
      expect(text).toContain(`「低空经济选哪个方向？${i + 2}」`);
      expect(text).toMatch(/请在 \d+ 秒后再问/);
    }
    // Commands have a limit of their own.
    await bot.handleUpdate(textUpdate("/direction 3", { from }));
    expect(recorder.texts[5]).toContain("[方向3]");
  });

  it("points an unknown command to /help", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/foo"));
    expect(recorder.texts[0]).toContain("/help");
  });

  it("gives a short hint for a sticker", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(stickerUpdate());
    expect(recorder.texts).toEqual([expect.stringContaining("我只能读文字")]);
  });
});

describe("groups", () => {
  const chat = GROUP;

  it("ignores chatter that does not address the bot", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("大家中午吃什么？无人机专利谁在做？", { chat }));
    expect(recorder.calls).toEqual([]);
  });

  it("answers a mention, as a reply to it, without drafts", async () => {
    const { bot, recorder } = recordedBot();
    const update = textUpdate("@shenbao_test_bot 无人机专利预警报哪个方向？", { chat });
    await bot.handleUpdate(update);
    expect(recorder.of("sendMessageDraft")).toEqual([]);
    const [sent] = recorder.of("sendMessage");
    expect(sent?.chat_id).toBe(chat.id);
    expect(sent?.text).toContain("方向3");
    expect(sent?.reply_parameters).toMatchObject({ message_id: update.message?.message_id });
  });

  it("answers a reply to one of its messages", async () => {
    const { bot, recorder } = recordedBot();
    const botMessage = { message_id: 1, date: 0, chat, from: botInfo, text: "…" };
    await bot.handleUpdate(textUpdate("光伏出海的专利风险呢？", { chat, replyTo: botMessage }));
    expect(recorder.texts[0]).toContain("方向4");
  });

  it("answers commands addressed to it", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate("/direction@shenbao_test_bot 9", { chat }));
    expect(recorder.texts[0]).toContain("[方向9]");
  });
});

describe("inline mode", () => {
  it("returns direction cards from the table for a keyword", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(inlineUpdate("无人机"));
    const [answer] = recorder.of("answerInlineQuery");
    const results = answer?.results as {
      id: string;
      title: string;
      input_message_content: { message_text: string };
    }[];
    expect(results[0]?.title).toBe("方向3：低空经济关键技术专利预警及对策");
    expect(results[0]?.input_message_content.message_text).toContain("申报建议（原文）");
    expect(answer?.cache_time).toBe(300);
  });

  it("returns all ten directions for an empty query, in English for an English user", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(inlineUpdate("", EN));
    const results = recorder.of("answerInlineQuery")[0]?.results as {
      title: string;
      reply_markup: unknown;
    }[];
    expect(results).toHaveLength(10);
    expect(results[0]?.title).toMatch(/^Direction 1: /);
    expect(JSON.stringify(results[0]?.reply_markup)).toContain("https://t.me/shenbao_test_bot?start=d1");
  });
});

describe("admin and access", () => {
  it("refuses /stats to a user who is not an admin", async () => {
    const { bot, recorder } = recordedBot({ env: { ADMIN_IDS: "9" } });
    await bot.handleUpdate(textUpdate("/stats"));
    expect(recorder.texts).toEqual(["这个命令仅限管理员使用。"]);
  });

  it("shows an admin today's users, questions and the questions that found no direction", async () => {
    const { bot, recorder } = recordedBot({ env: { ADMIN_IDS: String(USER.id) } });
    await bot.handleUpdate(textUpdate("低空经济选哪个方向？"));
    await bot.handleUpdate(textUpdate("今天天气怎么样？"));
    await bot.handleUpdate(textUpdate("/stats"));
    const stats = recorder.texts.at(-1) ?? "";
    expect(stats).toContain("用户：1");
    expect(stats).toContain("问题：2");
    expect(stats).toContain("未找到方向的问题：1");
    expect(stats).toContain("今天天气怎么样？");
  });

  it("reloads the corpus and texts for an admin", async () => {
    const assistant = createAssistant(testConfig(), logger);
    const before = assistant.edition;
    const { bot, recorder } = recordedBot({ env: { ADMIN_IDS: String(USER.id) }, assistant });
    await bot.handleUpdate(textUpdate("/reload"));
    expect(recorder.texts[0]).toContain("已重新加载");
    expect(assistant.edition).not.toBe(before);
    expect(recorder.of("setMyCommands")).toHaveLength(3);
  });

  it("keeps serving the old data when a reload fails", async () => {
    const assistant = createAssistant(testConfig(), logger);
    const { bot, recorder } = recordedBot({
      env: { ADMIN_IDS: String(USER.id), CORPUS_DIR: "no-such-folder" },
      assistant,
    });
    await bot.handleUpdate(textUpdate("/reload"));
    expect(recorder.texts[0]).toContain("重新加载失败");
    await bot.handleUpdate(textUpdate("/direction 3"));
    expect(recorder.texts[1]).toContain("[方向3]");
  });

  it("turns away a user who is not on the allow-list, and lets a listed one in", async () => {
    const { bot, recorder } = recordedBot({ env: { ALLOWED_USER_IDS: "7,8" } });
    await bot.handleUpdate(textUpdate("/start"));
    expect(recorder.texts).toEqual([expect.stringContaining("只对受邀用户开放")]);
    await bot.handleUpdate(textUpdate("/start", { from: { id: 7 } }));
    expect(recorder.texts[1]).toContain("申报助手");
  });

  it("serves everyone in an allowed group", async () => {
    const { bot, recorder } = recordedBot({ env: { ALLOWED_CHAT_IDS: String(GROUP.id) } });
    await bot.handleUpdate(textUpdate("/direction 1", { chat: GROUP }));
    expect(recorder.texts[0]).toContain("[方向1]");
  });
});

describe("errors", () => {
  it("apologises briefly when answering fails; the log has the error but no stack or token", async () => {
    const failing = Object.create(assistantWithoutModel(), {
      ask: {
        value: () => {
          throw new Error(`ENOENT /srv/corpus.txt (token ${TOKEN})`);
        },
      },
    }) as Assistant;
    const log = capturingLogger();
    const { bot, recorder } = recordedBot({ assistant: failing, logger: log.logger });
    // As the runner does: an update that throws goes to the bot's error handler.
    await bot.handleUpdate(textUpdate("低空经济选哪个方向？")).catch((error) => bot.errorHandler(error));
    expect(recorder.texts).toEqual(["抱歉，处理时出了点问题，请稍后再试。"]);
    const logged = log.lines.join("");
    expect(logged).toContain("ENOENT /srv/corpus.txt");
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it("retries a message Telegram refused with 429 after retry_after", async () => {
    const { bot, recorder } = recordedBot();
    recorder.fail("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 0",
      parameters: { retry_after: 0 },
    });
    await bot.handleUpdate(textUpdate("/direction 2"));
    expect(recorder.of("sendMessage")).toHaveLength(2);
    expect(recorder.texts[1]).toContain("[方向2]");
  });

  it("sends a message as plain text when Telegram cannot parse its entities", async () => {
    const { bot, recorder } = recordedBot();
    recorder.fail("sendMessage", {
      error_code: 400,
      description: "Bad Request: can't parse entities: bad offset",
    });
    await bot.handleUpdate(textUpdate("/direction 2"));
    const [formatted, plain] = recorder.of("sendMessage");
    expect(formatted?.entities).not.toEqual([]);
    expect(plain?.entities).toBeUndefined();
    expect(plain?.text).toBe(formatted?.text);
  });
});

describe("updates delivered again", () => {
  it("answers an update Telegram delivers twice only once", async () => {
    const { bot, recorder } = recordedBot();
    const update = textUpdate("/direction 3");
    await bot.handleUpdate(update);
    await bot.handleUpdate(structuredClone(update));
    expect(recorder.texts).toHaveLength(1);
  });
});
