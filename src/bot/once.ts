import type { Context, MiddlewareFn } from "grammy";
import type { Logger } from "pino";
import { type HandledUpdates, UpdateInProgress } from "../ports/handled-updates.ts";

/**
 * Handles each update once: the id is claimed before anything else; a copy of an id already handled is
 * dropped, and a copy of one still being handled elsewhere fails with `UpdateInProgress` (webhook: 503,
 * so Telegram tries again later and finds it handled). An id counts as handled when its middleware
 * finished, failed included (the user got the apology); an answer cut off by a crash keeps its claim
 * only until the claim expires, or until the journal's replay releases it.
 */
export function handleOnce(handled: HandledUpdates, logger: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    const claim = await handled.claim(id);
    if (claim === "handled") {
      logger.info({ update: id }, "update delivered again; already handled");
      return;
    }
    if (claim === "busy") {
      logger.info({ update: id }, "update delivered again while being handled");
      throw new UpdateInProgress(id);
    }
    try {
      await next();
    } finally {
      await handled.done(id);
    }
  };
}
