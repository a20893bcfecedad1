/**
 * What the bot tests share: a configuration, a silent logger, a recorder that stands in for Telegram
 * when a test drives `bot.handleUpdate`, and builders for the updates users send.
 */
import type { Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { type Logger, pino } from "pino";
import { type Assistant, createAssistant } from "../../src/answer/assistant.ts";
import { type BotOptions, createBot } from "../../src/bot/index.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";

export const TOKEN = "123456789:TEST_token_for_feature_tests_0000000";
export const logger = pino({ level: "silent" });

/** A logger that keeps its lines, to check what reaches the log. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  // The process's own logger (its redaction included), writing here instead of standard error.
  const logger = createLogger(
    "debug",
    { TELEGRAM_BOT_TOKEN: TOKEN },
    { write: (line: string) => lines.push(line) },
  );
  return { logger, lines };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, LOG_LEVEL: "silent", ...env });
}

/** The table-only assistant (no model key), loaded once: it is the same for every test. */
let tableAssistant: Assistant | undefined;
export function assistantWithoutModel(): Assistant {
  tableAssistant ??= createAssistant(testConfig(), logger);
  return tableAssistant;
}

export const botInfo = {
  id: 42,
  is_bot: true,
  first_name: "申报助手",
  username: "shenbao_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
}

type Reply =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: object };

/**
 * Answers API calls like Telegram would, without a network, and records them. `fail(method, reply)`
 * makes the next call of that method fail.
 */
export class Recorder {
  readonly calls: RecordedCall[] = [];
  private nextMessageId = 1;
  private readonly failures = new Map<string, Reply[]>();

  readonly transformer: Transformer = async (_prev, method, payload) => {
    const params = (payload ?? {}) as Record<string, unknown>;
    this.calls.push({ method, payload: params });
    const failure = this.failures.get(method)?.shift();
    if (failure) return failure as never;
    return { ok: true, result: this.result(method, params) } as never;
  };

  fail(method: string, reply: Omit<Extract<Reply, { ok: false }>, "ok">, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push({ ok: false, ...reply });
    this.failures.set(method, list);
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.payload);
  }

  /** The texts of the messages sent, in order. */
  get texts(): string[] {
    return this.of("sendMessage").map((p) => String(p.text));
  }

  /** Every callback_data of the inline keyboards sent. */
  buttons(index = -1): { text: string; callback_data?: string; url?: string }[] {
    const markup = this.of("sendMessage").at(index)?.reply_markup as
      | { inline_keyboard: { text: string; callback_data?: string }[][] }
      | undefined;
    return markup?.inline_keyboard.flat() ?? [];
  }

  clear(): void {
    this.calls.length = 0;
  }

  private result(method: string, params: Record<string, unknown>): unknown {
    if (method === "sendMessage") {
      return {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(params.chat_id), type: Number(params.chat_id) > 0 ? "private" : "supergroup" },
        from: botInfo,
        text: params.text,
      };
    }
    if (method === "getMe") return botInfo;
    if (method === "getUpdates") return [];
    return true;
  }
}

/** A bot over the given assistant whose calls go to a recorder. */
export function recordedBot(
  options: { assistant?: Assistant; env?: Record<string, string>; logger?: Logger } & BotOptions = {},
) {
  const recorder = new Recorder();
  const { assistant = assistantWithoutModel(), env, logger: log = logger, ...botOptions } = options;
  const bot = createBot(assistant, testConfig(env), log, {
    botInfo,
    transformers: [recorder.transformer],
    ...botOptions,
  });
  return { bot, recorder };
}

// ------------------------------------------------------------------ updates

let updateId = 1;
let messageId = 1000;

export const USER = { id: 1001, is_bot: false, first_name: "Test", language_code: "zh-hans" };
export const GROUP = { id: -100123, type: "supergroup" as const, title: "申报群" };

interface From {
  from?: Partial<typeof USER> & { id?: number };
}

export function textUpdate(
  text: string,
  options: From & {
    chat?: { id: number; type: "private" | "group" | "supergroup"; title?: string };
    replyTo?: object;
  } = {},
): Update {
  const from = { ...USER, ...options.from };
  const chat = options.chat ?? { id: from.id, type: "private" as const, first_name: from.first_name };
  const entities: { type: string; offset: number; length: number }[] = [];
  const command = /^\/\S+/.exec(text);
  if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
  for (const m of text.matchAll(/@\w+/g))
    entities.push({ type: "mention", offset: m.index, length: m[0].length });
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    },
  } as Update;
}

export function stickerUpdate(options: From = {}): Update {
  const from = { ...USER, ...options.from };
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: "private", first_name: from.first_name },
      from,
      sticker: {
        file_id: "s",
        file_unique_id: "s",
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    },
  } as Update;
}

export function callbackUpdate(data: string, options: From = {}): Update {
  const from = { ...USER, ...options.from };
  return {
    update_id: updateId++,
    callback_query: {
      id: String(updateId),
      from,
      chat_instance: "1",
      data,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from.id, type: "private", first_name: from.first_name },
        from: botInfo,
        // The bot's own message under the button: Chinese, whatever the user's language.
        text: "方向3「低空经济关键技术专利预警及对策」 [方向3]",
      },
    },
  } as Update;
}

export function inlineUpdate(query: string, options: From = {}): Update {
  return {
    update_id: updateId++,
    inline_query: { id: String(updateId), from: { ...USER, ...options.from }, query, offset: "" },
  } as Update;
}
