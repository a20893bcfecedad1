import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { setCommands } from "./commands.ts";
import type { BotContext } from "./context.ts";
import { reportGroupVisibility } from "./features/groups.ts";
import { BotTexts } from "./texts.ts";

/** How often a stop checks whether the answers in flight are done. */
const DRAIN_POLL_MS = 50;

export interface RunningBot {
  /**
   * Stops taking updates, waits up to SHUTDOWN_GRACE_MS for the answers in flight, and confirms the
   * updates taken so Telegram does not deliver them again. Safe to call more than once.
   */
  stop(): Promise<void>;
}

export interface RunOptions {
  /** Stop on SIGINT/SIGTERM and exit 0 (default true; tests stop the bot themselves). */
  handleSignals?: boolean;
}

/**
 * Starts long polling with @grammyjs/runner: updates of different chats are handled concurrently,
 * one chat's in order (the bot's `sequentialize`). Before polling it checks the token (getMe), sets the
 * command menu and says what it will see in groups.
 */
export async function runBot(
  bot: Bot<BotContext>,
  config: Config,
  logger: Logger,
  options: RunOptions = {},
): Promise<RunningBot> {
  await bot.init();
  logger.info({ bot: bot.botInfo.username }, "connected to Telegram");
  reportGroupVisibility(bot.botInfo, logger);
  await setCommands(bot.api, new BotTexts(config.LOCALES_DIR)).catch((error: Error) =>
    logger.warn({ reason: error.message }, "could not set the command menu"),
  );

  // The runner confirms updates only by asking for the next ones; remember the last one taken.
  let lastUpdateId: number | undefined;
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method === "getUpdates" && result.ok && Array.isArray(result.result)) {
      const last = (result.result as { update_id: number }[]).at(-1);
      if (last) lastUpdateId = last.update_id;
    }
    return result;
  });

  const handle = run(bot, {
    runner: { fetch: { allowed_updates: ["message", "callback_query", "inline_query"] }, silent: true },
  });
  logger.info("bot started (long polling)");

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const inFlight = handle.size();
      logger.info(
        { inFlight, graceMs: config.SHUTDOWN_GRACE_MS },
        "stopping: no new updates, finishing answers in flight",
      );
      const stopped = handle.isRunning() ? handle.stop() : Promise.resolve();
      stopped?.catch(() => {});
      const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
      while (handle.size() > 0 && Date.now() < deadline) await sleep(DRAIN_POLL_MS);
      if (handle.size() > 0)
        logger.warn({ unfinished: handle.size() }, "grace period over; stopping with answers unfinished");
      if (lastUpdateId !== undefined) {
        await bot.api
          .getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 })
          .catch(() => logger.warn("could not confirm the last updates; Telegram may deliver them again"));
      }
      logger.info("bot stopped");
    })();
    return stopping;
  };

  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, "second signal: exiting now");
        process.exit(0);
      }
      logger.info({ signal }, "signal received");
      stop().then(
        () => process.exit(0),
        () => process.exit(0),
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  return { stop };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
