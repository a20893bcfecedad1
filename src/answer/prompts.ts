import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fill } from "../i18n.ts";

/** The prompt files and the placeholders each must contain. */
const REQUIRED = {
  system: ["edition"],
  answer: ["catalogue", "directions", "history", "question"],
  tips: ["catalogue", "directions", "checklist", "history", "question"],
  /** Sent once more when a model answered a Chinese question in another language. */
  language: [],
} as const;

export type PromptName = keyof typeof REQUIRED;
export type Prompts = Record<PromptName, string>;

/** Loads `prompts/*.md`; a missing file or placeholder stops start-up with the file's name. */
export function loadPrompts(dir: string): Prompts {
  const prompts = {} as Prompts;
  for (const [name, placeholders] of Object.entries(REQUIRED) as [PromptName, readonly string[]][]) {
    const file = join(dir, `${name}.md`);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new Error(`${file}: prompt file missing`);
    }
    const missing = placeholders.filter((p) => !text.includes(`{${p}}`));
    if (missing.length > 0)
      throw new Error(`${file}: missing placeholder ${missing.map((p) => `{${p}}`).join(", ")}`);
    prompts[name] = text.trim();
  }
  return prompts;
}

/** Fills a prompt; values are inserted once, so braces in user text are never re-expanded. */
export function render(template: string, values: Record<string, string>): string {
  return fill(template, values);
}
