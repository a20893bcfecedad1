import type { Bot } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { BotTexts } from "../i18n.ts";
import { setCommands } from "./commands.ts";
import type { BotContext } from "./context.ts";
import { reportGroupVisibility } from "./features/groups.ts";

/** The update types the bot handles; Telegram sends no others, by polling or webhook alike. */
export const ALLOWED_UPDATES = ["message", "callback_query", "inline_query"] as const;

/**
 * What every start does before taking updates, whichever way they arrive: checks the token (getMe),
 * says what the bot will see in groups, and sets the command menu.
 */
export async function connect(bot: Bot<BotContext>, config: Config, logger: Logger): Promise<void> {
  // Not bot.init(): it retries a network error forever, so an unreachable API would never end start-up.
  // getMe goes through the bot's bounded retries instead, and fails with one line.
  if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
  logger.info({ bot: bot.botInfo.username }, "connected to Telegram");
  reportGroupVisibility(bot.botInfo, logger);
  await setCommands(bot.api, new BotTexts(config.LOCALES_DIR)).catch((error: Error) =>
    logger.warn({ reason: error.message }, "could not set the command menu"),
  );
}

/** Waits until `busy()` is 0 or `graceMs` has passed; returns how many were still busy. */
export async function drain(busy: () => number, graceMs: number): Promise<number> {
  const deadline = Date.now() + graceMs;
  while (busy() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
  return busy();
}

/** How often a stop checks whether the answers in flight are done. */
const DRAIN_POLL_MS = 50;

/** A bot taking updates, polling or webhook. */
export interface RunningBot {
  /**
   * Stops taking updates and waits up to SHUTDOWN_GRACE_MS for the answers in flight; an update it
   * could not finish is handled again by the next start (or another instance). Safe to call twice.
   */
  stop(): Promise<void>;
}
