import type { Api } from "grammy";
import type { InlineKeyboardMarkup, Message, MessageEntity } from "grammy/types";
import type { Answer, AnswerStream } from "../answer/types.ts";
import type { BotContext } from "./context.ts";
import { toMessages } from "./format.ts";

/** A draft at most this often… */
const DRAFT_INTERVAL_MS = 400;
/** …or sooner once this much new text has arrived, but never more often than every 200 ms. */
const DRAFT_STEP_CHARS = 80;
const DRAFT_MIN_INTERVAL_MS = 200;
/** Telegram shows "typing…" for 5 s; renew it a little before. */
const TYPING_RENEW_MS = 4_500;
/** A first piece of text is drafted after this long, unless the whole answer (the table's) came in it. */
const FIRST_DRAFT_WAIT_MS = 50;
/** How long the final message waits for a draft still on its way (it must not land after the message). */
const DRAFT_SETTLE_MS = 1_000;

export interface SendOptions {
  /** Reply to this message (groups, so the answer is threaded under the question). */
  replyTo?: number;
  /** An inline keyboard under the last message. */
  markup?: InlineKeyboardMarkup;
}

/** The forum topic of the update, so replies land in the same topic. */
function threadOf(ctx: BotContext): number | undefined {
  return ctx.msg?.is_topic_message ? ctx.msg.message_thread_id : undefined;
}

/**
 * Sends answer markup as one message or, past 4096 characters, several split at paragraphs; the
 * keyboard goes under the last one. Formatting travels as entities, so nothing needs escaping.
 */
export async function sendMarkdown(
  ctx: BotContext,
  markdown: string,
  options: SendOptions = {},
): Promise<Message.TextMessage[]> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) throw new Error("sendMarkdown: the update has no chat");
  const thread = threadOf(ctx);
  const chunks = toMessages(markdown);
  const sent: Message.TextMessage[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const first = i === 0;
    const last = i === chunks.length - 1;
    sent.push(
      await ctx.api.sendMessage(chatId, chunk.text, {
        entities: chunk.entities,
        link_preview_options: { is_disabled: true },
        ...(thread !== undefined ? { message_thread_id: thread } : {}),
        ...(first && options.replyTo !== undefined
          ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(last && options.markup ? { reply_markup: options.markup } : {}),
      }),
    );
  }
  return sent;
}

/** Shows "typing…" now and until the returned function is called. */
function keepTyping(ctx: BotContext): () => void {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return () => {};
  const thread = threadOf(ctx);
  const send = () => {
    ctx.api
      .sendChatAction(chatId, "typing", thread !== undefined ? { message_thread_id: thread } : {})
      .catch(() => {}); // a missed indicator is not worth an error; failed calls are logged by the API transformer
  };
  send();
  const timer = setInterval(send, TYPING_RENEW_MS);
  return () => clearInterval(timer);
}

/**
 * The answer as it is generated, shown with `sendMessageDraft` (private chats only). Drafts are
 * throttled, at most one is in flight, and a failed draft is skipped: the final message is what counts.
 */
