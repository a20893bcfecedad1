import type { MiddlewareFn } from "grammy";
import { type BotContext, type BotDeps, languageOf } from "../context.ts";

/**
 * The optional allow-list: with ALLOWED_USER_IDS or ALLOWED_CHAT_IDS set, only those users (anywhere)
 * and those chats (anyone in them), plus the admins, get past this point. Others hear one short line
 * in private chats and nothing in groups. It runs before the session, so strangers cause no writes.
 */
export function accessFeature({ config, texts }: BotDeps): MiddlewareFn<BotContext> {
  const users = new Set([...config.ALLOWED_USER_IDS, ...config.ADMIN_IDS]);
  const chats = new Set(config.ALLOWED_CHAT_IDS);
  if (config.ALLOWED_USER_IDS.length === 0 && chats.size === 0) return (_ctx, next) => next();
  return async (ctx, next) => {
    const user = ctx.from?.id;
    const chat = ctx.chat?.id;
    if ((user !== undefined && users.has(user)) || (chat !== undefined && chats.has(chat))) return next();
    // Runs before the session is read, so nobody refused gets one: the language comes from the update.
    const denied = texts.say(languageOf(ctx, undefined), "accessDenied");
    if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 60, is_personal: true });
    else if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: denied });
    else if (ctx.chat?.type === "private" && ctx.message) await ctx.reply(denied);
  };
}
