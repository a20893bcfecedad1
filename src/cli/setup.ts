import { config as loadDotenv } from "dotenv";
import type { Logger } from "pino";
import { type Assistant, createAssistant } from "../answer/assistant.ts";
import { type Config, loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";

/**
 * Reads .env and the environment, validates them and loads the assistant. A problem (a bad variable,
 * a broken table, a missing prompt placeholder) ends the process with one line naming it, no stack.
 */
export function setup(defaults: Record<string, string> = {}): {
  config: Config;
  logger: Logger;
  assistant: Assistant;
} {
  loadDotenv({ quiet: true });
  try {
    const config = loadConfig({ ...defaults, ...process.env });
    const logger = createLogger(config.LOG_LEVEL, {
      TELEGRAM_BOT_TOKEN: config.TELEGRAM_BOT_TOKEN,
      OPENAI_API_KEY: config.OPENAI_API_KEY,
      WEBHOOK_SECRET: config.WEBHOOK_SECRET,
      REDIS_URL: config.REDIS_URL,
    });
    return { config, logger, assistant: createAssistant(config, logger) };
  } catch (error) {
    process.stderr.write(`申报助手: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
