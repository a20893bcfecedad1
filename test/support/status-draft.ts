import { readFileSync } from "node:fs";
import { join } from "node:path";

const LOCALES = join(import.meta.dirname, "..", "..", "locales");

/** The bot's status lines (which rows it reads, a model thinking), up to their first placeholder. */
const PREFIXES = ["zh", "en"].flatMap((language) => {
  const texts = JSON.parse(readFileSync(join(LOCALES, `bot.${language}.json`), "utf8")) as Record<
    string,
    string
  >;
  return [texts.reading, texts.thinking].map((text) => (text ?? "").split("{")[0] ?? "").filter(Boolean);
});

/** Whether a draft is one of the bot's status lines rather than the answer's own words. */
export function isStatusDraft(text: unknown): boolean {
  const draft = String(text ?? "");
  return PREFIXES.some((prefix) => draft.startsWith(prefix));
}
