import { GrammyError, HttpError } from "grammy";
import { type Assistant, createAssistant } from "./answer/assistant.ts";
import { type Config, configFromEnvironment, secretsOf } from "./config.ts";
import { createLogger, describeError } from "./logger.ts";
import { MemoryTokenBudget, type TokenBudget } from "./ports/token-budget.ts";
import { exitWithOneLine, type Stoppable, stopOnSignals } from "./process.ts";

/**
 * `npm start`, and the only place the parts are wired: config → logger → stores → assistant → bot
 * and web → transport (long polling or webhook), in that order, each built once with what it needs.
 * The Telegram bot runs when TELEGRAM_BOT_TOKEN is set, the web chat and API when WEB_PORT is set
 * (beside the bot or alone); with neither, a terminal chat. A problem at start-up (a bad variable, a
 * broken table, a token Telegram rejects, a port in use, Redis unreachable) ends the process with one
 * line naming it, never a stack trace.
 */
const config = configFromEnvironment();
const logger = createLogger(config.LOG_LEVEL, secretsOf(config));
// A promise nobody awaited must not end the process nor print its context (a bot token among it).
process.on("unhandledRejection", (reason) => {
  logger.error({ error: describeError(reason) }, "unhandled rejection");
});

if (config.TELEGRAM_BOT_TOKEN || config.WEB_PORT !== undefined) await serve(config);
else await chatInTerminal(config);

/** The bot and/or the web server over shared stores (files, or Redis with REDIS_URL), until a signal. */
async function serve(config: Config): Promise<void> {
  const { openStores } = await import("./store/stores.ts");
  const { QUESTION_WINDOW_MS } = await import("./ports/question-counter.ts");
  const stores = await openStores(config, logger, QUESTION_WINDOW_MS).catch((error: Error) =>
    exitWithOneLine(logger, error, error.message),
  );
  const assistant = assistantOrExit(config, stores.budget);
  // Before any update: built in the first traditional or pinyin question, they would stall a burst.
  try {
    assistant.prepare();
  } catch (error) {
    exitWithOneLine(
      logger,
      error,
      "could not read the dictionaries of opencc-js or pinyin-pro; reinstall with npm ci",
    );
  }
  const running: Stoppable[] = [];
  try {
    if (config.WEB_PORT !== undefined) {
      const { startWeb } = await import("./web/start.ts");
      running.push(await startWeb(assistant, config, logger, stores));
    }
    if (config.TELEGRAM_BOT_TOKEN) {
      const { createBot } = await import("./bot/index.ts");
      const bot = createBot(assistant, config, logger, {
        storage: stores.sessions,
        stats: stores.stats,
        handled: stores.handled,
        feedback: stores.feedback,
        ...(stores.rateLimits ? { rateLimits: stores.rateLimits } : {}),
      });
      if (config.BOT_MODE === "webhook") {
        const { serveWebhook } = await import("./bot/webhook.ts");
        running.push(await serveWebhook(bot, config, logger));
      } else {
        const { runBot } = await import("./bot/run.ts");
        running.push(await runBot(bot, config, logger, { journal: stores.journal, handled: stores.handled }));
      }
      logger.info({ mode: config.BOT_MODE, store: stores.where }, "taking updates");
    }
  } catch (error) {
    await Promise.all(running.map((r) => r.stop().catch(() => {})));
    await stores.close();
    exitWithOneLine(logger, error, startFailure(error, config));
  }
  stopOnSignals(running, () => stores.close(), config.SHUTDOWN_GRACE_MS, logger);
}

/** The terminal chat, with the same assistant and the draft review; no terminal, no chat. */
async function chatInTerminal(config: Config): Promise<void> {
  if (!process.stdin.isTTY) {
    process.stderr.write(
      "申报助手: TELEGRAM_BOT_TOKEN is not set, and there is no terminal to chat in. " +
        "Set TELEGRAM_BOT_TOKEN (see README and .env.example) to run the Telegram bot, WEB_PORT to serve the web chat, " +
        "or run `npm start` in a terminal.\n",
    );
    process.exitCode = 1;
    return;
  }
  const assistant = assistantOrExit(config, new MemoryTokenBudget(config.DAILY_TOKEN_BUDGET));
  const [{ chat }, { DraftReviewer }] = await Promise.all([
    import("./cli/chat.ts"),
    import("./draft/reviewer.ts"),
  ]);
  const drafts = new DraftReviewer(assistant, {
    draftsToModel: config.DRAFTS_TO_MODEL,
    localesDir: config.LOCALES_DIR,
    promptsDir: config.PROMPTS_DIR,
  });
  void import("./draft/read.ts").then((m) => m.preloadReaders());
  await chat(assistant, undefined, drafts);
}

/** The assistant over the table, prompts and texts; a broken table or prompt ends start-up with its file:line. */
function assistantOrExit(config: Config, budget: TokenBudget): Assistant {
  try {
    return createAssistant(config, logger, budget);
  } catch (error) {
    return exitWithOneLine(logger, error, (error as Error).message);
  }
}

/** The one line for a start that failed: what to check, in the operator's words. */
function startFailure(error: unknown, config: Config): string {
  const portInUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
  if (portInUse && (error as { port?: number }).port === config.WEB_PORT)
    return `WEB_PORT ${config.WEB_PORT} is already in use`;
  if (error instanceof GrammyError && error.error_code === 401)
    return "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check the token from BotFather";
  if (portInUse) return `PORT ${config.PORT} is already in use`;
  if (error instanceof HttpError) {
    const apiRoot = new URL(config.TELEGRAM_API_ROOT ?? "https://api.telegram.org").host;
    return `could not reach the Telegram Bot API (${apiRoot}); check the network or TELEGRAM_API_ROOT`;
  }
  return config.TELEGRAM_BOT_TOKEN ? "could not start the Telegram bot" : "could not start the web server";
}
