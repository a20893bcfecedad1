import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Language } from "../search/retrieve.ts";

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
export function say(texts: Texts, key: string, values: Record<string, string | number> = {}): string {
  const template = texts.strings[key];
  if (template === undefined) throw new Error(`unknown text key "${key}"`);
  return fill(template, values);
}
