/**
 * A fake-but-real Telegram Bot API server for end-to-end tests.
 *
 * It speaks the HTTP protocol of https://api.telegram.org closely enough that grammY
 * (`new Bot(token, { client: { apiRoot: server.url } })`) and a real `npm start` process
 * (`TELEGRAM_API_ROOT=server.url`) run unchanged against it, and it lets a test drive the
 * bot like a user (sendText, pressButton, inlineQuery, ...) and read what the user would see
 * (messages, drafts, every API call).
 *
 * Only node built-ins are used.
 */
import { randomBytes } from "node:crypto";
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

// ---------------------------------------------------------------------------------------------
// Telegram object types (the subset this server produces; extra fields are allowed)
// ---------------------------------------------------------------------------------------------

export type ChatType = "private" | "group" | "supergroup" | "channel";

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
  can_connect_to_business?: boolean;
  has_main_web_app?: boolean;
}

export interface TgChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: boolean;
}

export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  user?: TgUser;
  language?: string;
  custom_emoji_id?: string;
}

export interface TgInlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][];
}

export interface TgReplyKeyboardMarkup {
  keyboard: unknown[][];
  [key: string]: unknown;
}

export type TgReplyMarkup =
  | TgInlineKeyboardMarkup
  | TgReplyKeyboardMarkup
  | { remove_keyboard: true; selective?: boolean }
  | { force_reply: true; input_field_placeholder?: string; selective?: boolean };

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  message_thread_id?: number;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  /** Only inline keyboards are part of a Message (as in Telegram). See `server.replyKeyboard()`. */
  reply_markup?: TgInlineKeyboardMarkup;
  reply_to_message?: TgMessage;
  edit_date?: number;
  [key: string]: unknown;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  inline_message_id?: string;
  chat_instance: string;
  data?: string;
}

export interface TgInlineQuery {
  id: string;
  from: TgUser;
  query: string;
  offset: string;
  chat_type?: string;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: TgCallbackQuery;
  inline_query?: TgInlineQuery;
  [key: string]: unknown;
}

export interface TgBotCommand {
  command: string;
  description: string;
}

export interface TgWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  allowed_updates?: string[];
}

// ---------------------------------------------------------------------------------------------
// Server-side types
// ---------------------------------------------------------------------------------------------

export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export interface ApiSuccess<T = unknown> {
  ok: true;
  result: T;
}

export interface ApiFailure {
  ok: false;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

export type ApiResponse<T = unknown> = ApiSuccess<T> | ApiFailure;

/** One HTTP request the bot made, with the response it got. */
export interface ApiCall {
  /** Canonical method name ("sendMessage" even if called as "sendmessage"); as given when unknown. */
  method: string;
  params: Record<string, unknown>;
  /** Arrival time, Date.now() ms. */
  at: number;
  /** Time until the response was written (long polls: the whole hold time). */
  durationMs: number;
  /** HTTP status of the response (= error_code on failure). */
  status: number;
  response: ApiResponse;
}

/** One attempt to deliver an update to the webhook (see `routeWebhook`). */
export interface WebhookDelivery {
  updateId: number;
  /** The chat of the update's message (or of the message under the pressed button), if any. */
  chatId?: number;
  /** The base URL the update was posted to (one of the routed targets). */
  target: string;
  /** Date.now() when the POST started. */
  at: number;
  durationMs: number;
  /** The HTTP status, or the network error code (e.g. "ECONNREFUSED", "ECONNRESET"). */
  status: number | string;
}

export interface RouteWebhookOptions {
  /** Delay before a failed delivery is tried again (Telegram: 1 s, doubling); default 200 ms. */
  retryMs?: number;
}

/** A sendMessageDraft call as the user would have seen it. */
export interface DraftRecord {
  chat_id: number;
  draft_id: number;
  text: string;
  entities?: TgMessageEntity[];
  message_thread_id?: number;
  at: number;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

export interface InlineAnswer {
  inline_query_id: string;
  results: Record<string, unknown>[];
  cache_time?: number;
  is_personal?: boolean;
  next_offset?: string;
  button?: unknown;
  at: number;
}

export interface UploadedFile {
  filename: string;
  contentType?: string;
  size: number;
  /** The bytes uploaded (sendDocument), so a test can read the file the bot sent. */
  content?: Buffer;
}

/** A file a simulated user sends as a document: what getFile and the file URL serve. */
export interface SendDocumentOptions extends UserUpdateOptions {
  bytes: Buffer;
  fileName: string;
  mimeType?: string;
  caption?: string;
  /** The size Telegram reports (default: the real one); getFile refuses files over 20 MB like Telegram. */
  fileSize?: number;
}

/** An error to inject with `failNext`. 429 produces Telegram's "Too Many Requests: retry after N". */
export interface FailureSpec {
  status: number;
  /** Seconds, for status 429 (default 1). */
  retryAfter?: number;
  /** Defaults: 400 "Bad Request", 403 "Forbidden: bot was blocked by the user", 500 "Internal Server Error"... */
  description?: string;
  parameters?: ResponseParameters;
}

export interface RateLimitOptions {
  /** Max rate-limited calls per chat within any 1 s window (Telegram: ~1). */
  perChatPerSecond?: number;
  /** Max rate-limited calls overall within any 1 s window (Telegram: ~30). */
  globalPerSecond?: number;
  /** Max rate-limited calls per group/supergroup (negative chat id) within any 60 s window (Telegram: ~20). */
  perGroupPerMinute?: number;
  /** Methods that count; default: message-sending methods and editMessageText/editMessageReplyMarkup. */
  methods?: string[];
}

/** Handler for an extra method: return the `result`, or throw a `BotApiError`. */
export type CustomMethodHandler = (params: Record<string, unknown>, server: BotApiServer) => unknown;

export interface BotApiServerOptions extends Omit<RateLimitOptions, "methods"> {
  /** Accepted token; default: a random realistic one ("<botId>:<35 chars>"). */
  token?: string;
  /** Default: the numeric prefix of `token`, else 7123456789. */
  botId?: number;
  /** Default "shenbao_test_bot". */
  botUsername?: string;
  /** Default "Shenbao Test Bot". */
  botFirstName?: string;
  /** getMe.can_join_groups, default false. */
  canJoinGroups?: boolean;
  /** getMe.can_read_all_group_messages, default false. */
  canReadAllGroupMessages?: boolean;
  /** getMe.supports_inline_queries, default true. */
  supportsInlineQueries?: boolean;
  /** Overrides for the default simulated user {id: 1001, is_bot: false, first_name: "Test", language_code: "zh-hans"}. */
  defaultUser?: Partial<TgUser>;
  /**
   * Rate limits answering 429. When absent, the top-level perChatPerSecond / globalPerSecond /
   * perGroupPerMinute options are used. Disabled by default.
   */
  rateLimits?: RateLimitOptions;
  /**
   * HTML parse_mode: require `&` and `>` in text to be escaped (default true; stricter than Telegram,
   * which shows a bare "&" literally). Set false for Telegram's lenient behaviour.
   */
  strictHtml?: boolean;
  /** If true, sending to a chat the server has never seen answers 400 "Bad Request: chat not found". */
  strictChats?: boolean;
  /** Artificial latency (ms) added to every non-getUpdates response. */
  latencyMs?: number;
  /** Extra methods (name → handler); may also override built-ins. */
  extraMethods?: Record<string, CustomMethodHandler>;
  /** First update_id (default 100000001). */
  firstUpdateId?: number;
  /** Default timeout of the wait helpers (default 5000 ms). */
  defaultTimeoutMs?: number;
  /** Host to bind, default "127.0.0.1". */
  host?: string;
  /** Port, default 0 (random). */
  port?: number;
}

export interface WaitOptions {
  /** Default: `defaultTimeoutMs` option (5000 ms). */
  timeoutMs?: number;
}

export interface WaitForCallOptions extends WaitOptions {
  /** Only consider calls with index >= since (e.g. `server.calls.length` captured earlier). */
  since?: number;
}

/** string: text includes it; RegExp: text matches; function: custom predicate. */
export type MessageMatcher = string | RegExp | ((text: string, message: TgMessage) => boolean);

export interface WaitForMessageOptions extends WaitOptions {
  /** Only consider messages with message_id > afterMessageId. */
  afterMessageId?: number;
}

export interface UserUpdateOptions {
  /** Default: the user's id (private chat) or a default group id for group chats. */
  chatId?: number;
  /** Merged over the default user. */
  from?: Partial<TgUser>;
  /** Default: inferred from chatId (positive → private, ≤ -1e12 → supergroup, else group). */
  chatType?: "private" | "group" | "supergroup";
  /** Title for group chats (default "Test Group"). */
  chatTitle?: string;
  /** Must be a message stored in this chat (user's or bot's). */
  replyToMessageId?: number;
  /** Sets from.language_code. */
  languageCode?: string;
  messageThreadId?: number;
}

export interface SendTextOptions extends UserUpdateOptions {
  text: string;
  /** Default: auto-detected bot_command / mention / url entities. A bot_command at offset 0 is always ensured. */
  entities?: TgMessageEntity[];
}

export type NonTextKind =
  | "sticker"
  | "photo"
  | "voice"
  | "audio"
  | "video"
  | "video_note"
  | "animation"
  | "document"
  | "location"
  | "contact";

export interface SendNonTextOptions extends UserUpdateOptions {
  caption?: string;
  fileName?: string;
  mimeType?: string;
  /** Sticker emoji, default "👍". */
  emoji?: string;
}

export interface PressButtonOptions {
  /** Default: the user's id (private chat). */
  chatId?: number;
  messageId: number;
  /** callback_data to press. */
  data?: string;
  /** Alternatively: the button label to press (its callback_data is used). */
  text?: string;
  from?: Partial<TgUser>;
  /** Skip the check that the message exists and has such a button. */
  force?: boolean;
}

export interface InlineQueryOptions {
  query: string;
  from?: Partial<TgUser>;
  offset?: string;
  chatType?: "sender" | "private" | "group" | "supergroup" | "channel";
}

export interface MessagesOptions {
  /** Include the simulated user's messages too (default: only the bot's). */
  includeUser?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Throw from a handler to answer {"ok":false,...}. */
export class BotApiError extends Error {
  readonly status: number;
  readonly description: string;
  readonly parameters: ResponseParameters | undefined;

  constructor(status: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.name = "BotApiError";
    this.status = status;
    this.description = description;
    this.parameters = parameters;
  }

  toResponse(): ApiFailure {
    const body: ApiFailure = { ok: false, error_code: this.status, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

const badRequest = (description: string) => new BotApiError(400, `Bad Request: ${description}`);

class EntityParseError extends Error {}

// ---------------------------------------------------------------------------------------------
// Text formatting (HTML / MarkdownV2 / Markdown) — produces plain text + entities like Telegram
// ---------------------------------------------------------------------------------------------

export interface FormattedText {
  text: string;
  entities: TgMessageEntity[];
}

export const MAX_MESSAGE_LENGTH = 4096;

const utf8Offset = (s: string, i: number) => Buffer.byteLength(s.slice(0, i), "utf8");

const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "tg-spoiler",
  "span",
  "blockquote",
  "tg-emoji",
]);

const HTML_ENTITY_TYPES: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  a: "text_link",
  "tg-emoji": "custom_emoji",
};

const isTagNameChar = (c: string) => /[a-zA-Z0-9-]/.test(c);
const isWhitespace = (c: string) => c !== "" && /\s/.test(c);

function decodeHtmlEntity(src: string, i: number): { value: string; length: number } | undefined {
  const m = /^&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z]{1,10}));/.exec(src.slice(i, i + 20));
  if (!m) return undefined;
  if (m[3] !== undefined) {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
    const value = named[m[3]];
    return value === undefined ? undefined : { value, length: m[0].length };
  }
  const cp = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2] ?? "", 16);
  if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return { value: String.fromCodePoint(cp), length: m[0].length };
}

