import type { Context, MiddlewareFn, SessionFlavor } from "grammy";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import { remember as rememberTurn } from "../answer/conversation.ts";
import { answerLanguage } from "../answer/language.ts";
import type { Language, Turn } from "../answer/types.ts";
import type { Config } from "../config.ts";
import type { BotKey, BotTexts } from "../i18n.ts";
import type { FeedbackStore } from "../ports/feedback.ts";
import type { SessionData } from "../ports/sessions.ts";
import type { UsageStats } from "../ports/usage-stats.ts";

export type { SessionData } from "../ports/sessions.ts";
export { newSession } from "../ports/sessions.ts";

/** Appends a turn to the chat's conversation, bounded (src/answer/conversation.ts). */
export function remember(session: SessionData, turn: Turn): void {
  session.history = rememberTurn(session.history, turn);
}

/**
 * The session key: the chat in private chats, chat and user in groups, so that people in one group each
 * keep their own conversation. Updates without a chat (inline queries) have no session.
 */
export function sessionKey(ctx: Omit<Context, "session">): string | undefined {
  const chat = ctx.chat;
  if (!chat) return undefined;
  if (chat.type === "private" || !ctx.from) return String(chat.id);
  return `${chat.id}:${ctx.from.id}`;
}

/** Everything a feature needs besides the update. */
export interface BotDeps {
  assistant: Assistant;
  config: Config;
  logger: Logger;
  texts: BotTexts;
  stats: UsageStats;
  /** Answers and their 👍/👎, for /feedback and /unanswered. */
  feedback: FeedbackStore;
  /** The per-user question rate limit; put in front of every handler that may ask the model. */
  limitQuestions: MiddlewareFn<BotContext>;
}

/** The context every feature sees: the session, the language to reply in, and its texts. */
export type BotContext = Context &
  SessionFlavor<SessionData> & {
    /** The language to reply in (see `languageOf`). */
    language: Language;
    /** A bot text in the reply language. */
    t(key: BotKey, values?: Record<string, string | number>): string;
    /** The session when the update has one (not for inline queries). */
    chatSession(): SessionData | undefined;
  };

/**
 * English when the user writes English or, when the message does not tell (a command, a button), their
 * last question was English or their Telegram language is English; Chinese otherwise.
 */
export function languageOf(ctx: Context, session: SessionData | undefined): Language {
  // What the user wrote: a message or an inline query, never the bot's own message under a button.
  const written = (ctx.message?.text ?? ctx.inlineQuery?.query ?? "").replace(/@\w+/g, "");
  const known: Language =
    session?.language ?? (ctx.from?.language_code?.toLowerCase().startsWith("en") ? "en" : "zh");
  // ASCII keywords from a Chinese chat ("SEP", "eVTOL") keep it Chinese; an English sentence switches.
  if (!written.startsWith("/") && /\p{L}/u.test(written))
    return answerLanguage(written, known, session?.history);
  return known;
}

/** Installs `ctx.language`, `ctx.t` and `ctx.chatSession()`; runs after the session middleware. */
export function contextHelpers(texts: BotTexts): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const hasSession = sessionKey(ctx) !== undefined;
    ctx.chatSession = () => (hasSession ? ctx.session : undefined);
    ctx.language = languageOf(ctx, ctx.chatSession());
    ctx.t = (key, values) => texts.say(ctx.language, key, values);
    return next();
  };
}
