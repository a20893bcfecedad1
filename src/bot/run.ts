import { createConcurrentSink, createRunner, createSource, createUpdateFetcher } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { describeError } from "../logger.ts";
import type { HandledUpdates } from "../ports/handled-updates.ts";
import { MemoryUpdateJournal, type UpdateJournal } from "../ports/update-journal.ts";
import type { BotContext } from "./context.ts";
import { ALLOWED_UPDATES, connect, drain, type RunningBot } from "./lifecycle.ts";

export type { RunningBot } from "./lifecycle.ts";

/** The part of the grace period kept for confirming the last updates at a stop. */
const CONFIRM_RESERVE_MS = 2_000;

export interface RunOptions {
  /** Updates taken but not yet handled, kept across a restart (files or Redis); in memory by default. */
  journal?: UpdateJournal;
  /** The bot's claimed update ids: what the journal replays was claimed by the run that died. */
  handled?: HandledUpdates;
}

/**
 * Long polling with @grammyjs/runner: updates of different chats are handled concurrently, one chat's
 * in order (the bot's `sequentialize`). Each batch is written to the journal before the next
 * getUpdates confirms it and removed from it once handled, and what an earlier run left there is
 * handled first: a stop past its grace period, or a crash, loses no update.
 */
export async function runBot(
  bot: Bot<BotContext>,
  config: Config,
  logger: Logger,
  options: RunOptions = {},
): Promise<RunningBot> {
  await connect(bot, config, logger);
  // A webhook left by webhook mode makes every getUpdates fail with 409 Conflict.
  const { url } = await bot.api.getWebhookInfo();
  if (url) {
    logger.warn("a webhook was set; deleting it to poll (its pending updates are kept)");
    await bot.api.deleteWebhook({ drop_pending_updates: false });
  }

  const journal = options.journal ?? new MemoryUpdateJournal();
  const unfinished = await journal.unfinished();
  const replayed = new Set(unfinished.map((u) => u.update_id));
  const warn = (message: string) => (error: unknown) => logger.warn({ error: describeError(error) }, message);

  // The last update taken: the one to confirm at a stop, so Telegram does not send it again.
  let lastTaken: number | undefined;
  // The journal write of the last batch. The batch is answered meanwhile; the next getUpdates (which
  // confirms the batch) waits for it, and so does crossing off one of its updates.
  let journaling: Promise<void> = Promise.resolve();
  const written = new Map<number, Promise<void>>();
  const fetchUpdates = createUpdateFetcher(bot, {
    fetch: { allowed_updates: ALLOWED_UPDATES },
    silent: true,
  });
  const source = createSource<Update>({
    supply: async (batchSize, signal) => {
      await journaling;
      const updates = await fetchUpdates(batchSize, signal);
      lastTaken = updates.at(-1)?.update_id ?? lastTaken;
      // Not yet confirmed by the previous run, and already in the journal: handled once, from there.
      const fresh = updates.filter((u) => !replayed.has(u.update_id));
      journaling = journal.add(fresh).catch(warn("could not journal updates; a crash now would lose them"));
      for (const update of fresh) written.set(update.update_id, journaling);
      return fresh;
    },
  });
  const sink = createConcurrentSink<Update>(
    {
      consume: async (update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          await written.get(update.update_id);
          written.delete(update.update_id);
          await journal.remove(update.update_id).catch(warn("could not clear a handled update"));
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
      } catch (failure) {
        logger.error({ error: describeError(failure) }, "the error handler failed");
      }
    },
  );

  if (unfinished.length > 0) {
    logger.info({ updates: unfinished.length }, "handling updates an earlier run took and did not finish");
    await Promise.all(unfinished.map((u) => options.handled?.release(u.update_id)));
    await sink.handle(unfinished);
  }
  const runner = createRunner(source, sink);
  runner.start();
  logger.info("bot started (long polling)");

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info(
        { inFlight: sink.size(), graceMs: config.SHUTDOWN_GRACE_MS },
        "stopping: no new updates, finishing answers in flight",
      );
      // The whole stop fits in the grace period, whatever Telegram does: answers get most of it, the
      // confirming getUpdates the rest, and is abandoned at the deadline.
      const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
      const confirmReserveMs = Math.min(CONFIRM_RESERVE_MS, config.SHUTDOWN_GRACE_MS / 4);
      runner.stop()?.catch(() => {});
      const unfinishedNow = await drain(sink.size, config.SHUTDOWN_GRACE_MS - confirmReserveMs);
      if (unfinishedNow > 0)
        logger.warn(
          { unfinished: unfinishedNow },
          "grace period over; the next start handles what is unfinished",
        );
      if (lastTaken !== undefined) {
        const offset = lastTaken + 1;
        const confirm = async () => {
          await journaling;
          // A controller, not AbortSignal.timeout: naming the global AbortSignal makes esbuild rename the
          // fetch polyfill's class, whose signals node-fetch then rejects by constructor name.
          const abort = new AbortController();
          const timer = setTimeout(() => abort.abort(), Math.max(1, deadline - Date.now()));
          try {
            await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }, abort.signal as never);
          } finally {
            clearTimeout(timer);
          }
        };
        await confirm().catch(() =>
          logger.warn("could not confirm the last updates; Telegram may deliver them again"),
        );
      }
      logger.info("bot stopped");
    })();
    return stopping;
  };
  // Polling gave up (a revoked token, another instance polling or a webhook set meanwhile): finish what
  // was taken, then exit non-zero so the process manager restarts the bot and says why.
  runner.task()?.catch(async (error: unknown) => {
    logger.fatal({ error: describeError(error) }, "long polling failed");
    await stop();
    process.exit(1);
  });
  return { stop };
}
