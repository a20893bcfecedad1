import type { Api } from "grammy";
import type { BotKey, BotTexts } from "../i18n.ts";

/** The commands shown in Telegram's menu, in order; admin commands stay out of it. */
const COMMANDS = ["start", "help", "directions", "direction", "tips", "policy", "reset", "about"] as const;

/**
 * Registers the command menu: Chinese for everyone, English for users whose Telegram is in English.
 * Descriptions come from the bot texts, so /reload after editing them updates the menu too.
 */
export async function setCommands(api: Api, texts: BotTexts): Promise<void> {
  const commands = (language: "zh" | "en") =>
    COMMANDS.map((command) => {
      const key =
        `command${command.charAt(0).toUpperCase()}${command.slice(1)}` as `command${Capitalize<typeof command>}` satisfies BotKey;
      return { command, description: texts.say(language, key) };
    });
  await api.setMyCommands(commands("zh"));
  await api.setMyCommands(commands("zh"), { language_code: "zh" });
  await api.setMyCommands(commands("en"), { language_code: "en" });
}
