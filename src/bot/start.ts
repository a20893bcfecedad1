import { GrammyError } from "grammy";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { openStores, type Stores } from "../store/stores.ts";
import type { RunningBot } from "./connect.ts";
import { createBot, describeError, QUESTION_WINDOW_MS } from "./index.ts";
import { runBot } from "./run.ts";
import { serveWebhook } from "./webhook.ts";

/**
 * `npm start` with TELEGRAM_BOT_TOKEN: opens the stores (files, or Redis with REDIS_URL), then takes
 * updates by long polling or webhook (BOT_MODE) until SIGINT/SIGTERM. A stop finishes the answers in
 * flight within SHUTDOWN_GRACE_MS, closes the stores and exits 0. A problem at start-up (a token
 * Telegram rejects, an unreachable API or Redis, a port in use) ends the process with one line naming
 * the cause, never a stack trace.
 */
export async function startBot(assistant: Assistant, config: Config, logger: Logger): Promise<RunningBot> {
  const stores = await openStores(config, logger, QUESTION_WINDOW_MS).catch((error: Error) =>
    fail(logger, error, error.message),
  );
  assistant.useBudget(stores.budget);
  const bot = createBot(assistant, config, logger, {
    storage: stores.sessions,
    stats: stores.stats,
    handled: stores.handled,
    ...(stores.rateLimits ? { rateLimits: stores.rateLimits } : {}),
  });
  let running: RunningBot;
  try {
    running =
      config.BOT_MODE === "webhook"
        ? await serveWebhook(bot, config, logger)
        : await runBot(bot, config, logger, { journal: stores.journal, handled: stores.handled });
  } catch (error) {
    await stores.close();
    const unauthorized = error instanceof GrammyError && error.error_code === 401;
    const portInUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    const reason = unauthorized
      ? "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check the token from BotFather"
      : portInUse
        ? `PORT ${config.PORT} is already in use`
        : "could not start the Telegram bot";
    fail(logger, error, reason, config.TELEGRAM_BOT_TOKEN);
  }
  logger.info({ mode: config.BOT_MODE, store: stores.where }, "taking updates");
  stopOnSignals(running, stores, logger);
  return running;
}

/** SIGINT/SIGTERM stop the bot and exit 0; a second signal exits at once. */
function stopOnSignals(running: RunningBot, stores: Stores, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(0);
    }
    stopping = true;
    logger.info({ signal }, "signal received");
    running
      .stop()
      .catch((error: unknown) => logger.error({ error: describeError(error) }, "stop failed"))
      .then(() => stores.close())
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

function fail(logger: Logger, error: unknown, reason: string, token?: string): never {
  logger.fatal({ error: describeError(error, token) }, reason);
  process.stderr.write(`申报助手: ${reason}\n`);
  process.exit(1);
}
