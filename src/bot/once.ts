import type { Context, MiddlewareFn } from "grammy";
import type { Logger } from "pino";

/**
 * Update ids already handled. Telegram delivers a webhook update again when it did not see our answer
 * to the request (a proxy that dropped the response, a reply past its timeout), possibly to another
 * instance; remembering handled ids, shared through Redis, keeps that from answering twice.
 */
export interface HandledUpdates {
  has(updateId: number): Promise<boolean>;
  add(updateId: number): Promise<void>;
}

/** How many handled ids one process remembers: far more than Telegram ever delivers again. */
const REMEMBERED = 10_000;

/** Handled ids in memory, the latest `REMEMBERED` of them (one instance). */
export class MemoryHandledUpdates implements HandledUpdates {
  private readonly ids = new Set<number>();

  async has(updateId: number): Promise<boolean> {
    return this.ids.has(updateId);
  }

  async add(updateId: number): Promise<void> {
    this.ids.add(updateId);
    if (this.ids.size > REMEMBERED) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

/**
 * Handles each update once: a delivery of an id already handled is dropped. An id counts as handled
 * when its middleware finished, failed included (the user got the apology), never when it started, so
 * an answer cut off by a stop or a crash is answered by whoever receives the update next.
 */
export function handleOnce(handled: HandledUpdates, logger: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (await handled.has(id)) {
      logger.info({ update: id }, "update delivered again; already handled");
      return;
    }
    try {
      await next();
    } finally {
      await handled.add(id);
    }
  };
}
