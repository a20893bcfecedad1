import { GrammyError, HttpError } from "grammy";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { preloadReaders } from "../draft/read.ts";
import { redact } from "../logger.ts";
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
export async function startBot(
  assistant: Assistant,
  config: Config,
  logger: Logger,
  options: StartBotOptions = {},
): Promise<RunningBot> {
  const stores = await openStores(config, logger, QUESTION_WINDOW_MS).catch((error: Error) =>
    fail(logger, error, error.message),
  );
  assistant.useBudget(stores.budget);
  const beside = options.alongside
    ? await options.alongside(stores).catch(async (error: Error) => {
        await stores.close();
        return fail(logger, error, webFailure(error, config));
      })
    : undefined;
  const bot = createBot(assistant, config, logger, {
    storage: stores.sessions,
    stats: stores.stats,
    handled: stores.handled,
    feedback: stores.feedback,
    ...(stores.rateLimits ? { rateLimits: stores.rateLimits } : {}),
  });
  let running: RunningBot;
  try {
    running =
      config.BOT_MODE === "webhook"
        ? await serveWebhook(bot, config, logger)
        : await runBot(bot, config, logger, { journal: stores.journal, handled: stores.handled });
    // pdf.js and mammoth load in the background, so the first draft sent is not the one that waits.
    void preloadReaders();
  } catch (error) {
    await stores.close();
    const unauthorized = error instanceof GrammyError && error.error_code === 401;
    const portInUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
    const apiRoot = new URL(config.TELEGRAM_API_ROOT ?? "https://api.telegram.org").host;
    const reason = unauthorized
      ? "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check the token from BotFather"
      : portInUse
        ? `PORT ${config.PORT} is already in use`
        : error instanceof HttpError
          ? `could not reach the Telegram Bot API (${apiRoot}); check the network or TELEGRAM_API_ROOT`
          : "could not start the Telegram bot";
    fail(logger, error, reason, config.TELEGRAM_BOT_TOKEN);
  }
  logger.info({ mode: config.BOT_MODE, store: stores.where }, "taking updates");
  stopOnSignals(
    beside ? { stop: () => Promise.all([beside.stop(), running.stop()]).then(() => {}) } : running,
    stores,
    config,
    logger,
  );
  return running;
}

export interface StartBotOptions {
  /** Something to run beside the bot on the same stores (the web server), stopped with it. */
  alongside?: (stores: Stores) => Promise<{ stop(): Promise<void> }>;
}

/** One line for a web server that could not start. */
export function webFailure(error: Error, config: Config): string {
  return (error as NodeJS.ErrnoException).code === "EADDRINUSE"
    ? `WEB_PORT ${config.WEB_PORT} is already in use`
    : `could not start the web server: ${error.message}`;
}

/** Past the grace period, what closing the stores may take before the process exits regardless. */
const HARD_STOP_MARGIN_MS = 1_000;

/** SIGINT/SIGTERM stop the bot and exit 0 within SHUTDOWN_GRACE_MS; a second signal exits at once. */
export function stopOnSignals(
  running: Pick<RunningBot, "stop">,
  stores: Stores,
  config: Config,
  logger: Logger,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(0);
    }
    stopping = true;
    logger.info({ signal }, "signal received");
    // A stop that overruns its grace period (a store that does not answer) does not hold the process.
    setTimeout(() => {
      logger.warn("stop overran SHUTDOWN_GRACE_MS; exiting now");
      process.exit(0);
    }, config.SHUTDOWN_GRACE_MS + HARD_STOP_MARGIN_MS).unref();
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
  process.stderr.write(redact(`申报助手: ${reason}\n`));
  process.exit(1);
}
