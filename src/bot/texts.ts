import { fill, readStringPair } from "../answer/texts.ts";
import type { Language } from "../answer/types.ts";

/**
 * The bot's own user-facing strings (`locales/bot.<lang>.json`): buttons, command replies, hints.
 * The assistant's answer texts stay in `locales/<lang>.json`; these are only what the chat needs around them.
 */
export class BotTexts {
  private strings: Record<Language, Record<string, string>>;

  constructor(dir: string) {
    this.strings = BotTexts.read(dir);
  }

  /** Reads and checks the files without installing them (admin /reload reads everything first). */
  static load(dir: string): Record<Language, Record<string, string>> {
    return BotTexts.read(dir);
  }

  /** Installs strings read by `load`. */
  replace(strings: Record<Language, Record<string, string>>): void {
    this.strings = strings;
  }

  /** One string, filled; an unknown key throws so that a typo fails in tests, not in a chat. */
  say(language: Language, key: string, values: Record<string, string | number> = {}): string {
    const template = this.strings[language][key];
    if (template === undefined) throw new Error(`unknown bot text key "${key}"`);
    return fill(template, values);
  }

  /** A string that holds one item per line (example questions). */
  lines(language: Language, key: string): string[] {
    return this.say(language, key)
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  }

  /** Both languages must have the same keys, so a missing translation stops start-up. */
  private static read(dir: string): Record<Language, Record<string, string>> {
    return readStringPair(dir, "bot.");
  }
}