function decodeAttributeValue(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; ) {
    if (raw.charAt(i) === "&") {
      const d = decodeHtmlEntity(raw, i);
      if (d) {
        out += d.value;
        i += d.length;
        continue;
      }
    }
    out += raw.charAt(i);
    i++;
  }
  return out;
}

interface OpenHtmlTag {
  name: string;
  offset: number;
  attrs: Map<string, string>;
  language?: string;
}

/** Telegram's HTML style (error texts follow TDLib's). */
export function parseHtml(src: string, strict = true): FormattedText {
  let out = "";
  const entities: TgMessageEntity[] = [];
  const stack: OpenHtmlTag[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === "&") {
      const d = decodeHtmlEntity(src, i);
      if (d) {
        out += d.value;
        i += d.length;
        continue;
      }
      if (strict) {
        throw new EntityParseError(
          `Unescaped "&" at byte offset ${utf8Offset(src, i)} (only &lt; &gt; &amp; &quot; and numeric entities are supported)`,
        );
      }
      out += c;
      i++;
      continue;
    }
    if (c === ">" && strict) {
      throw new EntityParseError(`Unescaped ">" at byte offset ${utf8Offset(src, i)}`);
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    const byte = utf8Offset(src, begin);
    if (src.charAt(i + 1) === "/") {
      let j = i + 2;
      while (j < src.length && isTagNameChar(src.charAt(j))) j++;
      const name = src.slice(i + 2, j).toLowerCase();
      while (isWhitespace(src.charAt(j))) j++;
      if (src.charAt(j) !== ">") throw new EntityParseError(`Unclosed end tag at byte offset ${byte}`);
      const top = stack.pop();
      if (!top) throw new EntityParseError(`Unexpected end tag at byte offset ${byte}`);
      if (top.name !== name) {
        throw new EntityParseError(
          `Unmatched end tag at byte offset ${byte}, expected "</${top.name}>", found "</${name}>"`,
        );
      }
      closeHtmlTag(top, out.length, stack, entities);
      i = j + 1;
      continue;
    }
    let j = i + 1;
    while (j < src.length && isTagNameChar(src.charAt(j))) j++;
    const name = src.slice(i + 1, j).toLowerCase();
    if (!HTML_TAGS.has(name))
      throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${byte}`);
    const attrs = new Map<string, string>();
    for (;;) {
      while (isWhitespace(src.charAt(j))) j++;
      if (j >= src.length) throw new EntityParseError(`Unclosed start tag at byte offset ${byte}`);
      if (src.charAt(j) === ">") {
        j++;
        break;
      }
      const attrStart = j;
      while (j < src.length && /[a-zA-Z0-9_-]/.test(src.charAt(j))) j++;
      const attrName = src.slice(attrStart, j).toLowerCase();
      if (attrName === "") {
        throw new EntityParseError(`Empty attribute name in the tag "${name}" at byte offset ${byte}`);
      }
      while (isWhitespace(src.charAt(j))) j++;
      let value = "";
      if (src.charAt(j) === "=") {
        j++;
        while (isWhitespace(src.charAt(j))) j++;
        const q = src.charAt(j);
        if (q === '"' || q === "'") {
          const end = src.indexOf(q, j + 1);
          if (end === -1) throw new EntityParseError(`Unclosed start tag at byte offset ${byte}`);
          value = decodeAttributeValue(src.slice(j + 1, end));
          j = end + 1;
        } else {
          const valueStart = j;
          while (j < src.length && !isWhitespace(src.charAt(j)) && src.charAt(j) !== ">") j++;
          value = decodeAttributeValue(src.slice(valueStart, j));
        }
      }
      attrs.set(attrName, value);
    }
    if (name === "span" && attrs.get("class") !== "tg-spoiler") {
      throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byte}`);
    }
    if (name === "tg-emoji" && !attrs.get("emoji-id")) {
      throw new EntityParseError(`Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${byte}`);
    }
    stack.push({ name, offset: out.length, attrs });
    i = j;
  }
  const unclosed = stack.at(-1);
  if (unclosed)
    throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text: out, entities: sortEntities(entities) };
}

function closeHtmlTag(tag: OpenHtmlTag, end: number, stack: OpenHtmlTag[], entities: TgMessageEntity[]) {
  const length = end - tag.offset;
  const parent = stack.at(-1);
  const codeClass = tag.attrs.get("class") ?? "";
  if (tag.name === "code" && parent?.name === "pre" && codeClass.startsWith("language-")) {
    parent.language = codeClass.slice("language-".length);
    return;
  }
  if (length <= 0) return;
  const type = HTML_ENTITY_TYPES[tag.name] ?? "bold";
  const entity: TgMessageEntity = { type, offset: tag.offset, length };
  if (tag.name === "a") {
    const href = tag.attrs.get("href") ?? "";
    if (href === "") return;
    entity.url = href;
  } else if (tag.name === "pre" && tag.language) {
    entity.language = tag.language;
  } else if (tag.name === "blockquote" && tag.attrs.has("expandable")) {
    entity.type = "expandable_blockquote";
  } else if (tag.name === "tg-emoji") {
    entity.custom_emoji_id = tag.attrs.get("emoji-id") ?? "";
  }
  entities.push(entity);
}

const MDV2_RESERVED = new Set("_*[]()~`>#+-=|{}.!".split(""));

const TD_ENTITY_NAMES: Record<string, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  text_link: "TextUrl",
  custom_emoji: "CustomEmoji",
  blockquote: "BlockQuote",
  expandable_blockquote: "ExpandableBlockQuote",
};

interface OpenMdEntity {
  type: string;
  offset: number;
  byte: number;
}

const isEscapable = (c: string) => {
  const code = c.charCodeAt(0);
  return c.length > 0 && code > 0 && code <= 126;
};

/** Telegram's MarkdownV2 style (error texts follow TDLib's). */
export function parseMarkdownV2(src: string): FormattedText {
  let out = "";
  const entities: TgMessageEntity[] = [];
  const stack: OpenMdEntity[] = [];
  let quote: { offset: number; expandable: boolean } | undefined;
  const closeQuote = () => {
    if (!quote) return;
    const length = out.length - quote.offset;
    if (length > 0) {
      entities.push({
        type: quote.expandable ? "expandable_blockquote" : "blockquote",
        offset: quote.offset,
        length,
      });
    }
    quote = undefined;
  };
  const endOfEntity = (type: string, byte: number) =>
    new EntityParseError(`Can't find end of ${TD_ENTITY_NAMES[type] ?? type} entity at byte offset ${byte}`);
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    const lineStart = i === 0 || src.charAt(i - 1) === "\n";
    if (lineStart && c === ">") {
      quote ??= { offset: out.length, expandable: false };
      i++;
      continue;
    }
    if (lineStart && src.startsWith("**>", i)) {
      quote ??= { offset: out.length, expandable: true };
      quote.expandable = true;
      i += 3;
      continue;
    }
    if (c === "\\" && isEscapable(src.charAt(i + 1))) {
      out += src.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c === "\n") {
      if (quote && src.charAt(i + 1) !== ">" && !src.startsWith("**>", i + 1)) closeQuote();
      out += c;
      i++;
      continue;
    }
    if (c === "`") {
      const isPre = src.startsWith("```", i);
      const delimiter = isPre ? "```" : "`";
      const byte = utf8Offset(src, i);
      let k = i + delimiter.length;
      let found = -1;
      while (k < src.length) {
        if (src.charAt(k) === "\\" && isEscapable(src.charAt(k + 1))) {
          k += 2;
          continue;
        }
        if (src.startsWith(delimiter, k)) {
          found = k;
          break;
        }
        k++;
      }
      if (found === -1) throw endOfEntity(isPre ? "pre" : "code", byte);
      let raw = src.slice(i + delimiter.length, found);
      let language: string | undefined;
      if (isPre) {
        const nl = raw.indexOf("\n");
        if (nl > 0 && !/\s/.test(raw.slice(0, nl))) {
          language = raw.slice(0, nl);
          raw = raw.slice(nl + 1);
        } else if (nl === 0) {
          raw = raw.slice(1);
        }
      }
      const body = raw.replace(/\\(.)/gs, (m: string, ch: string) => (isEscapable(ch) ? ch : m));
      if (body.length > 0) {
        const entity: TgMessageEntity = {
          type: isPre ? "pre" : "code",
          offset: out.length,
          length: body.length,
        };
        if (language) entity.language = language;
        entities.push(entity);
      }
      out += body;
      i = found + delimiter.length;
      continue;
    }
    if (
      c === "|" &&
      quote?.expandable &&
      src.charAt(i + 1) === "|" &&
      (i + 2 === src.length || src.charAt(i + 2) === "\n") &&
      stack.at(-1)?.type !== "spoiler"
    ) {
      closeQuote();
      i += 2;
      continue;
    }
    const top = stack.at(-1);
    if (top) {
      let closeLength = 0;
      if (c === "*" && top.type === "bold") closeLength = 1;
      else if (c === "_" && src.charAt(i + 1) === "_" && top.type === "underline") closeLength = 2;
      else if (c === "_" && top.type === "italic") closeLength = 1;
      else if (c === "~" && top.type === "strikethrough") closeLength = 1;
      else if (c === "|" && src.charAt(i + 1) === "|" && top.type === "spoiler") closeLength = 2;
      if (closeLength > 0) {
        stack.pop();
        if (out.length > top.offset) {
          entities.push({ type: top.type, offset: top.offset, length: out.length - top.offset });
        }
        i += closeLength;
        continue;
      }
      if (c === "]" && (top.type === "text_link" || top.type === "custom_emoji")) {
        stack.pop();
        i++;
        let url = "";
        if (src.charAt(i) === "(") {
          const urlByte = utf8Offset(src, i);
          let k = i + 1;
          let found = -1;
          while (k < src.length) {
            if (src.charAt(k) === "\\" && isEscapable(src.charAt(k + 1))) {
              url += src.charAt(k + 1);
              k += 2;
              continue;
            }
            if (src.charAt(k) === ")") {
              found = k;
              break;
            }
            url += src.charAt(k);
            k++;
          }
          if (found === -1) throw new EntityParseError(`Can't find end of a URL at byte offset ${urlByte}`);
          i = found + 1;
        }
        const length = out.length - top.offset;
        if (top.type === "custom_emoji") {
          const m = /^tg:\/\/emoji\?id=(\d+)$/.exec(url);
          if (!m?.[1]) {
            throw new EntityParseError(
              `Custom emoji entity must contain a tg://emoji URL at byte offset ${top.byte}`,
            );
          }
          if (length > 0) {
            entities.push({ type: "custom_emoji", offset: top.offset, length, custom_emoji_id: m[1] });
          }
        } else if (url !== "" && length > 0) {
          entities.push({ type: "text_link", offset: top.offset, length, url });
        }
        continue;
      }
    }
    let open: string | undefined;
    let advance = 1;
    if (c === "*") open = "bold";
    else if (c === "_" && src.charAt(i + 1) === "_") {
      open = "underline";
      advance = 2;
    } else if (c === "_") open = "italic";
    else if (c === "~") open = "strikethrough";
    else if (c === "|" && src.charAt(i + 1) === "|") {
      open = "spoiler";
      advance = 2;
    } else if (c === "[") open = "text_link";
    else if (c === "!" && src.charAt(i + 1) === "[") {
      open = "custom_emoji";
      advance = 2;
    }
    if (open) {
      const already = stack.find((e) => e.type === open);
      if (already) throw endOfEntity(already.type, already.byte);
      stack.push({ type: open, offset: out.length, byte: utf8Offset(src, i) });
      i += advance;
      continue;
    }
    if (MDV2_RESERVED.has(c)) {
      throw new EntityParseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    out += c;
    i++;
  }
  const unclosed = stack.at(-1);
  if (unclosed) throw endOfEntity(unclosed.type, unclosed.byte);
  closeQuote();
  return { text: out, entities: sortEntities(entities) };
}

