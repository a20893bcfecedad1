import type { Language } from "./types.ts";

/** A table row: "| a | b |". */
const TABLE_ROW = /^\s*\|.*\|\s*$/;
/** The row under a table's header: "|---|:---:|". */
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
/** A horizontal rule: "---", "***", "___". */
const RULE = /^\s*(?:[-*_]\s*){3,}$/;

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim().replace(/<br\s*\/?>/gi, " "));
}

/**
 * Reshapes model Markdown that chats cannot show into the answer markup every adapter renders:
 * a table becomes a list (one item per row, "**first cell**：header：cell；…"), a horizontal rule goes.
 * Works line by line on a stream; holds back only a line that may be a table row or a rule.
 */
export class MarkdownTidy {
  private line = "";
  private header: string[] | undefined;
  /** Whether the current line's start was already shown (so it is not a table row). */
  private partial = false;

  constructor(private readonly language: Language) {}

  push(delta: string): string {
    let out = "";
    this.line += delta;
    for (let nl = this.line.indexOf("\n"); nl >= 0; nl = this.line.indexOf("\n")) {
      out += this.finish(this.line.slice(0, nl), "\n");
      this.line = this.line.slice(nl + 1);
    }
    // A line that cannot be a table row or a rule is shown as it arrives.
    if (this.line && !/^\s*(?:\||[-*_:\s]*$)/.test(this.line)) {
      if (this.header) out += this.endTable();
      out += this.line;
      this.line = "";
      this.partial = true;
    }
    return out;
  }

  flush(): string {
    const rest = this.line ? this.finish(this.line, "") : "";
    this.line = "";
    return rest;
  }

  private finish(line: string, end: string): string {
    if (this.partial) {
      this.partial = false;
      return `${line}${end}`;
    }
    if (TABLE_ROW.test(line)) {
      if (!this.header) {
        this.header = cells(line);
        return "";
      }
      if (TABLE_RULE.test(line)) return "";
      return `${this.item(cells(line))}${end}`;
    }
    const closing = this.header ? this.endTable() : "";
    if (RULE.test(line) && !/^\s*[-*]\s+\S/.test(line)) return closing;
    return `${closing}${line}${end}`;
  }

  /** A table that had only a header row: show it as a line. */
  private endTable(): string {
    this.header = undefined;
    return "";
  }

  private item(row: string[]): string {
    const header = this.header ?? [];
    const [c] = this.language === "en" ? [": ", "; "] : ["：", "；"];
    const sep = this.language === "en" ? "; " : "；";
    const [first, ...rest] = row;
    const parts = rest
      .map((cell, i) => (cell && header[i + 1] ? `${header[i + 1]}${c}${cell}` : cell))
      .filter(Boolean);
    const head = first ? `**${first}**` : "";
    return `- ${head}${parts.length > 0 ? `${head ? c : ""}${parts.join(sep)}` : ""}`;
  }
}

/** A whole text through {@link MarkdownTidy}. */
export function tidyMarkdown(text: string, language: Language): string {
  const tidy = new MarkdownTidy(language);
  return tidy.push(text) + tidy.flush();
}
