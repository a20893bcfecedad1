import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import {
  Bot,
  type BotError,
  Composer,
  MemorySessionStorage,
  type StorageAdapter,
  session,
  type Transformer,
} from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { BotTexts } from "../i18n.ts";
import { describeError } from "../logger.ts";
import { type FeedbackStore, MemoryFeedback } from "../ports/feedback.ts";
import { type HandledUpdates, MemoryHandledUpdates, UpdateInProgress } from "../ports/handled-updates.ts";
import { MemoryCounter, QUESTION_WINDOW_MS, type QuestionCounter } from "../ports/question-counter.ts";
import { newSession, type SessionData } from "../ports/sessions.ts";
import { countUsage, MemoryStats, type UsageStats } from "../ports/usage-stats.ts";
import { type BotContext, type BotDeps, contextHelpers, sessionKey } from "./context.ts";
import {
  boundChatBacklog,
  commandLimited,
  isCommandOrButton,
  limitPerUser,
  questionLimited,
} from "./fairness.ts";
import { aboutFeature } from "./features/about.ts";
import { accessFeature } from "./features/access.ts";
import { adminFeature } from "./features/admin.ts";
import { directionsFeature } from "./features/directions.ts";
import { draftsFeature } from "./features/drafts.ts";
import { feedbackFeature } from "./features/feedback.ts";
import { groupsFeature } from "./features/groups.ts";
import { helpFeature } from "./features/help.ts";
import { inlineFeature } from "./features/inline.ts";
import { nonTextFeature } from "./features/nontext.ts";
import { policyFeature } from "./features/policy.ts";
import { questionsFeature } from "./features/questions.ts";
import { resetFeature } from "./features/reset.ts";
import { startFeature } from "./features/start.ts";
import { tipsFeature } from "./features/tips.ts";
import { plainTextFallback } from "./format.ts";
import { handleOnce } from "./once.ts";
import { paceSends } from "./pace.ts";
import { retryNetworkErrors } from "./retry.ts";
import { forgivingStorage } from "./sessions.ts";
import { dropMalformed } from "./wellformed.ts";

export type { BotContext, SessionData } from "./context.ts";
export { sessionKey } from "./context.ts";

export interface BotOptions {
  /** Where conversations are kept; in memory by default (one process, lost at a restart). */
  storage?: StorageAdapter<SessionData>;
  /** The bot's own user, to skip getMe (tests driving `bot.handleUpdate`). */
  botInfo?: UserFromGetMe;
  /** Transformers closest to the network, e.g. a test's recorder that answers instead of Telegram. */
  transformers?: Transformer[];
  /** The /stats counters; in memory by default, Redis to count every instance. */
  stats?: UsageStats;
  /** The per-user question counters; in the process by default, Redis to limit across instances. */
  rateLimits?: QuestionCounter;
  /** Update ids already handled, so a delivery repeated by Telegram is not answered twice. */
  handled?: HandledUpdates;
  /** Answers and their 👍/👎 (/feedback, /unanswered); in memory by default. */
  feedback?: FeedbackStore;
}

/** A 429 asking to wait longer than this fails the call instead of holding the answer back. */
const MAX_RETRY_DELAY_SECONDS = 60;

/**
 * The Telegram bot over the assistant. Reading the middleware below top to bottom is reading what
 * happens to an update: once only, one chat at a time, its session, its language, the allow-list,
 * then the first feature that handles it. Where sessions, counters and limits live is the caller's
 * choice (`src/store`); in memory by default.
 */
