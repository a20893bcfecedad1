import type { Context, MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";

type Shape = Record<string, unknown>;

const isObject = (v: unknown): v is Shape => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isString = (v: unknown) => typeof v === "string";

function isUser(v: unknown): boolean {
  return (
    isObject(v) &&
    isId(v.id) &&
    optional(v.is_bot, (b) => typeof b === "boolean") &&
    optional(v.first_name, isString) &&
    optional(v.username, isString) &&
    optional(v.language_code, isString)
  );
}

function isChat(v: unknown): boolean {
  return isObject(v) && isId(v.id) && isString(v.type) && optional(v.title, isString);
}

function isEntity(v: unknown): boolean {
  return isObject(v) && isString(v.type) && isId(v.offset) && isId(v.length);
}

/** Entities point into their text: there must be one, and they must lie inside it. */
function entitiesWithin(entities: unknown, text: unknown): boolean {
  if (!Array.isArray(entities) || typeof text !== "string") return false;
  return entities.every(
    (e) =>
      isEntity(e) &&
      ((e as Shape).offset as number) >= 0 &&
      ((e as Shape).offset as number) + ((e as Shape).length as number) <= text.length,
  );
}

function isMessage(v: unknown, depth = 0): boolean {
  return (
    isObject(v) &&
    isId(v.message_id) &&
    isChat(v.chat) &&
    optional(v.date, isId) &&
    optional(v.from, isUser) &&
    optional(v.text, isString) &&
    optional(v.caption, isString) &&
    optional(v.message_thread_id, isId) &&
    optional(v.entities, (e) => entitiesWithin(e, v.text)) &&
    optional(v.caption_entities, (e) => entitiesWithin(e, v.caption)) &&
    optional(v.reply_to_message, (r) => depth < 1 && isMessage(r, depth + 1))
  );
}

/**
 * Whether an update has the shape Telegram gives the fields the bot reads (ids are numbers, texts are
 * strings, a message has a chat). Telegram never sends anything else; something that does is not
 * Telegram, and gets no answer.
 */
export function isWellFormed(update: unknown): update is Update {
  if (!isObject(update) || !isId(update.update_id)) return false;
  const { message, edited_message, callback_query, inline_query } = update;
  if (message !== undefined && !isMessage(message)) return false;
  if (edited_message !== undefined && !isMessage(edited_message)) return false;
  if (
    callback_query !== undefined &&
    !(
      isObject(callback_query) &&
      isString(callback_query.id) &&
      isUser(callback_query.from) &&
      optional(callback_query.data, isString) &&
      optional(callback_query.message, (m) => isMessage(m))
    )
  )
    return false;
  if (
    inline_query !== undefined &&
    !(
      isObject(inline_query) &&
      isString(inline_query.id) &&
      isUser(inline_query.from) &&
      isString(inline_query.query) &&
      optional(inline_query.offset, isString)
    )
  )
    return false;
  return true;
}

/** Drops an update of the wrong shape (silent by design), before anything reads it. */
export function dropMalformed(logger: Logger): MiddlewareFn<Context> {
  return (ctx, next) => {
    if (isWellFormed(ctx.update)) return next();
    logger.warn(
      { update: (ctx.update as { update_id?: unknown } | undefined)?.update_id },
      "malformed update ignored",
    );
    return undefined;
  };
}
