import type { Context, MiddlewareFn } from "grammy";
import type { Logger } from "pino";
import type { BotTexts } from "../i18n.ts";
import { describeError } from "../logger.ts";
import type { QuestionCounter } from "../ports/question-counter.ts";
import { type BotContext, languageOf } from "./context.ts";
import { sendMarkdown } from "./deliver.ts";
import { clip } from "./format.ts";

/**
 * Updates one chat (one user in a group) may have waiting or in progress. Each one holds a slot of the
 * runner while its chat's sends are paced (about one a second), so without a bound one flooding chat
 * holds the capacity everyone else needs. Enough for a user pasting a few questions at once.
 */
export const MAX_CHAT_BACKLOG = 4;

/** Characters of a skipped or refused question quoted back to the user. */
const QUOTED = 30;

interface Backlog {
  pending: number;
  /** What was skipped while the backlog was full, quoted for the one notice at the end. */
  skipped: string[];
}

/**
 * Bounds each chat's backlog: past `MAX_CHAT_BACKLOG` updates waiting or in progress, further
 * messages are not handled. Once the chat's backlog is worked off the user is told, in one message,
 * which messages were skipped and to send them again; a skipped button is answered at once. Runs
 * before `sequentialize`, so a skipped update never waits in the chat's queue.
 */
export function boundChatBacklog(
  texts: BotTexts,
  logger: Logger,
  max = MAX_CHAT_BACKLOG,
): MiddlewareFn<Context> {
  const chats = new Map<string, Backlog>();
  return async (ctx, next) => {
    const key = backlogKey(ctx);
    if (key === undefined) return next();
    const backlog = chats.get(key) ?? { pending: 0, skipped: [] };
    chats.set(key, backlog);
    const language = languageOf(ctx, undefined);
    if (backlog.pending >= max) {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: texts.say(language, "busyButton") }).catch(() => {});
      } else if (ctx.message && addressed(ctx)) {
        const text = ctx.message.text ?? ctx.message.caption;
        backlog.skipped.push(text ? `「${clip(text.replace(/\s+/g, " ").trim(), QUOTED)}」` : "…");
      }
      logger.info(
        { update: ctx.update.update_id, pending: backlog.pending },
        "chat backlog full; update skipped",
      );
      return;
    }
    backlog.pending++;
    try {
      await next();
    } finally {
      backlog.pending--;
      if (backlog.pending === 0) {
        chats.delete(key);
        if (backlog.skipped.length > 0 && ctx.chat) {
          const shown = backlog.skipped.slice(0, 5);
          const more = backlog.skipped.length - shown.length;
          const notice = texts.say(language, "skippedMessages", {
            count: backlog.skipped.length,
            list: shown.join(" ") + (more > 0 ? texts.say(language, "andMore", { count: more }) : ""),
          });
          await ctx.api
            .sendMessage(ctx.chat.id, notice)
            .catch((error: unknown) =>
              logger.warn({ error: describeError(error) }, "could not send the skipped notice"),
            );
        }
      }
    }
  };
}

/** Whether a message was meant for the bot: anything in a private chat; a command or a mention in a group. */
function addressed(ctx: Context): boolean {
  if (ctx.chat?.type === "private") return true;
  const text = ctx.message?.text ?? "";
  return (
    text.startsWith("/") ||
    text.includes(`@${ctx.me.username}`) ||
    ctx.message?.reply_to_message?.from?.id === ctx.me.id
  );
}

function backlogKey(ctx: Context): string | undefined {
  const chat = ctx.chat?.id ?? ctx.callbackQuery?.message?.chat.id;
  const user = ctx.from?.id;
  if (chat === undefined) return user === undefined ? undefined : `user:${user}`;
  return ctx.chat?.type === "private" || user === undefined ? String(chat) : `${chat}:${user}`;
}

export interface PerUserLimit {
  counter: QuestionCounter;
  /** `questions:` or `commands:`; the key is this and the user id. */
  prefix: string;
  limit: number;
  windowMs: number;
  logger: Logger;
  /** Tells the user; `hits` is the count in this window (limit + 1 for the first refused). */
  onLimited(ctx: BotContext, retryInSeconds: number, hits: number): Promise<unknown>;
}

/**
 * At most `limit` updates per user per window, counted in `counter` (memory or Redis). What is over
 * goes to `onLimited` instead of the handler. A counter that fails (Redis away) lets the update
 * through: a limit is not worth a lost answer.
 */
export function limitPerUser(options: PerUserLimit): MiddlewareFn<BotContext> {
  const { counter, prefix, limit, windowMs, logger } = options;
  return async (ctx, next) => {
    const user = ctx.from?.id;
    if (user === undefined) return next();
    const key = `${prefix}${user}`;
    let hits: number;
    let retryMs = windowMs;
    try {
      hits = await counter.incr(key);
      if (hits === 1) await counter.pexpire(key, windowMs);
      if (hits > limit && counter.pttl) {
        const ttl = await counter.pttl(key);
        if (ttl > 0) retryMs = ttl;
      }
    } catch (error) {
      logger.warn({ error: describeError(error) }, "rate limit counter failed; not limiting");
      return next();
    }
    if (hits <= limit) return next();
    await options.onLimited(ctx, Math.max(1, Math.ceil(retryMs / 1000)), hits);
  };
}

/**
 * The question limit's reply: every question over the limit is answered with which one was not
 * answered and when to ask again (never silence); a button over the limit gets the same as a toast.
 */
export function questionLimited(limit: number) {
  return async (ctx: BotContext, seconds: number): Promise<unknown> => {
    if (ctx.callbackQuery) return ctx.answerCallbackQuery({ text: ctx.t("rateLimited", { limit }) });
    const text = ctx.message?.text ?? "";
    const question = `「${clip(text.replace(/\s+/g, " ").trim(), QUOTED)}」`;
    return sendMarkdown(ctx, ctx.t("questionNotAnswered", { question, limit, seconds }));
  };
}

/**
 * The command-and-button limit's reply: a button always gets a toast (its spinner must stop); for
 * commands the user is told once per window, and further commands in the window are dropped.
 */
export function commandLimited(limit: number) {
  return async (ctx: BotContext, seconds: number, hits: number): Promise<unknown> => {
    const text = ctx.t("commandsLimited", { limit, seconds });
    if (ctx.callbackQuery) return ctx.answerCallbackQuery({ text });
    if (hits === limit + 1 && ctx.chat) return sendMarkdown(ctx, text);
    return undefined;
  };
}

/** Commands and buttons: what the command limit counts (questions have their own). */
export function isCommandOrButton(ctx: Context): boolean {
  if (ctx.callbackQuery) return true;
  const text = ctx.message?.text;
  return text?.startsWith("/") === true;
}