export function createBot(
  assistant: Assistant,
  config: Config,
  logger: Logger,
  options: BotOptions = {},
): Bot<BotContext> {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set");
  const bot = new Bot<BotContext>(token, {
    client: {
      // grammY waits 500 s by default; a stalled call would hold its chat that long. Above the 30 s long poll.
      timeoutSeconds: 60,
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, "") } : {}),
    },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Listed innermost first: retries wrap the plain-text fallback, which wraps the logging of each attempt.
  bot.api.config.use(
    ...(options.transformers ?? []),
    // Closest to the network, so retries and plain-text resends wait their turn too.
    paceSends({ perSecond: config.TELEGRAM_SENDS_PER_SECOND }),
    logFailedCalls(logger),
    plainTextFallback(logger),
    // Network errors are not auto-retry's (it retries them forever): a bounded retry with a deadline.
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: MAX_RETRY_DELAY_SECONDS, rethrowHttpErrors: true }),
    retryNetworkErrors(logger),
  );

  const texts = new BotTexts(config.LOCALES_DIR);
  const stats = options.stats ?? new MemoryStats();
  const counter = options.rateLimits ?? new MemoryCounter();
  const deps: BotDeps = {
    assistant,
    config,
    logger,
    texts,
    stats,
    feedback: options.feedback ?? new MemoryFeedback(),
    limitQuestions: limitPerUser({
      counter,
      prefix: "questions:",
      limit: config.RATE_LIMIT_PER_MINUTE,
      windowMs: QUESTION_WINDOW_MS,
      logger,
      onLimited: questionLimited(config.RATE_LIMIT_PER_MINUTE),
    }),
  };

  // Nothing reads an update of a shape Telegram never sends.
  bot.use(dropMalformed(logger));
  // An update Telegram delivers again (webhooks, to any instance) is claimed once, answered once.
  bot.use(handleOnce(options.handled ?? new MemoryHandledUpdates(), logger));
  // A flooding chat is cut off before it queues: it cannot hold the runner's capacity.
  bot.use(boundChatBacklog(texts, logger));
  // One chat's updates in order (and its session never read-modify-written concurrently); chats in parallel.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  // Before the session: a stranger outside the allow-list leaves nothing behind.
  bot.use(accessFeature(deps));
  bot.use(
    session({
      initial: newSession,
      getSessionKey: sessionKey,
      storage: forgivingStorage(options.storage ?? new MemorySessionStorage<SessionData>(), logger),
    }),
  );
  bot.use(contextHelpers(texts));
  // Commands and buttons are answered from the table, cheaply, but still limited per user.
  bot.filter(
    isCommandOrButton,
    limitPerUser({
      counter,
      prefix: "commands:",
      limit: config.COMMANDS_PER_MINUTE,
      windowMs: QUESTION_WINDOW_MS,
      logger,
      onLimited: commandLimited(config.COMMANDS_PER_MINUTE),
    }),
  );
  bot.use(async (ctx, next) => {
    if (ctx.from && !ctx.from.is_bot) await countUsage(stats.seen(ctx.from.id), logger);
    return next();
  });

  // What a message that is no command can reach: drafts, groups, other kinds of message, questions.
  const messages = new Composer<BotContext>(
    draftsFeature(deps),
    groupsFeature(deps),
    nonTextFeature(deps),
    questionsFeature(deps),
  );
  const everything = new Composer<BotContext>(
    startFeature(deps),
    helpFeature(deps),
    directionsFeature(deps),
    policyFeature(deps),
    tipsFeature(deps),
    resetFeature(deps),
    aboutFeature(deps),
    adminFeature(deps),
    feedbackFeature(deps),
    inlineFeature(deps),
    messages,
  );
  // A button no feature knows (stale, or forged callback data) still stops the client's spinner.
  everything.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("buttonUnknown") }));
  // A question stays in the middleware chain while it is answered (seconds), every middleware it passed
  // waiting on it: through all features that is ~160 pending frames, ~13 MB of heap for 200 questions in
  // flight. A message that is no command skips the features that only answer commands and buttons.
  bot.route((ctx) => (isPlainMessage(ctx) ? "message" : "other"), { message: messages, other: everything });

  bot.catch((error) => apologize(error, logger));
  return bot;
}

/** A message (text, document, photo, sticker…) that is no command: only message features can answer it. */
function isPlainMessage(ctx: BotContext): boolean {
  const message = ctx.message;
  return message !== undefined && !(message.text ?? message.caption ?? "").startsWith("/");
}

/** The error boundary: log the failure (without stack or token) and tell the user, briefly. */
async function apologize(error: BotError<BotContext>, logger: Logger): Promise<void> {
  const { ctx } = error;
  // Another handler has this update and answers it; this copy says nothing.
  if (error.error instanceof UpdateInProgress) return;
  logger.error({ update: ctx.update.update_id, error: describeError(error.error) }, "update failed");
  try {
    const text = ctx.t ? ctx.t("error") : "抱歉，处理时出了点问题，请稍后再试。";
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text }).catch(() => {});
    if (ctx.chat) await ctx.api.sendMessage(ctx.chat.id, text);
  } catch (failure) {
    logger.warn(
      { update: ctx.update.update_id, error: describeError(failure) },
      "could not send the apology",
    );
  }
}

/** Logs each failed API call (method, code, Telegram's description); a stopped long poll is not a failure. */
function logFailedCalls(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        const level = result.error_code === 429 ? "info" : "warn";
        logger[level](
          { method, code: result.error_code, description: result.description },
          "Telegram refused a call",
        );
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) logger.warn({ method, error: describeError(error) }, "Telegram call failed");
      throw error;
    }
  };
}
