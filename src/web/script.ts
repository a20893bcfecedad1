import { Converter as ToTraditional } from "opencc-js/cn2t";
import { Converter as FromTraditional } from "opencc-js/t2cn";

/** Character by character, as search/normalize.ts: no phrase tables, so the table's words stay its words. */
const toSimplified = FromTraditional({ from: "tw", to: "cn" });
const toTraditionalChars = ToTraditional({ from: "cn", to: "tw" });

/** The script a reader wants Chinese shown in. */
export type Script = "hans" | "hant";

/** Traditional when the text has characters that only traditional writes (問題, 專利, 標準). */
export function scriptOf(text: string): Script {
  return toSimplified(text) !== text ? "hant" : "hans";
}

/** Shows Chinese text in the reader's script; English and simplified pass through. */
export function inScript(text: string, script: Script): string {
  return script === "hant" ? toTraditionalChars(text) : text;
}