/** Telegram's legacy Markdown style. */
export function parseMarkdownV1(src: string): FormattedText {
  let out = "";
  const entities: TgMessageEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === "\\" && "_*`[".includes(src.charAt(i + 1)) && src.charAt(i + 1) !== "") {
      out += src.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c !== "_" && c !== "*" && c !== "`" && c !== "[") {
      out += c;
      i++;
      continue;
    }
    const fail = () =>
      new EntityParseError(`Can't find end of the entity starting at byte offset ${utf8Offset(src, i)}`);
    if (src.startsWith("```", i)) {
      const end = src.indexOf("```", i + 3);
      if (end === -1) throw fail();
      let body = src.slice(i + 3, end);
      let language: string | undefined;
      const nl = body.indexOf("\n");
      if (nl > 0 && !/\s/.test(body.slice(0, nl))) {
        language = body.slice(0, nl);
        body = body.slice(nl + 1);
      }
      if (body.length > 0) {
        const entity: TgMessageEntity = { type: "pre", offset: out.length, length: body.length };
        if (language) entity.language = language;
        entities.push(entity);
      }
      out += body;
      i = end + 3;
      continue;
    }
    if (c === "[") {
      const close = src.indexOf("]", i + 1);
      if (close === -1) throw fail();
      const label = src.slice(i + 1, close);
      if (src.charAt(close + 1) === "(") {
        const end = src.indexOf(")", close + 2);
        if (end === -1) throw fail();
        const url = src.slice(close + 2, end);
        if (label.length > 0 && url !== "") {
          entities.push({ type: "text_link", offset: out.length, length: label.length, url });
        }
        out += label;
        i = end + 1;
        continue;
      }
      out += label;
      i = close + 1;
      continue;
    }
    const end = src.indexOf(c, i + 1);
    if (end === -1) throw fail();
    const body = src.slice(i + 1, end);
    if (body.length > 0) {
      const type = c === "*" ? "bold" : c === "_" ? "italic" : "code";
      entities.push({ type, offset: out.length, length: body.length });
    }
    out += body;
    i = end + 1;
  }
  return { text: out, entities: sortEntities(entities) };
}

function sortEntities(entities: TgMessageEntity[]): TgMessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** Telegram strips leading/trailing whitespace; entities are clipped accordingly. */
function trimFormatted({ text, entities }: FormattedText): FormattedText {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text.charAt(start))) start++;
  while (end > start && isWhitespace(text.charAt(end - 1))) end--;
  if (start === 0 && end === text.length) return { text, entities };
  const clipped: TgMessageEntity[] = [];
  for (const e of entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) clipped.push({ ...e, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities: clipped };
}

function validateEntities(text: string, raw: unknown): TgMessageEntity[] {
  const fail = () => new BotApiError(400, "Bad Request: can't parse entities");
  if (!Array.isArray(raw)) throw fail();
  const result: TgMessageEntity[] = [];
  for (const e of raw as unknown[]) {
    if (!isRecord(e) || typeof e.type !== "string") throw fail();
    const offset = toInt(e.offset);
    const length = toInt(e.length);
    if (offset === undefined || length === undefined || offset < 0 || length <= 0) throw fail();
    if (offset + length > text.length) throw fail();
    result.push({ ...(e as unknown as TgMessageEntity), offset, length });
  }
  return sortEntities(result);
}

/**
 * Applies parse_mode/entities like Telegram: returns the text as the user sees it, or throws the
 * Telegram error (BotApiError) for empty / too long / unparsable text.
 */
export function formatMessageText(
  params: { text?: unknown; parse_mode?: unknown; entities?: unknown },
  options: { strictHtml?: boolean; allowEmpty?: boolean } = {},
): FormattedText {
  const raw = params.text;
  if (raw === undefined || raw === null) {
    if (options.allowEmpty) return { text: "", entities: [] };
    throw badRequest("message text is empty");
  }
  const text = typeof raw === "string" ? raw : String(raw);
  let parsed: FormattedText;
  if (params.entities !== undefined && params.entities !== null) {
    parsed = { text, entities: validateEntities(text, params.entities) };
  } else {
    const mode =
      params.parse_mode === undefined || params.parse_mode === null ? "" : String(params.parse_mode);
    try {
      switch (mode.toLowerCase()) {
        case "":
          parsed = { text, entities: [] };
          break;
        case "html":
          parsed = parseHtml(text, options.strictHtml ?? true);
          break;
        case "markdownv2":
          parsed = parseMarkdownV2(text);
          break;
        case "markdown":
          parsed = parseMarkdownV1(text);
          break;
        default:
          throw badRequest("unsupported parse_mode");
      }
    } catch (error) {
      if (error instanceof EntityParseError) throw badRequest(`can't parse entities: ${error.message}`);
      throw error;
    }
  }
  const result = trimFormatted(parsed);
  if (result.text.length === 0 && !options.allowEmpty) throw badRequest("message text is empty");
  if (result.text.length > MAX_MESSAGE_LENGTH) throw badRequest("message is too long");
  return result;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

type Params = Record<string, unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function toInt(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (typeof v === "string" && /^-?\d{1,16}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

function toBool(v: unknown): boolean {
  return v === true || v === "true" || v === 1 || v === "1";
}

function optString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : String(v);
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  if (isRecord(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const nowSec = () => Math.floor(Date.now() / 1000);

const randomId = (bytes = 8) => BigInt(`0x${randomBytes(bytes).toString("hex")}`).toString();

/** Params whose string values in form/multipart bodies must stay strings. */
const STRING_PARAMS = new Set([
  "text",
  "caption",
  "query",
  "parse_mode",
  "description",
  "short_description",
  "url",
  "callback_query_id",
  "inline_query_id",
  "inline_message_id",
  "next_offset",
  "action",
  "language_code",
  "title",
  "emoji",
  "secret_token",
  "ip_address",
  "name",
  "business_connection_id",
  "message_effect_id",
]);

/** Params that carry JSON-serialized objects when sent as strings. */
const JSON_PARAMS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "allowed_updates",
  "commands",
  "scope",
  "results",
  "menu_button",
  "reply_parameters",
  "link_preview_options",
  "button",
  "media",
  "permissions",
]);

function coerceFormValue(key: string, value: string): unknown {
  if (STRING_PARAMS.has(key)) return value;
  if (JSON_PARAMS.has(key) || /^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      if (JSON_PARAMS.has(key)) throw badRequest(`can't parse ${key} JSON object`);
      return value;
    }
  }
  if (/^-?\d{1,16}$/.test(value)) return Number(value);
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

function normalizeJsonParams(params: Params): Params {
  for (const key of JSON_PARAMS) {
    const v = params[key];
    if (typeof v === "string") {
      try {
        params[key] = JSON.parse(v);
      } catch {
        throw badRequest(`can't parse ${key} JSON object`);
      }
    }
  }
  return params;
}

function parseMultipart(body: Buffer, boundary: string): Params {
  const out: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    pos += delimiter.length;
    if (body[pos] === 45 && body[pos + 1] === 45) break; // closing "--"
    if (body[pos] === 13 && body[pos + 1] === 10) pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd === -1) break;
    const headers = body.subarray(pos, headerEnd).toString("utf8");
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next === -1) break;
    let contentEnd = next;
    if (body[contentEnd - 2] === 13 && body[contentEnd - 1] === 10) contentEnd -= 2;
    const content = body.subarray(headerEnd + 4, contentEnd);
    const name = /[;\s]name="([^"]*)"/i.exec(headers)?.[1];
    // grammY writes filename=name unquoted; browsers and curl quote it.
    const filenameMatch = /filename=(?:"([^"]*)"|([^\r\n;]*))/i.exec(headers);
    const filename = filenameMatch ? (filenameMatch[1] ?? filenameMatch[2]) : undefined;
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
    if (name !== undefined) {
      if (filename !== undefined) {
        const file: UploadedFile = { filename, size: content.length, content: Buffer.from(content) };
        if (contentType) file.contentType = contentType;
        out[name] = file;
      } else {
        out[name] = coerceFormValue(name, content.toString("utf8"));
      }
    }
    pos = next;
  }
  return out;
}

