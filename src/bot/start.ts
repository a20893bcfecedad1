import { GrammyError } from "grammy";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { createBot, describeError } from "./index.ts";
import { type RunningBot, runBot } from "./run.ts";

/**
 * `npm start` with TELEGRAM_BOT_TOKEN: the bot, polling until SIGINT/SIGTERM. A token Telegram rejects
 * or an unreachable API ends the process with one line naming the cause, never a stack trace.
 */
export async function startBot(assistant: Assistant, config: Config, logger: Logger): Promise<RunningBot> {
  try {
    return await runBot(createBot(assistant, config, logger), config, logger);
  } catch (error) {
    const unauthorized = error instanceof GrammyError && error.error_code === 401;
    const reason = unauthorized
      ? "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check the token from BotFather"
      : "could not start the Telegram bot";
    logger.fatal({ error: describeError(error, config.TELEGRAM_BOT_TOKEN) }, reason);
    process.stderr.write(`申报助手: ${reason}\n`);
    process.exit(1);
  }
}