class DraftPreview {
  /** Changes to one draft id are animated; every answer gets its own (non-zero). */
  private readonly id = 1 + Math.floor(Math.random() * 2_147_483_646);
  private readonly abort = new AbortController();
  private inFlight: Promise<void> | undefined;
  /** 0: the first draft goes out as soon as there is text; later ones are throttled. */
  private sentAt = 0;
  private sentLength = 0;
  /** The latest answer text given, drafted once the draft in flight is done if it is due by then. */
  private latest = "";
  private closed = false;
  /** Whether a draft has reached the chat. */
  shown = false;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly thread: number | undefined,
  ) {}

  /** A status line ("thinking…") as the draft, while no answer text has arrived. */
  status(text: string): void {
    if (this.closed || this.inFlight || this.sentLength > 0) return;
    // A status line does not hold back the answer's first words: they are due as soon as they come.
    this.send(text, [], false);
  }

  /** The answer so far; sends a draft when one is due. */
  update(text: string): void {
    this.latest = text;
    if (this.closed || this.inFlight) return;
    const elapsed = Date.now() - this.sentAt;
    const grown = text.length - this.sentLength;
    const due =
      grown > 0 &&
      (elapsed >= DRAFT_INTERVAL_MS || (grown >= DRAFT_STEP_CHARS && elapsed >= DRAFT_MIN_INTERVAL_MS));
    if (!due) return;
    // Past 4096 characters, the draft shows the part being written; the final messages carry it all.
    const tail = toMessages(text).at(-1);
    if (!tail) return;
    this.sentLength = text.length;
    this.send(tail.text, tail.entities);
  }

  private send(text: string, entities: MessageEntity[], throttles = true): void {
    this.sentAt = throttles ? Date.now() : 0;
    this.inFlight = this.api
      .sendMessageDraft(
        this.chatId,
        this.id,
        text,
        { entities, ...(this.thread !== undefined ? { message_thread_id: this.thread } : {}) },
        // grammY's Node build types signals with the abort-controller package; the runtime object is the same.
        this.abort.signal as Parameters<Api["sendMessageDraft"]>[4],
      )
      .then(
        () => {
          this.shown = true;
        },
        () => {}, // logged by the API transformer; the next draft or the final message follows
      )
      .finally(() => {
        this.inFlight = undefined;
        // Text that came while this draft was on its way is not left waiting for the next delta.
        if (!this.closed && this.latest.length > this.sentLength) this.update(this.latest);
      });
  }

  /** No more drafts; waits briefly for one on its way so it cannot land after the final message. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.inFlight,
        new Promise((resolve) => (timer = setTimeout(resolve, DRAFT_SETTLE_MS))),
      ]);
      clearTimeout(timer);
    }
    this.abort.abort();
  }
}

export interface AnswerOptions {
  /** Reply to this message (groups). */
  replyTo?: number;
  /**
   * Show the answer while it is generated: a typing indicator, and in private chats drafts. Off for
   * answers from the table alone, which are complete at once.
   */
  live?: boolean;
  /** Buttons under the final message, chosen from the finished answer. */
  buttons?: (answer: Answer) => InlineKeyboardMarkup | undefined;
  /** The draft shown while a reasoning model thinks ("思考中…"); nothing of its thinking is shown. */
  thinking?: string;
  /**
   * The draft shown as soon as the model is asked, naming the directions the answer is written from
   * ("正在查阅方向3、方向6…"): in a burst the first words of an answer can be seconds away, this is not.
   */
  reading?: (directions: readonly number[]) => string;
}

/**
 * Delivers an assistant answer: streamed while it is generated (drafts in private chats, "typing…" in
 * groups, where edits would run into the 20-messages-a-minute group limit), then the final message(s).
 */
export async function replyWithAnswer(
  ctx: BotContext,
  stream: AnswerStream,
  options: AnswerOptions = {},
): Promise<Answer> {
  const chat = ctx.chat;
  if (!chat) throw new Error("replyWithAnswer: the update has no chat");
  const stopTyping = options.live ? keepTyping(ctx) : () => {};
  const preview =
    options.live && chat.type === "private" ? new DraftPreview(ctx.api, chat.id, threadOf(ctx)) : undefined;
  const { thinking, reading } = options;
  if (preview)
    stream.onStatus?.((status, directions) => {
      if (status === "thinking" && thinking) preview.status(thinking);
      if (status === "reading" && reading && directions.length > 0) preview.status(reading(directions));
    });
  let firstDraft: NodeJS.Timeout | undefined;
  try {
    let shown = "";
    let deltas = 0;
    for await (const delta of stream) {
      shown += delta;
      // An answer that comes in one piece (the table's) goes straight to the final message, no draft;
      // a model's first checked sentence is drafted unless the answer ends right after it.
      if (++deltas > 1) {
        clearTimeout(firstDraft);
        preview?.update(shown);
      } else if (preview) {
        const first = shown;
        firstDraft = setTimeout(() => preview.update(first), FIRST_DRAFT_WAIT_MS);
      }
      if (preview?.shown) stopTyping();
    }
    clearTimeout(firstDraft);
    const answer = await stream.answer;
    await preview?.close();
    stopTyping();
    const markup = options.buttons?.(answer);
    await sendMarkdown(ctx, answer.text, {
      ...(options.replyTo !== undefined ? { replyTo: options.replyTo } : {}),
      ...(markup ? { markup } : {}),
    });
    return answer;
  } finally {
    clearTimeout(firstDraft);
    stopTyping();
    await preview?.close();
  }
}