function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BotApiError(413, "Request Entity Too Large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden: bot was blocked by the user",
  404: "Not Found",
  409: "Conflict",
  413: "Request Entity Too Large",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

function failureFromSpec(spec: FailureSpec): BotApiError {
  if (spec.status === 429) {
    const retryAfter = spec.retryAfter ?? 1;
    return new BotApiError(429, spec.description ?? `Too Many Requests: retry after ${retryAfter}`, {
      ...spec.parameters,
      retry_after: retryAfter,
    });
  }
  return new BotApiError(
    spec.status,
    spec.description ?? DEFAULT_DESCRIPTIONS[spec.status] ?? "Error",
    spec.parameters,
  );
}

function tooManyRequests(retryAfter: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

const DEFAULT_RATE_LIMITED_METHODS = [
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "sendPhoto",
  "sendDocument",
  "sendSticker",
  "sendVoice",
  "sendAudio",
  "sendVideo",
  "sendAnimation",
  "sendMediaGroup",
  "copyMessage",
  "forwardMessage",
];

/** Updates not delivered unless explicitly listed in allowed_updates. */
const OPT_IN_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

const DEFAULT_USER: TgUser = { id: 1001, is_bot: false, first_name: "Test", language_code: "zh-hans" };
const DEFAULT_SUPERGROUP_ID = -1001000000001;
const DEFAULT_GROUP_ID = -4000000001;

function updateType(update: TgUpdate): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "";
}

/** Telegram's per-chat webhook queue: a chat's updates (a user's, without a chat) go one at a time. */
function updateQueue(update: TgUpdate): string {
  const chat = update.message?.chat ?? update.edited_message?.chat ?? update.callback_query?.message?.chat;
  if (chat) return `chat:${chat.id}`;
  const from = update.callback_query?.from ?? update.inline_query?.from;
  return from ? `user:${from.id}` : `update:${update.update_id}`;
}

/** bot_command, mention and url entities as a Telegram client would detect them. */
export function detectEntities(text: string): TgMessageEntity[] {
  const found: TgMessageEntity[] = [];
  const add = (re: RegExp, type: string, trimPunctuation = false) => {
    for (const m of text.matchAll(re)) {
      let value = m[0];
      if (trimPunctuation) value = value.replace(/[.,!?;:)\]'"。，！？；：）]+$/u, "");
      if (value.length > 0 && m.index !== undefined)
        found.push({ type, offset: m.index, length: value.length });
    }
  };
  add(/(?<=^|\s)\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@/])/g, "bot_command");
  add(/(?<![A-Za-z0-9_/@])@[A-Za-z0-9_]{4,32}(?![A-Za-z0-9_])/g, "mention");
  add(/https?:\/\/[^\s<>"]+/g, "url", true);
  sortEntities(found);
  const result: TgMessageEntity[] = [];
  let end = 0;
  for (const e of found) {
    if (e.offset < end) continue;
    result.push(e);
    end = e.offset + e.length;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

interface MessageEntry {
  message: TgMessage;
  fromBot: boolean;
  deleted: boolean;
}

interface ChatState {
  nextMessageId: number;
  messages: Map<number, MessageEntry>;
  drafts: DraftRecord[];
  replyKeyboard?: TgReplyKeyboardMarkup;
  menuButton?: unknown;
}

interface Poller {
  res: ServerResponse;
  params: Params;
  at: number;
  limit: number;
  timer: NodeJS.Timeout;
  done: boolean;
}

interface Waiter {
  check: () => void;
  fail: (error: Error) => void;
}

type Handler = (params: Params) => unknown;

export class BotApiServer {
  /** e.g. "http://127.0.0.1:40123" — use as grammY `client.apiRoot` / TELEGRAM_API_ROOT. */
  readonly url: string;
  /** The only accepted bot token. */
  readonly token: string;
  /** The bot user returned by getMe and used as `from` of sent messages. */
  readonly botUser: TgUser;
  /** Every request, in the order responses were written. */
  readonly calls: ApiCall[] = [];

  private readonly http: Server;
  private readonly options: BotApiServerOptions;
  private readonly startedAt = Date.now();
  private readonly handlers = new Map<string, { name: string; fn: Handler }>();
  private readonly chats = new Map<number, TgChat>();
  private readonly chatStates = new Map<number, ChatState>();
  private readonly chatInstances = new Map<number, string>();
  private readonly commandSets = new Map<string, TgBotCommand[]>();
  private readonly failures = new Map<string, FailureSpec[]>();
  private readonly dropped = new Map<string, number>();
  private readonly callbackQueries = new Map<string, CallbackAnswer | null>();
  private readonly inlineQueries = new Map<string, InlineAnswer | null>();
  private readonly waiters = new Set<Waiter>();
  private readonly rateLimits: RateLimitOptions | undefined;
  private readonly rateLimitedMethods: Set<string>;
  private readonly globalWindow: number[] = [];
  private readonly chatWindows = new Map<string, number[]>();
  private readonly groupWindows = new Map<string, number[]>();
  private queue: TgUpdate[] = [];
  private nextUpdateId: number;
  private lastPushedUpdateId = 0;
  private allowedUpdates: Set<string> | undefined;
  private webhook: (TgWebhookInfo & { secret_token?: string }) | undefined;
  /** Every attempt to deliver an update to the webhook, in order of completion. */
  readonly webhookDeliveries: WebhookDelivery[] = [];
  private webhookTargets: string[] = [];
  private webhookRetryMs = 200;
  private nextWebhookTarget = 0;
  private readonly webhookInFlight = new Map<number, ClientRequest>();
  private readonly webhookRetryAt = new Map<number, number>();
  private webhookTimer: NodeJS.Timeout | undefined;
  private defaultMenuButton: unknown = { type: "commands" };
  private poller: Poller | undefined;
  private deliveryScheduled = false;
  private closed = false;
  private tooManyRequestsCount = 0;
  private latencyMs: number;

  /** Use `startBotApiServer()`. */
  constructor(http: Server, url: string, options: BotApiServerOptions) {
    this.http = http;
    this.url = url;
    this.options = options;
    const tokenBotId = toInt(options.token?.split(":")[0]);
    const botId = options.botId ?? tokenBotId ?? 7123456789;
    this.token = options.token ?? `${botId}:${randomBytes(26).toString("base64url").slice(0, 35)}`;
    this.botUser = {
      id: botId,
      is_bot: true,
      first_name: options.botFirstName ?? "Shenbao Test Bot",
      username: options.botUsername ?? "shenbao_test_bot",
    };
    this.nextUpdateId = options.firstUpdateId ?? 100000001;
    this.latencyMs = options.latencyMs ?? 0;
    const limits: RateLimitOptions = options.rateLimits ?? {
      perChatPerSecond: options.perChatPerSecond,
      globalPerSecond: options.globalPerSecond,
      perGroupPerMinute: options.perGroupPerMinute,
    };
    const enabled =
      limits.perChatPerSecond !== undefined ||
      limits.globalPerSecond !== undefined ||
      limits.perGroupPerMinute !== undefined;
    this.rateLimits = enabled ? limits : undefined;
    this.rateLimitedMethods = new Set(
      (limits.methods ?? DEFAULT_RATE_LIMITED_METHODS).map((m) => m.toLowerCase()),
    );
    this.registerBuiltins();
    for (const [name, fn] of Object.entries(options.extraMethods ?? {})) {
      this.handlers.set(name.toLowerCase(), { name, fn: (p) => fn(p, this) });
    }
  }

  // ------------------------------------------------------------------ lifecycle / state

  /** Number of getUpdates requests currently being held (long polling). */
  get pollers(): number {
    return this.poller ? 1 : 0;
  }

  /** Number of 429 responses sent (rate limits and injected 429s). */
  get tooManyRequests(): number {
    return this.tooManyRequestsCount;
  }

  /** Updates pushed but not yet confirmed by the bot (via getUpdates offset). */
  get pendingUpdates(): TgUpdate[] {
    return structuredClone(this.queue);
  }

  /** The webhook set via setWebhook, if any. */
  get webhookInfo(): TgWebhookInfo {
    return this.getWebhookInfoResult();
  }

  /** Changes the artificial latency of non-getUpdates responses. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Stops the server: pending long polls get an empty result, waiters are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const poller = this.poller;
    if (poller) this.respondPoll(poller, 200, { ok: true, result: [] });
    clearTimeout(this.webhookTimer);
    for (const request of this.webhookInFlight.values()) request.destroy();
    for (const w of [...this.waiters]) w.fail(new Error("BotApiServer was closed while waiting"));
    this.waiters.clear();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeIdleConnections();
      // Give the just-released long poll a moment to flush, then drop keep-alive sockets.
      setTimeout(() => this.http.closeAllConnections(), 50).unref();
    });
  }

  /**
   * Delivers updates to the webhook set with setWebhook, as Telegram does: each update is POSTed as
   * JSON with the X-Telegram-Bot-Api-Secret-Token header; one update per chat at a time (the next once
   * the previous got a 2xx), different chats in parallel up to max_connections; a refused connection,
   * a dropped one or a non-2xx response is tried again after a delay. The POST goes to the webhook
   * URL's path on each of `targets` in turn: the test stands in for the TLS reverse proxy that would
   * forward https://… to the bot's instances. Confirmation (`waitForConfirmed`) is the 2xx.
   */
  routeWebhook(targets: string[], options: RouteWebhookOptions = {}): void {
    this.webhookTargets = [...targets];
    this.webhookRetryMs = options.retryMs ?? 200;
    this.pumpWebhook();
  }

  // ------------------------------------------------------------------ inspection

  /** Current state (after edits, without deleted ones) of the bot's messages in a chat, by message_id. */
  messages(chatId: number, options: MessagesOptions = {}): TgMessage[] {
    const state = this.chatStates.get(chatId);
    if (!state) return [];
    return [...state.messages.values()]
      .filter((e) => !e.deleted && (e.fromBot || options.includeUser))
      .sort((a, b) => a.message.message_id - b.message.message_id)
      .map((e) => structuredClone(e.message));
  }

  /** The bot's most recent (non-deleted) message in a chat. */
  lastMessage(chatId: number): TgMessage | undefined {
    return this.messages(chatId).at(-1);
  }

  /** The sendMessageDraft calls that succeeded for a chat, in order. */
  drafts(chatId: number): DraftRecord[] {
    return structuredClone(this.chatStates.get(chatId)?.drafts ?? []);
  }

  /** Calls of one method (case-insensitive), in order. */
  callsOf(method: string): ApiCall[] {
    const m = method.toLowerCase();
    return this.calls.filter((c) => c.method.toLowerCase() === m);
  }

  /** The reply keyboard (ReplyKeyboardMarkup) currently shown in a chat, if any. */
  replyKeyboard(chatId: number): TgReplyKeyboardMarkup | undefined {
    const kb = this.chatStates.get(chatId)?.replyKeyboard;
    return kb ? structuredClone(kb) : undefined;
  }

  /** Commands set via setMyCommands for a scope (default {type:"default"}) and language ("" = all). */
  commands(
    options: { scope?: Record<string, unknown>; languageCode?: string } = {},
  ): TgBotCommand[] | undefined {
    const set = this.commandSets.get(this.commandKey(options.scope, options.languageCode));
    return set ? structuredClone(set) : undefined;
  }

  /** Menu button set via setChatMenuButton for a chat (or the default one when chatId is omitted). */
  menuButton(chatId?: number): unknown {
    if (chatId === undefined) return structuredClone(this.defaultMenuButton);
    return structuredClone(this.chatStates.get(chatId)?.menuButton ?? this.defaultMenuButton);
  }

  /** The answerCallbackQuery for a callback query id (undefined: unknown id, null: not answered yet). */
  callbackAnswer(callbackQueryId: string): CallbackAnswer | null | undefined {
    return this.callbackQueries.get(callbackQueryId);
  }

  /** The answerInlineQuery for an inline query id (undefined: unknown id, null: not answered yet). */
  inlineAnswer(inlineQueryId: string): InlineAnswer | null | undefined {
    return this.inlineQueries.get(inlineQueryId);
  }

  /** A chat the server knows about. */
  chat(chatId: number): TgChat | undefined {
    const chat = this.chats.get(chatId);
    return chat ? structuredClone(chat) : undefined;
  }

  // ------------------------------------------------------------------ failure injection

  /** The next `count` calls of `method` fail with this error (before any validation or side effect). */
  failNext(method: string, spec: FailureSpec, count = 1): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    for (let i = 0; i < count; i++) list.push(spec);
    this.failures.set(key, list);
  }

  /**
   * The next `count` calls of `method` are carried out (a message is sent) and then the connection is
   * dropped before the response: the caller cannot tell whether Telegram got the call.
   */
  dropResponseNext(method: string, count = 1): void {
    const key = method.toLowerCase();
    this.dropped.set(key, (this.dropped.get(key) ?? 0) + count);
  }

  /** Removes pending injected failures (of one method, or all). */
  clearFailures(method?: string): void {
    if (method === undefined) this.failures.clear();
    else this.failures.delete(method.toLowerCase());
  }

  // ------------------------------------------------------------------ driving the bot like a user

  /** Enqueues any update (update_id assigned if missing). Returns the stored update. */
  pushUpdate<T extends object>(update: T): T & { update_id: number } {
    if (this.closed) throw new Error("BotApiServer is closed");
    const u = structuredClone(update) as unknown as TgUpdate;
    if (typeof u.update_id !== "number") {
      u.update_id = this.nextUpdateId++;
    } else if (u.update_id >= this.nextUpdateId) {
      this.nextUpdateId = u.update_id + 1;
    }
    for (const m of [u.message, u.edited_message, u.callback_query?.message]) {
      if (m?.chat) this.rememberChat(m.chat);
    }
    if (u.callback_query && !this.callbackQueries.has(u.callback_query.id)) {
      this.callbackQueries.set(u.callback_query.id, null);
    }
    if (u.inline_query && !this.inlineQueries.has(u.inline_query.id)) {
      this.inlineQueries.set(u.inline_query.id, null);
    }
    this.queue.push(u);
    this.lastPushedUpdateId = Math.max(this.lastPushedUpdateId, u.update_id);
    this.scheduleDelivery();
    this.notify();
    return structuredClone(u) as unknown as T & { update_id: number };
  }

  /** The user sends a text message. Returns the message (as in the update). */
  sendText(options: SendTextOptions): TgMessage {
    const user = this.makeUser(options.from, options.languageCode);
    const chat = this.makeChat(options, user);
    const message = this.newUserMessage(chat, user, options);
    message.text = options.text;
    const entities = options.entities ? structuredClone(options.entities) : detectEntities(options.text);
    if (options.text.startsWith("/") && !entities.some((e) => e.type === "bot_command" && e.offset === 0)) {
      const command = /^\/[^\s]+/.exec(options.text)?.[0] ?? "/";
      entities.unshift({ type: "bot_command", offset: 0, length: command.length });
    }
    if (entities.length > 0) message.entities = sortEntities(entities);
    return this.deliverUserMessage(chat, message);
  }

  /** The user sends "/command args" (leading "/" optional). */
  sendCommand(command: string, options: UserUpdateOptions & { args?: string } = {}): TgMessage {
    const name = command.startsWith("/") ? command : `/${command}`;
    const text = options.args ? `${name} ${options.args}` : name;
    return this.sendText({ ...options, text });
  }

  /** The user sends a sticker / photo / voice / ... message. */
  sendNonText(kind: NonTextKind, options: SendNonTextOptions = {}): TgMessage {
    const user = this.makeUser(options.from, options.languageCode);
    const chat = this.makeChat(options, user);
    const message = this.newUserMessage(chat, user, options);
    const file = (extra: Record<string, unknown> = {}) => ({
      file_id: `AgAC${randomBytes(24).toString("base64url")}`,
      file_unique_id: `AQAD${randomBytes(6).toString("base64url")}`,
      file_size: 12345,
      ...extra,
    });
    switch (kind) {
      case "sticker":
        message.sticker = file({
          type: "regular",
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: options.emoji ?? "👍",
          set_name: "TestStickers",
        });
        break;
      case "photo":
        message.photo = [
          file({ width: 90, height: 60, file_size: 1200 }),
          file({ width: 320, height: 213, file_size: 15000 }),
          file({ width: 1280, height: 853, file_size: 120000 }),
        ];
        break;
      case "voice":
        message.voice = file({ duration: 3, mime_type: options.mimeType ?? "audio/ogg" });
        break;
      case "audio":
        message.audio = file({
          duration: 120,
          mime_type: options.mimeType ?? "audio/mpeg",
          file_name: options.fileName ?? "audio.mp3",
        });
        break;
      case "video":
        message.video = file({
          width: 1280,
          height: 720,
          duration: 10,
          mime_type: options.mimeType ?? "video/mp4",
        });
        break;
      case "video_note":
        message.video_note = file({ length: 240, duration: 5 });
        break;
      case "animation":
        message.animation = file({
          width: 320,
          height: 240,
          duration: 2,
          mime_type: "video/mp4",
          file_name: "animation.mp4",
        });
        message.document = file({ mime_type: "video/mp4", file_name: "animation.mp4" });
        break;
      case "document":
        message.document = file({
          file_name: options.fileName ?? "document.pdf",
          mime_type: options.mimeType ?? "application/pdf",
        });
        break;
      case "location":
        message.location = { latitude: 39.9042, longitude: 116.4074 };
        break;
      case "contact":
        message.contact = { phone_number: "+8613800000000", first_name: user.first_name, user_id: user.id };
        break;
    }
    if (options.caption !== undefined && kind !== "sticker" && kind !== "location" && kind !== "contact") {
      message.caption = options.caption;
      const entities = detectEntities(options.caption);
      if (entities.length > 0) message.caption_entities = entities;
    }
    return this.deliverUserMessage(chat, message);
  }

  /** The user presses an inline keyboard button (by callback data or label) of a stored message. */
  pressButton(options: PressButtonOptions): TgCallbackQuery {
    const user = this.makeUser(options.from);
    const chatId = options.chatId ?? user.id;
    const entry = this.chatStates.get(chatId)?.messages.get(options.messageId);
    let data = options.data;
    if (!options.force) {
      if (!entry || entry.deleted) {
        throw new Error(`pressButton: message ${options.messageId} not found in chat ${chatId}`);
      }
      const buttons = entry.message.reply_markup?.inline_keyboard.flat() ?? [];
      const button = buttons.find((b) =>
        options.data !== undefined ? b.callback_data === options.data : b.text === options.text,
      );
      if (!button || button.callback_data === undefined) {
        const available = buttons.map((b) => `${JSON.stringify(b.text)}→${JSON.stringify(b.callback_data)}`);
        throw new Error(
          `pressButton: no callback button ${JSON.stringify(options.data ?? options.text)} on message ${options.messageId} in chat ${chatId}; buttons: [${available.join(", ")}]`,
        );
      }
      data = button.callback_data;
    }
    if (!this.chats.has(chatId)) this.makeChat({ chatId }, user);
    let chatInstance = this.chatInstances.get(chatId);
    if (!chatInstance) {
      chatInstance = `-${randomId()}`;
      this.chatInstances.set(chatId, chatInstance);
    }
    const query: TgCallbackQuery = { id: randomId(), from: user, chat_instance: chatInstance };
    if (entry) query.message = structuredClone(entry.message);
    if (data !== undefined) query.data = data;
    this.pushUpdate({ callback_query: query });
    return structuredClone(query);
  }

  /** The user types "@bot query" in some chat. */
  inlineQuery(options: InlineQueryOptions): TgInlineQuery {
    const user = this.makeUser(options.from);
    const query: TgInlineQuery = {
      id: randomId(),
      from: user,
      query: options.query,
      offset: options.offset ?? "",
    };
    if (options.chatType) query.chat_type = options.chatType;
    this.pushUpdate({ inline_query: query });
    return structuredClone(query);
  }

  // ------------------------------------------------------------------ waiting

  /** Resolves with the first call (past or future) matching the predicate or method name. */
  waitFor(
    predicate: ((call: ApiCall) => boolean) | string,
    options: WaitForCallOptions = {},
  ): Promise<ApiCall> {
    const match =
      typeof predicate === "string"
        ? (c: ApiCall) => c.method.toLowerCase() === predicate.toLowerCase()
        : predicate;
    let index = options.since ?? 0;
    const timeoutMs = options.timeoutMs ?? this.defaultTimeout;
    return this.waitUntil(
      () => {
        for (; index < this.calls.length; index++) {
          const call = this.calls[index];
          if (call && match(call)) return call;
        }
        return undefined;
      },
      timeoutMs,
      () =>
        `waitFor: no matching call within ${timeoutMs} ms (${typeof predicate === "string" ? predicate : "predicate"}).\n${this.describeRecentCalls()}`,
    );
  }

  /** Resolves with the first bot message in the chat whose current text (or caption) matches. */
  waitForMessage(
    chatId: number,
    match: MessageMatcher,
    options: WaitForMessageOptions = {},
  ): Promise<TgMessage> {
    const test = (text: string, m: TgMessage) =>
      typeof match === "string"
        ? text.includes(match)
        : match instanceof RegExp
          ? match.test(text)
          : match(text, m);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeout;
    return this.waitUntil(
      () =>
        this.messages(chatId).find(
          (m) => m.message_id > (options.afterMessageId ?? 0) && test(m.text ?? m.caption ?? "", m),
        ),
      timeoutMs,
      () => {
        const current = this.messages(chatId)
          .map((m) => `  #${m.message_id}: ${JSON.stringify(truncate(m.text ?? m.caption ?? "", 200))}`)
          .join("\n");
        return `waitForMessage: no message in chat ${chatId} matching ${String(match)} within ${timeoutMs} ms.\nBot messages in chat ${chatId}:\n${current || "  (none)"}\n${this.describeRecentCalls()}`;
      },
    );
  }

  /** Resolves once at least `count` getUpdates long polls are being held (i.e. the bot is idle, listening). */
  waitForPollers(count = 1, options: WaitOptions = {}): Promise<number> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeout;
    return this.waitUntil(
      () => (this.pollers >= count ? this.pollers : undefined),
      timeoutMs,
      () =>
        `waitForPollers: fewer than ${count} long polls within ${timeoutMs} ms.\n${this.describeRecentCalls()}`,
    );
  }

  /** Resolves once the bot confirmed (via getUpdates offset) every update up to `updateId` (default: the last pushed). */
  waitForConfirmed(updateId?: number, options: WaitOptions = {}): Promise<void> {
    const id = updateId ?? this.lastPushedUpdateId;
    const timeoutMs = options.timeoutMs ?? this.defaultTimeout;
    return this.waitUntil(
      () => (this.queue.every((u) => u.update_id > id) ? true : undefined),
      timeoutMs,
      () =>
        `waitForConfirmed: update ${id} not confirmed within ${timeoutMs} ms (pending: ${this.queue.map((u) => u.update_id).join(", ")}).\n${this.describeRecentCalls()}`,
    ).then(() => undefined);
  }

  // ------------------------------------------------------------------ internals: waiting

  private get defaultTimeout(): number {
    return this.options.defaultTimeoutMs ?? 5000;
  }

  private waitUntil<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = check();
      if (first !== undefined) {
        resolve(first);
        return;
      }
      if (this.closed) {
        reject(new Error(`BotApiServer is closed. ${describe()}`));
        return;
      }
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = check();
          } catch (error) {
            cleanup();
            reject(error);
            return;
          }
          if (value !== undefined) {
            cleanup();
            resolve(value);
          }
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(describe()));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w.check();
  }

  private describeRecentCalls(max = 20): string {
    const interesting = this.calls.filter(
      (c) =>
        !(
          c.method === "getUpdates" &&
          c.response.ok &&
          Array.isArray(c.response.result) &&
          !c.response.result.length
        ),
    );
    const recent = interesting.slice(-max);
    const lines = recent.map((c) => {
      const res = c.response.ok
        ? `ok ${truncate(JSON.stringify(c.response.result) ?? "", 100)}`
        : `${c.response.error_code} ${c.response.description}`;
      return `  +${c.at - this.startedAt}ms ${c.method} ${truncate(JSON.stringify(c.params), 200)} → ${res}`;
    });
    return `Recent calls (${recent.length} of ${this.calls.length}, empty getUpdates omitted):\n${lines.join("\n") || "  (none)"}`;
  }

  // ------------------------------------------------------------------ internals: users and chats

  private makeUser(from?: Partial<TgUser>, languageCode?: string): TgUser {
    const user: TgUser = { ...DEFAULT_USER, ...this.options.defaultUser, ...from };
    if (languageCode !== undefined) user.language_code = languageCode;
    return user;
  }

  private makeChat(
    options: { chatId?: number; chatType?: "private" | "group" | "supergroup"; chatTitle?: string },
    user: TgUser,
  ): TgChat {
    const { chatId } = options;
    const type =
      options.chatType ??
      (chatId === undefined || chatId > 0
        ? "private"
        : chatId <= -1_000_000_000_000
          ? "supergroup"
          : "group");
    const id =
      chatId ??
      (type === "private" ? user.id : type === "supergroup" ? DEFAULT_SUPERGROUP_ID : DEFAULT_GROUP_ID);
    if ((type === "private") !== id > 0) {
      throw new Error(`Chat id ${id} does not fit chat type ${type} (private chats have positive ids)`);
    }
    let chat: TgChat;
    if (type === "private") {
      chat = { id, type, first_name: user.first_name };
      if (user.last_name) chat.last_name = user.last_name;
      if (user.username) chat.username = user.username;
    } else {
      chat = { id, type, title: options.chatTitle ?? this.chats.get(id)?.title ?? "Test Group" };
    }
    this.rememberChat(chat);
    return chat;
  }

  private rememberChat(chat: TgChat): void {
    this.chats.set(chat.id, structuredClone(chat));
  }

  private state(chatId: number): ChatState {
    let state = this.chatStates.get(chatId);
    if (!state) {
      state = { nextMessageId: 1, messages: new Map(), drafts: [] };
      this.chatStates.set(chatId, state);
    }
    return state;
  }

  private newUserMessage(chat: TgChat, user: TgUser, options: UserUpdateOptions): TgMessage {
    const state = this.state(chat.id);
    const message: TgMessage = { message_id: state.nextMessageId++, from: user, chat, date: nowSec() };
    if (options.messageThreadId !== undefined) message.message_thread_id = options.messageThreadId;
    if (options.replyToMessageId !== undefined) {
      const replied = state.messages.get(options.replyToMessageId);
      if (!replied || replied.deleted) {
        throw new Error(`replyToMessageId ${options.replyToMessageId} not found in chat ${chat.id}`);
      }
      message.reply_to_message = this.shallowReply(replied.message);
    }
    return message;
  }

  private deliverUserMessage(chat: TgChat, message: TgMessage): TgMessage {
    this.state(chat.id).messages.set(message.message_id, {
      message: structuredClone(message),
      fromBot: false,
      deleted: false,
    });
    this.pushUpdate({ message });
    return structuredClone(message);
  }

  private shallowReply(message: TgMessage): TgMessage {
    const copy = structuredClone(message);
    delete copy.reply_to_message;
    return copy;
  }

  /** Resolves chat_id to a chat, creating unknown ones unless `strictChats`. */
  private resolveChat(raw: unknown): TgChat {
    if (raw === undefined || raw === null || raw === "") throw badRequest("chat_id is empty");
    const id = toInt(raw);
    if (id === undefined) {
      const username = String(raw).replace(/^@/, "").toLowerCase();
      const found = [...this.chats.values()].find((c) => c.username?.toLowerCase() === username);
      if (!found) throw badRequest("chat not found");
      return structuredClone(found);
    }
    const known = this.chats.get(id);
    if (known) return structuredClone(known);
    if (this.options.strictChats || id === 0) throw badRequest("chat not found");
    const chat: TgChat =
      id > 0
        ? { id, type: "private", first_name: `User ${id}` }
        : { id, type: id <= -1_000_000_000_000 ? "supergroup" : "group", title: `Group ${id}` };
    this.rememberChat(chat);
    return structuredClone(chat);
  }

  private commandKey(scope: unknown, languageCode: unknown): string {
    const s = isRecord(scope) ? scope : { type: "default" };
    return `${stableStringify(s)}|${optString(languageCode) ?? ""}`;
  }

  // ------------------------------------------------------------------ internals: HTTP

  /** @internal */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      this.serveFile(res, download[1] ?? "", decodeURIComponent(download[2] ?? ""));
      return;
    }
    const route = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!route?.[1] || !route[2]) {
      this.writeJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, token, rawMethod] = route;
    let params: Params = {};
    try {
      const body = await readBody(req);
      params = this.parseParams(req, url, body);
    } catch (error) {
      const err = error instanceof BotApiError ? error : badRequest("invalid request body");
      this.finish(res, rawMethod, params, at, err.toResponse(), err.status);
      return;
    }
    if (token !== this.token) {
      this.finish(
        res,
        rawMethod,
        params,
        at,
        { ok: false, error_code: 401, description: "Unauthorized" },
        401,
      );
      return;
    }
    const handler = this.handlers.get(rawMethod.toLowerCase());
    if (!handler) {
      this.finish(res, rawMethod, params, at, { ok: false, error_code: 404, description: "Not Found" }, 404);
      return;
    }
    const method = handler.name;
    const injected = this.failures.get(method.toLowerCase());
    const spec = injected?.shift();
    if (injected && injected.length === 0) this.failures.delete(method.toLowerCase());
    if (spec) {
      const err = failureFromSpec(spec);
      if (err.status === 429) this.tooManyRequestsCount++;
      await this.delay();
      this.finish(res, method, params, at, err.toResponse(), err.status);
      return;
    }
    if (method === "getUpdates") {
      this.getUpdates(res, params, at);
      return;
    }
    let response: ApiResponse;
    let status = 200;
    try {
      const retryAfter = this.checkRateLimit(method, params);
      if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
      const result = await handler.fn(params);
      response = { ok: true, result };
    } catch (error) {
      if (error instanceof BotApiError) {
        response = error.toResponse();
        status = error.status;
      } else {
        console.error(`[bot-api-server] ${method} handler crashed:`, error);
        response = { ok: false, error_code: 500, description: "Internal Server Error" };
        status = 500;
      }
    }
    await this.delay();
    const drops = this.dropped.get(method.toLowerCase()) ?? 0;
    if (drops > 0) {
      this.dropped.set(method.toLowerCase(), drops - 1);
      res.socket?.destroy();
      return;
    }
    this.finish(res, method, params, at, response, status);
  }

  private delay(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((r) => setTimeout(r, this.latencyMs)) : Promise.resolve();
  }

  private parseParams(req: IncomingMessage, url: URL, body: Buffer): Params {
    const params: Params = {};
    for (const [k, v] of url.searchParams) params[k] = coerceFormValue(k, v);
    const contentType = (req.headers["content-type"] ?? "").toLowerCase();
    if (body.length === 0) return params;
    if (contentType.includes("application/json")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        throw badRequest("can't parse JSON body");
      }
      if (!isRecord(parsed)) throw badRequest("JSON body must be an object");
      return normalizeJsonParams({ ...params, ...parsed });
    }
    if (contentType.includes("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = coerceFormValue(k, v);
      return params;
    }
    if (contentType.includes("multipart/form-data")) {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
      const b = boundary?.[1] ?? boundary?.[2];
      if (!b) throw badRequest("multipart boundary is missing");
      return { ...params, ...parseMultipart(body, b.trim()) };
    }
    return params;
  }

  private finish(
    res: ServerResponse,
    method: string,
    params: Params,
    at: number,
    response: ApiResponse,
    status: number,
  ): void {
    this.writeJson(res, status, response);
    this.calls.push({ method, params, at, durationMs: Date.now() - at, status, response });
    this.notify();
  }

  private writeJson(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
    });
    res.end(json);
  }

  private checkRateLimit(method: string, params: Params): number | undefined {
    const limits = this.rateLimits;
    if (!limits || !this.rateLimitedMethods.has(method.toLowerCase())) return undefined;
    const now = Date.now();
    const chatKey = String(params.chat_id ?? params.inline_message_id ?? "");
    const prune = (window: number[], span: number) => {
      while (window.length > 0 && (window[0] ?? 0) <= now - span) window.shift();
      return window;
    };
    const retryFor = (window: number[], span: number) =>
      Math.max(1, Math.ceil(((window[0] ?? now) + span - now) / 1000));
    const global = prune(this.globalWindow, 1000);
    const chatWindow = prune(this.chatWindows.get(chatKey) ?? [], 1000);
    this.chatWindows.set(chatKey, chatWindow);
    const isGroup = (toInt(params.chat_id) ?? 0) < 0;
    const groupWindow = prune(this.groupWindows.get(chatKey) ?? [], 60_000);
    if (isGroup) this.groupWindows.set(chatKey, groupWindow);
    let retryAfter: number | undefined;
    if (limits.globalPerSecond !== undefined && global.length >= limits.globalPerSecond) {
      retryAfter = retryFor(global, 1000);
    }
    if (limits.perChatPerSecond !== undefined && chatWindow.length >= limits.perChatPerSecond) {
      retryAfter = Math.max(retryAfter ?? 0, retryFor(chatWindow, 1000));
    }
    if (isGroup && limits.perGroupPerMinute !== undefined && groupWindow.length >= limits.perGroupPerMinute) {
      retryAfter = Math.max(retryAfter ?? 0, retryFor(groupWindow, 60_000));
    }
    if (retryAfter !== undefined) {
      this.tooManyRequestsCount++;
      return retryAfter;
    }
    global.push(now);
    chatWindow.push(now);
    if (isGroup) groupWindow.push(now);
    return undefined;
  }

  // ------------------------------------------------------------------ internals: getUpdates

  private getUpdates(res: ServerResponse, params: Params, at: number): void {
    const method = "getUpdates";
    if (this.webhook) {
      const err = new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
      this.finish(res, method, params, at, err.toResponse(), 409);
      return;
    }
    const offset = toInt(params.offset) ?? 0;
    const limit = Math.min(100, Math.max(1, toInt(params.limit) ?? 100));
    const timeout = Math.max(0, toInt(params.timeout) ?? 0);
    const allowed = params.allowed_updates;
    if (Array.isArray(allowed)) {
      this.allowedUpdates = allowed.length > 0 ? new Set(allowed.map(String)) : undefined;
    }
    if (offset > 0) {
      this.queue = this.queue.filter((u) => u.update_id >= offset);
    } else if (offset < 0) {
      this.queue = this.queue.slice(offset);
    }
    this.notify(); // confirmations may satisfy waitForConfirmed
    const previous = this.poller;
    if (previous) {
      const err = new BotApiError(
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      );
      this.respondPoll(previous, 409, err.toResponse());
    }
    const batch = this.takeBatch(limit);
    if (batch.length > 0 || timeout === 0 || this.closed) {
      this.finish(res, method, params, at, { ok: true, result: batch }, 200);
      return;
    }
    const poller: Poller = {
      res,
      params,
      at,
      limit,
      done: false,
      timer: setTimeout(() => this.respondPoll(poller, 200, { ok: true, result: [] }), timeout * 1000),
    };
    this.poller = poller;
    res.on("close", () => {
      if (poller.done) return;
      poller.done = true;
      clearTimeout(poller.timer);
      if (this.poller === poller) this.poller = undefined;
      this.calls.push({
        method,
        params,
        at,
        durationMs: Date.now() - at,
        status: 499,
        response: { ok: false, error_code: 499, description: "Client Closed Request (aborted by the bot)" },
      });
      this.notify();
    });
    this.notify();
  }

  private takeBatch(limit: number): TgUpdate[] {
    const allowed = this.allowedUpdates;
    this.queue = this.queue.filter((u) => {
      const type = updateType(u);
      return allowed ? allowed.has(type) : !OPT_IN_UPDATES.has(type);
    });
    return structuredClone(this.queue.slice(0, limit));
  }

  private respondPoll(poller: Poller, status: number, response: ApiResponse): void {
    if (poller.done) return;
    poller.done = true;
    clearTimeout(poller.timer);
    if (this.poller === poller) this.poller = undefined;
    this.finish(poller.res, "getUpdates", poller.params, poller.at, response, status);
  }

  private scheduleDelivery(): void {
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    setImmediate(() => {
      this.deliveryScheduled = false;
      this.pumpWebhook();
      const poller = this.poller;
      if (!poller) return;
      const batch = this.takeBatch(poller.limit);
      if (batch.length > 0) this.respondPoll(poller, 200, { ok: true, result: batch });
    });
  }

  private getWebhookInfoResult(): TgWebhookInfo {
    const info: TgWebhookInfo = {
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.length,
    };
    if (this.webhook?.last_error_date !== undefined) {
      info.last_error_date = this.webhook.last_error_date;
      info.last_error_message = this.webhook.last_error_message ?? "";
    }
    if (this.webhook?.max_connections !== undefined) info.max_connections = this.webhook.max_connections;
    if (this.webhook?.allowed_updates) info.allowed_updates = [...this.webhook.allowed_updates];
    return info;
  }

  // ------------------------------------------------------------------ internals: webhook delivery

  /** Starts every delivery that may start now; schedules itself for the earliest retry. */
  private pumpWebhook(): void {
    const webhook = this.webhook;
    if (!webhook || this.webhookTargets.length === 0 || this.closed) return;
    const allowed = webhook.allowed_updates?.length ? new Set(webhook.allowed_updates) : undefined;
    this.queue = this.queue.filter((u) => {
      const type = updateType(u);
      return allowed ? allowed.has(type) : !OPT_IN_UPDATES.has(type);
    });
    const now = Date.now();
    const maxConnections = webhook.max_connections ?? 40;
    const busyQueues = new Set<string>();
    let nextRetry = Number.POSITIVE_INFINITY;
    for (const update of this.queue) {
      const queue = updateQueue(update);
      // Only the oldest pending update of a chat may be in flight.
      if (busyQueues.has(queue)) continue;
      busyQueues.add(queue);
      if (this.webhookInFlight.has(update.update_id)) continue;
      const retryAt = this.webhookRetryAt.get(update.update_id) ?? 0;
      if (retryAt > now) {
        nextRetry = Math.min(nextRetry, retryAt);
        continue;
      }
      if (this.webhookInFlight.size >= maxConnections) break;
      this.deliverToWebhook(update, webhook);
    }
    clearTimeout(this.webhookTimer);
    if (Number.isFinite(nextRetry)) {
      this.webhookTimer = setTimeout(() => this.pumpWebhook(), Math.max(0, nextRetry - now));
      this.webhookTimer.unref();
    }
  }

  private deliverToWebhook(update: TgUpdate, webhook: TgWebhookInfo & { secret_token?: string }): void {
    const target = this.webhookTargets[this.nextWebhookTarget++ % this.webhookTargets.length] ?? "";
    const hook = new URL(webhook.url);
    const url = new URL(hook.pathname + hook.search, target);
    const body = JSON.stringify(update);
    const at = Date.now();
    let settled = false;
    const settle = (status: number | string, retryAfterSeconds?: number) => {
      if (settled) return;
      settled = true;
      this.webhookInFlight.delete(update.update_id);
      const chatId = (update.message ?? update.edited_message ?? update.callback_query?.message)?.chat.id;
      this.webhookDeliveries.push({
        updateId: update.update_id,
        ...(chatId !== undefined ? { chatId } : {}),
        target,
        at,
        durationMs: Date.now() - at,
        status,
      });
      if (typeof status === "number" && status >= 200 && status <= 299) {
        this.webhookRetryAt.delete(update.update_id);
        this.queue = this.queue.filter((u) => u.update_id !== update.update_id);
      } else if (!this.closed) {
        const delay = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : this.webhookRetryMs;
        this.webhookRetryAt.set(update.update_id, Date.now() + Math.min(delay, this.webhookRetryMs * 5));
        if (this.webhook) {
          this.webhook.last_error_date = Math.floor(Date.now() / 1000);
          this.webhook.last_error_message =
            typeof status === "number"
              ? `Wrong response from the webhook: ${status}`
              : `Connection error: ${status}`;
        }
      }
      this.notify();
      this.pumpWebhook();
    };
    const request = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(webhook.secret_token ? { "x-telegram-bot-api-secret-token": webhook.secret_token } : {}),
        },
        timeout: 60_000,
      },
      (res) => {
        res.resume();
        res.once("end", () => {
          const retryAfter = Number(res.headers["retry-after"]);
          settle(res.statusCode ?? 0, Number.isFinite(retryAfter) ? retryAfter : undefined);
        });
        res.once("error", () => settle("ECONNRESET"));
      },
    );
    request.once("timeout", () =>
      request.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })),
    );
    request.once("error", (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
    this.webhookInFlight.set(update.update_id, request);
    request.end(body);
  }

  // ------------------------------------------------------------------ internals: methods

  private register(name: string, fn: Handler): void {
    this.handlers.set(name.toLowerCase(), { name, fn });
  }

  /** Files users sent, by file_id: getFile gives their path, `/file/bot<token>/<path>` their bytes. */
  private readonly files = new Map<string, { path: string; bytes: Buffer; size: number }>();
  /** Downloads of files through the file URL, by path, for tests to check the bot's download path. */
  readonly downloads: string[] = [];

  /** The user sends a file as a document; the bot fetches it with getFile and the file URL. */
  sendDocument(options: SendDocumentOptions): TgMessage {
    const user = this.makeUser(options.from, options.languageCode);
    const chat = this.makeChat(options, user);
    const message = this.newUserMessage(chat, user, options);
    const fileId = `BQAC${randomBytes(24).toString("base64url")}`;
    const size = options.fileSize ?? options.bytes.length;
    this.files.set(fileId, {
      path: `documents/file_${this.files.size + 1}${/\.[A-Za-z0-9]+$/.exec(options.fileName)?.[0] ?? ""}`,
      bytes: options.bytes,
      size,
    });
    message.document = {
      file_id: fileId,
      file_unique_id: `AgAD${randomBytes(6).toString("base64url")}`,
      file_name: options.fileName,
      mime_type: options.mimeType ?? "application/octet-stream",
      file_size: size,
    };
    if (options.caption !== undefined) {
      message.caption = options.caption;
      const entities = detectEntities(options.caption);
      if (entities.length > 0) message.caption_entities = entities;
    }
    return this.deliverUserMessage(chat, message);
  }

  /** Documents the bot sent to a chat, with their uploaded bytes. */
  sentDocuments(chatId: number): { caption?: string; file: UploadedFile }[] {
    return this.callsOf("sendDocument")
      .filter((c) => c.status === 200 && toInt(c.params.chat_id) === chatId)
      .map((c) => {
        const ref = c.params.document;
        // grammY uploads as `document: "attach://<id>"` with the file in the part named <id>.
        const file = typeof ref === "string" && ref.startsWith("attach://") ? c.params[ref.slice(9)] : ref;
        return {
          ...(typeof c.params.caption === "string" ? { caption: c.params.caption } : {}),
          file: file as UploadedFile,
        };
      });
  }

  private serveFile(res: ServerResponse, token: string, path: string): void {
    const file = [...this.files.values()].find((f) => f.path === path);
    if (token !== this.token || !file) {
      this.writeJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    this.downloads.push(path);
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length });
    res.end(file.bytes);
  }

  private registerBuiltins(): void {
    this.register("getUpdates", () => []); // handled specially in handle()
    this.register("getFile", (p) => {
      const id = optString(p.file_id) ?? "";
      const file = this.files.get(id);
      if (!file) throw badRequest("invalid file_id");
      // Telegram's Bot API lets bots download files up to 20 MB.
      if (file.size > 20 * 1024 * 1024) throw badRequest("file is too big");
      return { file_id: id, file_unique_id: id.slice(-8), file_size: file.size, file_path: file.path };
    });
    this.register("sendDocument", (p) => {
      const chat = this.resolveChat(p.chat_id);
      const ref = p.document;
      const document = typeof ref === "string" && ref.startsWith("attach://") ? p[ref.slice(9)] : ref;
      if (!isRecord(document) || typeof document.filename !== "string")
        throw badRequest("there is no document in the request");
      const state = this.state(chat.id);
      const message: TgMessage = {
        message_id: state.nextMessageId++,
        from: { ...this.botUser },
        chat,
        date: nowSec(),
        document: {
          file_id: `BQAC${randomBytes(12).toString("base64url")}`,
          file_unique_id: randomBytes(6).toString("base64url"),
          file_name: document.filename,
          file_size: Number(document.size),
        },
      };
      if (typeof p.caption === "string") message.caption = p.caption;
      state.messages.set(message.message_id, {
        message: structuredClone(message),
        fromBot: true,
        deleted: false,
      });
      return message;
    });
    this.register("getMe", () => ({
      ...this.botUser,
      can_join_groups: this.options.canJoinGroups ?? false,
      can_read_all_group_messages: this.options.canReadAllGroupMessages ?? false,
      supports_inline_queries: this.options.supportsInlineQueries ?? true,
      can_connect_to_business: false,
      has_main_web_app: false,
    }));
    this.register("logOut", () => true);
    this.register("close", () => true);

    this.register("setWebhook", (p) => {
      const url = optString(p.url) ?? "";
      if (url === "") {
        this.webhook = undefined;
        return true;
      }
      if (!/^https:\/\//i.test(url))
        throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
      this.webhook = {
        url,
        has_custom_certificate: false,
        pending_update_count: 0,
        max_connections: toInt(p.max_connections) ?? 40,
      };
      if (Array.isArray(p.allowed_updates)) this.webhook.allowed_updates = p.allowed_updates.map(String);
      const secret = optString(p.secret_token);
      if (secret !== undefined) this.webhook.secret_token = secret;
      if (toBool(p.drop_pending_updates)) this.queue = [];
      setImmediate(() => this.pumpWebhook());
      return true;
    });
    this.register("deleteWebhook", (p) => {
      this.webhook = undefined;
      if (toBool(p.drop_pending_updates)) {
        this.queue = [];
        this.notify();
      }
      return true;
    });
    this.register("getWebhookInfo", () => this.getWebhookInfoResult());

    this.register("setMyCommands", (p) => {
      const commands = p.commands;
      if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
      if (commands.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
      const normalized: TgBotCommand[] = commands.map((c: unknown) => {
        if (!isRecord(c)) throw badRequest("BOT_COMMAND_INVALID");
        const command = optString(c.command) ?? "";
        const description = optString(c.description) ?? "";
        if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest("BOT_COMMAND_INVALID");
        if (description.trim().length === 0 || description.length > 256) {
          throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
        }
        return { command, description };
      });
      this.commandSets.set(this.commandKey(p.scope, p.language_code), normalized);
      return true;
    });
    this.register("getMyCommands", (p) =>
      structuredClone(this.commandSets.get(this.commandKey(p.scope, p.language_code)) ?? []),
    );
    this.register("deleteMyCommands", (p) => {
      this.commandSets.delete(this.commandKey(p.scope, p.language_code));
      return true;
    });

    this.register("setChatMenuButton", (p) => {
      const button = isRecord(p.menu_button) ? p.menu_button : { type: "default" };
      if (p.chat_id === undefined || p.chat_id === null) {
        this.defaultMenuButton = button.type === "default" ? { type: "commands" } : button;
      } else {
        const chat = this.resolveChat(p.chat_id);
        if (chat.type !== "private") throw badRequest("chat not found");
        this.state(chat.id).menuButton = button.type === "default" ? undefined : button;
      }
      return true;
    });
    this.register("getChatMenuButton", (p) => {
      if (p.chat_id === undefined || p.chat_id === null) return this.menuButton();
      return this.menuButton(this.resolveChat(p.chat_id).id);
    });

    this.register("getChat", (p) => {
      const raw = p.chat_id;
      if (raw === undefined || raw === null || raw === "") throw badRequest("chat_id is empty");
      const id = toInt(raw);
      // Unlike sending, getChat never invents chats: only chats seen in updates or sent to.
      const chat = id !== undefined ? this.chats.get(id) : this.resolveChat(raw);
      if (!chat) throw badRequest("chat not found");
      return {
        ...structuredClone(chat),
        accent_color_id: 0,
        max_reaction_count: 11,
        accepted_gift_types: {
          unlimited_gifts: false,
          limited_gifts: false,
          unique_gifts: false,
          premium_subscription: false,
        },
      };
    });

    this.register("sendChatAction", (p) => {
      this.resolveChat(p.chat_id);
      const action = optString(p.action) ?? "";
      if (!CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
      return true;
    });

    this.register("sendMessage", (p) => this.sendMessage(p));
    this.register("sendMessageDraft", (p) => this.sendMessageDraft(p));
    this.register("editMessageText", (p) => this.editMessage(p, true));
    this.register("editMessageReplyMarkup", (p) => this.editMessage(p, false));
    this.register("deleteMessage", (p) => {
      const chat = this.resolveChat(p.chat_id);
      const messageId = toInt(p.message_id);
      if (messageId === undefined) throw badRequest("message identifier is not specified");
      const entry = this.chatStates.get(chat.id)?.messages.get(messageId);
      if (!entry || entry.deleted) throw badRequest("message to delete not found");
      if (!entry.fromBot && chat.type !== "private") throw badRequest("message can't be deleted");
      entry.deleted = true;
      return true;
    });

    this.register("answerCallbackQuery", (p) => {
      const id = optString(p.callback_query_id) ?? "";
      if (this.callbackQueries.get(id) !== null) {
        throw badRequest("query is too old and response timeout expired or query ID is invalid");
      }
      const text = optString(p.text);
      if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
      const answer: CallbackAnswer = { callback_query_id: id, at: Date.now() };
      if (text !== undefined) answer.text = text;
      if (p.show_alert !== undefined) answer.show_alert = toBool(p.show_alert);
      const url = optString(p.url);
      if (url !== undefined) answer.url = url;
      const cacheTime = toInt(p.cache_time);
      if (cacheTime !== undefined) answer.cache_time = cacheTime;
      this.callbackQueries.set(id, answer);
      return true;
    });

    this.register("answerInlineQuery", (p) => {
      const id = optString(p.inline_query_id) ?? "";
      if (this.inlineQueries.get(id) !== null) {
        throw badRequest("query is too old and response timeout expired or query ID is invalid");
      }
      if (!Array.isArray(p.results)) throw badRequest('parameter "results" is required');
      const results = p.results as unknown[];
      if (results.length > 50) throw badRequest("RESULTS_TOO_MUCH");
      const ids = new Set<string>();
      for (const r of results) {
        if (!isRecord(r) || typeof r.type !== "string") throw badRequest("RESULT_TYPE_INVALID");
        const resultId = optString(r.id) ?? "";
        if (resultId === "" || Buffer.byteLength(resultId) > 64) throw badRequest("RESULT_ID_INVALID");
        if (ids.has(resultId)) throw badRequest("RESULT_ID_DUPLICATE");
        ids.add(resultId);
      }
      const answer: InlineAnswer = {
        inline_query_id: id,
        results: structuredClone(results) as Record<string, unknown>[],
        at: Date.now(),
      };
      const cacheTime = toInt(p.cache_time);
      if (cacheTime !== undefined) answer.cache_time = cacheTime;
      if (p.is_personal !== undefined) answer.is_personal = toBool(p.is_personal);
      const nextOffset = optString(p.next_offset);
      if (nextOffset !== undefined) answer.next_offset = nextOffset;
      if (p.button !== undefined) answer.button = p.button;
      this.inlineQueries.set(id, answer);
      return true;
    });
  }

  private validateReplyMarkup(markup: unknown): void {
    if (markup === undefined || markup === null) return;
    if (!isRecord(markup)) throw badRequest("can't parse reply keyboard markup JSON object");
    if ("inline_keyboard" in markup) {
      const rows = markup.inline_keyboard;
      if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) {
        throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
      }
      for (const button of rows.flat() as unknown[]) {
        if (!isRecord(button) || typeof button.text !== "string") {
          throw badRequest("can't parse inline keyboard button: Text must be non-empty");
        }
        if (button.text.length === 0)
          throw badRequest("can't parse inline keyboard button: Text must be non-empty");
        if (button.callback_data !== undefined) {
          const data = String(button.callback_data);
          if (data.length === 0 || Buffer.byteLength(data) > 64) throw badRequest("BUTTON_DATA_INVALID");
        }
        if (button.url !== undefined && !/^(https?|tg):\/\/\S+$/i.test(String(button.url))) {
          throw badRequest("BUTTON_URL_INVALID");
        }
      }
    }
  }

  private inlineMarkup(markup: unknown): TgInlineKeyboardMarkup | undefined {
    return isRecord(markup) && Array.isArray(markup.inline_keyboard)
      ? (structuredClone(markup) as unknown as TgInlineKeyboardMarkup)
      : undefined;
  }

  private sendMessage(p: Params): TgMessage {
    const chat = this.resolveChat(p.chat_id);
    const formatted = formatMessageText(p, { strictHtml: this.options.strictHtml });
    this.validateReplyMarkup(p.reply_markup);
    const state = this.state(chat.id);
    const replyParameters = isRecord(p.reply_parameters) ? p.reply_parameters : undefined;
    const replyToId = toInt(replyParameters?.message_id ?? p.reply_to_message_id);
    let replyTo: MessageEntry | undefined;
    if (replyToId !== undefined) {
      replyTo = state.messages.get(replyToId);
      if (replyTo?.deleted) replyTo = undefined;
      const allow = toBool(replyParameters?.allow_sending_without_reply ?? p.allow_sending_without_reply);
      if (!replyTo && !allow) throw badRequest("message to be replied not found");
    }
    const message: TgMessage = {
      message_id: state.nextMessageId++,
      from: { ...this.botUser },
      chat,
      date: nowSec(),
      text: formatted.text,
    };
    const threadId = toInt(p.message_thread_id);
    if (threadId !== undefined) message.message_thread_id = threadId;
    if (formatted.entities.length > 0) message.entities = formatted.entities;
    const inline = this.inlineMarkup(p.reply_markup);
    if (inline) message.reply_markup = inline;
    if (replyTo) message.reply_to_message = this.shallowReply(replyTo.message);
    if (isRecord(p.link_preview_options))
      message.link_preview_options = structuredClone(p.link_preview_options);
    if (isRecord(p.reply_markup)) {
      if (Array.isArray(p.reply_markup.keyboard)) {
        state.replyKeyboard = structuredClone(p.reply_markup) as unknown as TgReplyKeyboardMarkup;
      } else if (p.reply_markup.remove_keyboard) {
        state.replyKeyboard = undefined;
      }
    }
    state.messages.set(message.message_id, {
      message: structuredClone(message),
      fromBot: true,
      deleted: false,
    });
    return message;
  }

  private sendMessageDraft(p: Params): true {
    const chatId = toInt(p.chat_id);
    if (p.chat_id === undefined || p.chat_id === null || p.chat_id === "")
      throw badRequest("chat_id is empty");
    if (chatId === undefined || chatId <= 0) throw badRequest("TEXTDRAFT_PEER_INVALID");
    const draftId = toInt(p.draft_id);
    if (draftId === undefined || draftId === 0) throw badRequest("DRAFT_ID_INVALID");
    const chat = this.resolveChat(chatId);
    const formatted = formatMessageText(p, { strictHtml: this.options.strictHtml, allowEmpty: true });
    const draft: DraftRecord = { chat_id: chat.id, draft_id: draftId, text: formatted.text, at: Date.now() };
    if (formatted.entities.length > 0) draft.entities = formatted.entities;
    const threadId = toInt(p.message_thread_id);
    if (threadId !== undefined) draft.message_thread_id = threadId;
    this.state(chat.id).drafts.push(draft);
    return true;
  }

  private editMessage(p: Params, withText: boolean): TgMessage | true {
    this.validateReplyMarkup(p.reply_markup);
    if (p.inline_message_id !== undefined && p.inline_message_id !== null) {
      if (withText) formatMessageText(p, { strictHtml: this.options.strictHtml });
      return true;
    }
    const chat = this.resolveChat(p.chat_id);
    const messageId = toInt(p.message_id);
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const entry = this.chatStates.get(chat.id)?.messages.get(messageId);
    if (!entry || entry.deleted) throw badRequest("message to edit not found");
    if (!entry.fromBot) throw badRequest("message can't be edited");
    const current = entry.message;
    const formatted = withText
      ? formatMessageText(p, { strictHtml: this.options.strictHtml })
      : { text: current.text ?? "", entities: current.entities ?? [] };
    if (withText && current.text === undefined) throw badRequest("there is no text in the message to edit");
    const inline = this.inlineMarkup(p.reply_markup);
    const same =
      (current.text ?? "") === formatted.text &&
      stableStringify(current.entities ?? []) === stableStringify(formatted.entities) &&
      stableStringify(current.reply_markup ?? null) === stableStringify(inline ?? null);
    if (same) {
      throw badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    if (withText) {
      current.text = formatted.text;
      if (formatted.entities.length > 0) current.entities = formatted.entities;
      else delete current.entities;
    }
    if (inline) current.reply_markup = inline;
    else delete current.reply_markup;
    current.edit_date = nowSec();
    return structuredClone(current);
  }
}

/** Starts a fake Bot API server on 127.0.0.1 with a random port. */
export async function startBotApiServer(options: BotApiServerOptions = {}): Promise<BotApiServer> {
  let instance: BotApiServer | undefined;
  const http = createServer((req, res) => {
    if (!instance) {
      res.writeHead(503).end();
      return;
    }
    instance.handle(req, res).catch((error: unknown) => {
      console.error("[bot-api-server] request failed:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      if (!res.writableEnded) {
        res.end(JSON.stringify({ ok: false, error_code: 500, description: "Internal Server Error" }));
      }
    });
  });
  http.keepAliveTimeout = 60_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  instance = new BotApiServer(http, `http://${host}:${port}`, options);
  return instance;
}
