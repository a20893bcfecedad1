import { chat } from "./cli/chat.ts";
import { setup } from "./cli/setup.ts";

/**
 * `npm start`: the Telegram bot when TELEGRAM_BOT_TOKEN is set; otherwise a terminal chat with the
 * same assistant, or, with no terminal to chat in, a clear exit naming the variable.
 */
const { config, logger, assistant } = setup();

if (config.TELEGRAM_BOT_TOKEN) {
  const { startBot } = await import("./bot/start.ts");
  await startBot(assistant, config, logger);
} else if (process.stdin.isTTY) {
  await chat(assistant);
} else {
  process.stderr.write(
    "申报助手: TELEGRAM_BOT_TOKEN is not set, and there is no terminal to chat in. " +
      "Set TELEGRAM_BOT_TOKEN (see README and .env.example) to run the Telegram bot, or run `npm start` in a terminal.\n",
  );
  process.exitCode = 1;
}
