import { readFileSync } from "node:fs";
import { join } from "node:path";
import type botStrings from "../locales/bot.zh.json";
import type answerStrings from "../locales/zh.json";
import type { Language } from "./search/retrieve.ts";

/** Keys of the assistant's answer texts (`locales/<lang>.json`), checked by the type checker. */
export type AnswerKey = keyof typeof answerStrings;
/** Keys of the chat's own texts (`locales/bot.<lang>.json`): buttons, command replies, hints. */
export type BotKey = keyof typeof botStrings;

/**
 * Every user-facing text comes from `locales/` through this module: files a non-programmer edits, read
 * in pairs (zh, en) with the same keys, placeholders filled by `fill`, keys checked by the type checker
 * against the Chinese file. The web page's own texts are bundled for the browser (src/web/page/texts.ts).
 */

/** The user-facing strings of one language, from `locales/<lang>.json`, plus the proposal advice. */
export interface Texts {
  language: Language;
  strings: Record<string, string>;
  /** General proposal-writing advice, `locales/proposal-advice.<lang>.md`, editable without code. */
  advice: string;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/**
 * Reads `<dir>/<prefix>zh.json` and `<prefix>en.json` and checks that they have the same keys, so a
 * missing translation stops start-up instead of showing a raw key to a user.
 */
export function readStringPair(dir: string, prefix = ""): Record<Language, Record<string, string>> {
  const read = (language: Language): Record<string, string> => {
    const file = join(dir, `${prefix}${language}.json`);
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`${file}: cannot read texts (${(error as Error).message})`);
    }
  };
  const strings = { zh: read("zh"), en: read("en") };
  for (const [a, b] of [
    ["zh", "en"],
    ["en", "zh"],
  ] as const) {
    const missing = Object.keys(strings[a]).filter((key) => !(key in strings[b]));
    if (missing.length > 0)
      throw new Error(`${join(dir, `${prefix}${b}.json`)}: missing ${missing.join(", ")}`);
  }
  return strings;
}

/** The assistant's texts of both languages, with the proposal advice. */
export function loadTexts(dir: string): Record<Language, Texts> {
  const strings = readStringPair(dir);
  const texts = (language: Language): Texts => ({
    language,
    strings: strings[language],
    advice: readFileSync(join(dir, `proposal-advice.${language}.md`), "utf8").trim(),
  });
  return { zh: texts("zh"), en: texts("en") };
}

/** One string, filled; throws on an unknown key so that a typo fails in tests, not in a chat. */
export function say(texts: Texts, key: AnswerKey, values: Record<string, string | number> = {}): string {
  const template = texts.strings[key];
  if (template === undefined) throw new Error(`unknown text key "${key}"`);
  return fill(template, values);
}

/**
 * The chat's own user-facing strings (`locales/bot.<lang>.json`): buttons, command replies, hints.
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
  say(language: Language, key: BotKey, values: Record<string, string | number> = {}): string {
    const template = this.strings[language][key];
    if (template === undefined) throw new Error(`unknown bot text key "${key}"`);
    return fill(template, values);
  }

  /** A string that holds one item per line (example questions). */
  lines(language: Language, key: BotKey): string[] {
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
