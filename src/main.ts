import { chat } from "./cli/chat.ts";
import { setup } from "./cli/setup.ts";
import { safeError } from "./logger.ts";

/**
 * `npm start`: the Telegram bot when TELEGRAM_BOT_TOKEN is set (and the web server beside it with
 * WEB_PORT); otherwise the web server alone when WEB_PORT is set; otherwise a terminal chat with the
 * same assistant, or, with no terminal to chat in, a clear exit naming the variable.
 */
const { config, logger, assistant } = setup();

// A promise nobody awaited must not end the process nor print its context (a bot token among it).
const secrets = [
  config.TELEGRAM_BOT_TOKEN,
  config.OPENAI_API_KEY,
  config.WEBHOOK_SECRET,
  config.REDIS_URL,
  config.ADMIN_API_KEY,
  ...config.API_KEYS,
];
process.on("unhandledRejection", (reason) => {
  logger.error({ error: safeError(reason, secrets) }, "unhandled rejection");
});

// With WEB_PORT, the web chat and the OpenAI-compatible API run too: beside the bot, or alone.
const web = config.WEB_PORT !== undefined ? await import("./web/start.ts") : undefined;

if (config.TELEGRAM_BOT_TOKEN) {
  const { startBot } = await import("./bot/start.ts");
  await startBot(
    assistant,
    config,
    logger,
    web ? { alongside: (stores) => web.startWeb(assistant, config, logger, stores) } : {},
  );
} else if (web) {
  await web.serveWeb(assistant, config, logger);
} else if (process.stdin.isTTY) {
  const { DraftReviewer } = await import("./draft/reviewer.ts");
  const drafts = new DraftReviewer(assistant, {
    draftsToModel: config.DRAFTS_TO_MODEL,
    localesDir: config.LOCALES_DIR,
    promptsDir: config.PROMPTS_DIR,
  });
  void import("./draft/read.ts").then((m) => m.preloadReaders());
  await chat(assistant, undefined, drafts);
} else {
  process.stderr.write(
    "申报助手: TELEGRAM_BOT_TOKEN is not set, and there is no terminal to chat in. " +
      "Set TELEGRAM_BOT_TOKEN (see README and .env.example) to run the Telegram bot, WEB_PORT to serve the web chat, " +
      "or run `npm start` in a terminal.\n",
  );
  process.exitCode = 1;
}
