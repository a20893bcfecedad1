import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize } from "@grammyjs/runner";
import { Bot, type Context, GrammyError, HttpError } from "grammy";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Language, Turn } from "../answer/types.ts";
import type { Config } from "../config.ts";

/** Telegram's limit on one message's text. */
const MAX_MESSAGE = 4096;
const KEEP_TURNS = 10;

/** Splits a text at paragraph boundaries (lines when a paragraph alone is too long) into sendable parts. */
export function splitMessage(text: string, limit = MAX_MESSAGE): string[] {
  const parts: string[] = [];
  let current = "";
  for (const piece of text.split(/(?<=\n\n)/)) {
    const chunks =
      piece.length > limit ? (piece.match(new RegExp(`[\\s\\S]{1,${limit}}`, "g")) ?? []) : [piece];
    for (const chunk of chunks) {
      if (current.length + chunk.length > limit && current) {
        parts.push(current.trimEnd());
        current = "";
      }
      current += chunk;
    }
  }
  if (current.trim()) parts.push(current.trimEnd());
  return parts;
}

/** The answer markup's **bold** as plain text: no parse mode, so nothing a user or model writes can break a message. */
const plain = (text: string) => text.replace(/\*\*(.+?)\*\*/gs, "$1");

/**
 * A minimal Telegram adapter over the assistant: free text in, the assistant's answer out, one chat's
 * messages in order, many chats at once, with 429/5xx retried and a clean stop on SIGINT/SIGTERM.
 */
export function createBot(assistant: Assistant, config: Config, logger: Logger): Bot {
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN ?? "", {
    ...(config.TELEGRAM_API_ROOT ? { client: { apiRoot: config.TELEGRAM_API_ROOT } } : {}),
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));

  const histories = new Map<number, Turn[]>();
  const language = (ctx: Context): Language => (ctx.from?.language_code?.startsWith("en") ? "en" : "zh");

  bot.command(["start", "help"], (ctx) =>
    ctx.reply(
      language(ctx) === "en"
        ? '申报助手 — ask which of the 2026 MIIT IP plan\'s ten directions fits your topic, a direction\'s policy basis, or how to write the proposal. Try: "drone patent early warning" or "direction 3". /reset clears the conversation.'
        : "申报助手：问我哪个方向适合你的题目、某方向的政策依据、申报书怎么写。例如「我们做无人机专利预警，报哪个方向？」或「方向3」。/reset 清空对话。",
    ),
  );
  bot.command("reset", async (ctx) => {
    if (ctx.chat) histories.delete(ctx.chat.id);
    await ctx.reply(language(ctx) === "en" ? "Conversation cleared." : "对话已清空。");
  });

  bot.on("message:text", async (ctx) => {
    const question = ctx.message.text.trim();
    if (question.startsWith("/")) return;
    if (question.length > config.MAX_QUESTION_LENGTH) {
      await ctx.reply(`问题太长了（上限 ${config.MAX_QUESTION_LENGTH} 字），请精简后再问。`);
      return;
    }
    const history = histories.get(ctx.chat.id) ?? [];
    await ctx.replyWithChatAction("typing").catch(() => {});
    const answer = await assistant.ask(question, {
      history,
      userId: String(ctx.from.id),
      preferredLanguage: language(ctx),
    }).answer;
    for (const part of splitMessage(plain(answer.text))) await ctx.reply(part);
    histories.set(
      ctx.chat.id,
      [...history, { question, answer: answer.text, directions: answer.citations }].slice(-KEEP_TURNS),
    );
  });
  bot.on("message", (ctx) =>
    ctx.reply(language(ctx) === "en" ? "Please send your question as text." : "请用文字发送你的问题。"),
  );

  bot.catch(async (err) => {
    const e = err.error;
    const kind =
      e instanceof GrammyError ? `telegram ${e.error_code}` : e instanceof HttpError ? "network" : "internal";
    logger.error({ kind, update: err.ctx.update.update_id }, "update failed");
    await err.ctx
      .reply("抱歉，处理这条消息时出错了，请稍后再试。Sorry, something went wrong; please try again.")
      .catch(() => {});
  });
  return bot;
}

/** Starts long polling; on SIGINT/SIGTERM stops taking updates, lets answers in flight finish, exits 0. */
export async function startBot(assistant: Assistant, config: Config, logger: Logger): Promise<void> {
  const bot = createBot(assistant, config, logger);
  await bot.init();
  await bot.api.setMyCommands([
    { command: "start", description: "开始 / Start" },
    { command: "help", description: "帮助 / Help" },
    { command: "reset", description: "清空对话 / Reset the conversation" },
  ]);
  const runner = run(bot);
  logger.info({ bot: bot.botInfo.username }, "bot started (long polling)");
  const stop = async () => {
    logger.info("stopping: no new updates, finishing answers in flight");
    const timer = setTimeout(() => process.exit(0), config.SHUTDOWN_GRACE_MS);
    await runner.stop();
    clearTimeout(timer);
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await runner.task();
}
