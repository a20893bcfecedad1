import { toSimplified, toTraditional } from "../search/chinese-script.ts";

/** The script a reader wants Chinese shown in. */
export type Script = "hans" | "hant";

/** Traditional when the text has characters that only traditional writes (問題, 專利, 標準). */
export function scriptOf(text: string): Script {
  return toSimplified(text) !== text ? "hant" : "hans";
}

/**
 * Shows Chinese text in the reader's script (OpenCC s2tw, as the bot: characters and the phrases that
 * decide them, no vocabulary changes); English and simplified pass through.
 */
export function inScript(text: string, script: Script): string {
  return script === "hant" ? toTraditional(text) : text;
}
