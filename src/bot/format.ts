import { FormattedString } from "@grammyjs/parse-mode";
import type { Transformer } from "grammy";
import type { MessageEntity } from "grammy/types";
import type { Logger } from "pino";

/** Telegram's limit for one message's text, in UTF-16 code units after entities are parsed. */
export const MAX_MESSAGE_LENGTH = 4096;

const HEADING = /^#{1,6}\s+/;
/** A code fence: ```ts … ```. */
const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
const QUOTE = /^\s*>\s?/;
/**
 * Inline markup in order of precedence: `code`, **bold**, __bold__, *italic*, [text](https://…),
 * ~~struck~~. A [方向3] citation has no (url), so it stays text.
 */
const INLINE =
  /`([^`\n]+)`|\*\*(.+?)\*\*|__(.+?)__|(?<![*\w])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![*\w])|\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)|~~(.+?)~~/g;
/** List markers of the answer markup and what a chat shows instead. */
const BULLETS: [RegExp, string][] = [
  [/^\s*[-*+] \[ \] /, "☐ "],
  [/^\s*[-*+] \[[xX]\] /, "☑ "],
  [/^(\s*)[-*+] /, "$1• "],
];

/**
 * Turns the answer markup and what models write (**bold**, *italic*, `code`, ``` fences, "#" headings,
 * "- " and "- [ ] " lists, "> " quotes, links) into plain text plus entities. Nothing is escaped or
 * parsed by Telegram, so any character a user or the model writes (`_`, `<`, `[方向3]`) reaches the
 * chat as it is; an unmatched `**` stays literal. Tables are turned into lists before (MarkdownTidy).
 */
export function formatMarkdown(markdown: string): FormattedString {
  const lines = markdown
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .split("\n");
  let text = "";
  const entities: MessageEntity[] = [];
  const mark = (type: "bold" | "italic" | "code" | "strikethrough", from: number, content: string) => {
    if (content.trim()) entities.push({ type, offset: from, length: content.length });
  };
  const inline = (line: string) => {
    let last = 0;
    for (const match of line.matchAll(INLINE)) {
      text += line.slice(last, match.index);
      const [, code, bold, bold2, italic, label, url, struck] = match;
      const from = text.length;
      if (code !== undefined) {
        text += code;
        mark("code", from, code);
      } else if (bold !== undefined || bold2 !== undefined) {
        const content = bold ?? bold2 ?? "";
        text += content;
        mark("bold", from, content);
      } else if (italic !== undefined) {
        text += italic;
        mark("italic", from, italic);
      } else if (label !== undefined && url !== undefined) {
        text += label;
        entities.push({ type: "text_link", offset: from, length: label.length, url });
      } else if (struck !== undefined) {
        text += struck;
        mark("strikethrough", from, struck);
      }
      last = match.index + match[0].length;
    }
    text += line.slice(last);
  };
  let fence: { start: number; language: string; marker: string } | undefined;
  let first = true;
  for (const raw of lines) {
    const opening = FENCE.exec(raw);
    if (fence) {
      if (opening && raw.trim().startsWith(fence.marker)) {
        const length = text.length - fence.start;
        if (length > 0)
          entities.push({
            type: "pre",
            offset: fence.start,
            length,
            ...(fence.language ? { language: fence.language } : {}),
          });
        fence = undefined;
        continue;
      }
      if (text.length > fence.start) text += "\n";
      text += raw;
      continue;
    }
    if (!first) text += "\n";
    first = false;
    if (opening) {
      fence = { start: text.length, language: opening[2] ?? "", marker: (opening[1] ?? "```").slice(0, 3) };
      continue;
    }
    let line = raw;
    if (HEADING.test(line)) {
      const content = line.replace(HEADING, "").replace(/\*\*|__/g, "");
      mark("bold", text.length, content);
      text += content;
      continue;
    }
    line = line.replace(QUOTE, "");
    for (const [marker, bullet] of BULLETS) {
      if (marker.test(line)) {
        line = line.replace(marker, bullet);
        break;
      }
    }
    inline(line);
  }
  // A fence the model never closed still shows its code as code.
  if (fence && text.length > fence.start)
    entities.push({ type: "pre", offset: fence.start, length: text.length - fence.start });
  return new FormattedString(
    text.replace(/\n+$/, ""),
    entities.filter((e) => e.offset + e.length <= text.replace(/\n+$/, "").length),
  );
}

/**
 * Splits a message into chunks Telegram accepts (≤ 4096), preferring paragraph boundaries, then line
 * ends, then sentence ends; entities are cut at the boundary and re-based, so bold text stays bold.
 */
export function splitMessage(message: FormattedString, max = MAX_MESSAGE_LENGTH): FormattedString[] {
  const { text } = message;
  const chunks: FormattedString[] = [];
  let start = skipSpace(text, 0);
  while (start < text.length) {
    const end = text.length - start <= max ? text.length : cutPoint(text, start, max);
    let last = end;
    while (last > start && /\s/.test(text.charAt(last - 1))) last--;
    if (last > start) chunks.push(message.slice(start, last));
    start = skipSpace(text, end);
  }
  return chunks;
}

/** The markup of an answer, ready to send: formatted and split. */
export function toMessages(markdown: string): FormattedString[] {
  return splitMessage(formatMarkdown(markdown));
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

/** Where to end a chunk that starts at `start` and cannot hold the rest of the text. */
function cutPoint(text: string, start: number, max: number): number {
  const limit = start + max;
  const minimum = start + Math.floor(max / 4);
  const paragraph = text.lastIndexOf("\n\n", limit);
  if (paragraph >= minimum) return paragraph;
  const line = text.lastIndexOf("\n", limit);
  if (line >= minimum) return line;
  const window = text.slice(start, limit);
  const sentence = Math.max(
    ...["。", "！", "？", "；", ". ", "! ", "? ", " "].map((s) => window.lastIndexOf(s)),
  );
  if (sentence >= minimum - start) return start + sentence + 1;
  // No boundary at all: cut hard, but never between the two halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

const TEXT_METHODS = new Set(["sendMessage", "editMessageText", "sendMessageDraft"]);

/**
 * An API transformer: when Telegram rejects a message's formatting ("can't parse entities"), the same
 * text is sent again without entities, so a message is never lost to a formatting bug.
 */
export function plainTextFallback(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (result.ok || result.error_code !== 400 || !TEXT_METHODS.has(method)) return result;
    if (!/can't parse entities/i.test(result.description)) return result;
    const { entities, parse_mode, ...plain } = payload as Record<string, unknown>;
    if (entities === undefined && parse_mode === undefined) return result;
    logger.warn(
      { method, description: result.description },
      "Telegram rejected the formatting; sent as plain text",
    );
    return prev(method, plain as typeof payload, signal);
  };
}

/** The first `max` UTF-16 units of a text, one fewer when the cut would split a surrogate pair (an emoji). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
