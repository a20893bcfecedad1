import { Composer, InputFile } from "grammy";
import type { Message } from "grammy/types";
import { preloadReaders } from "../../draft/read.ts";
import { DraftReviewer, type ReviewFailure, type ReviewOutcome, type Stage } from "../../draft/reviewer.ts";
import { type BotContext, type BotDeps, remember } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";
import { addressedQuestion } from "./groups.ts";

/** Bots may download files up to 20 MB through the Bot API. */
const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;
/** A pasted message this long was probably cut by Telegram's 4096-character limit. */
const PASTE_SPLIT_CHARS = 3_800;

/** Whether a group message is addressed to the bot: a caption that mentions it, or a reply to it. */
function addressedInGroup(ctx: BotContext): boolean {
  const message = ctx.msg;
  if (!message) return false;
  if (message.reply_to_message?.from?.id === ctx.me.id) return true;
  const text = message.caption ?? message.text ?? "";
  return new RegExp(`@${ctx.me.username}\\b`, "i").test(text);
}

/**
 * Fetches a file the way the Bot API serves it: getFile for the path, then the file URL under the
 * configured API root, at most `limit` bytes.
 */
async function download(ctx: BotContext, deps: BotDeps, fileId: string, limit: number): Promise<Buffer> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error("no file_path");
  const root = (deps.config.TELEGRAM_API_ROOT ?? "https://api.telegram.org").replace(/\/+$/, "");
  // Not AbortSignal.timeout: naming the global AbortSignal makes esbuild rename the polyfill grammY
  // bundles (abort-controller), whose class name node-fetch checks, and every API call would fail.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DOWNLOAD_TIMEOUT_MS);
  try {
    const response = await fetch(`${root}/file/bot${deps.config.TELEGRAM_BOT_TOKEN}/${file.file_path}`, {
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`download: HTTP ${response.status}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > limit) throw new RangeError("too large");
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** A progress line that is edited as the work moves on and removed when the review is sent. */
class Progress {
  private message?: Message.TextMessage;
  constructor(
    private readonly ctx: BotContext,
    private readonly reviewer: DraftReviewer,
    private readonly fileName: string,
    private readonly replyTo?: number,
  ) {}

  async show(stage: Stage): Promise<void> {
    const text = this.reviewer.progress(stage, this.ctx.language, this.fileName);
    try {
      if (!this.message) {
        [this.message] = await sendMarkdown(this.ctx, text, this.replyTo ? { replyTo: this.replyTo } : {});
      } else {
        await this.ctx.api.editMessageText(this.message.chat.id, this.message.message_id, text);
      }
    } catch {
      // a progress line that did not go out is not worth failing the review; the API transformer logs it
    }
  }

  async done(): Promise<void> {
    if (this.message)
      await this.ctx.api.deleteMessage(this.message.chat.id, this.message.message_id).catch(() => {});
  }
}

/**
 * Draft review: a .docx/PDF/text document, or a pasted draft, is read and reviewed against the table;
 * the answer is a message (split for Telegram) plus the full report as a .md document. In groups only
 * when addressed. The draft's text is never logged or kept; the conversation keeps the review's points.
 */
export function draftsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const reviewer = new DraftReviewer(deps.assistant, {
    draftsToModel: deps.config.DRAFTS_TO_MODEL,
    localesDir: deps.config.LOCALES_DIR,
    promptsDir: deps.config.PROMPTS_DIR,
  });

  const deliver = async (ctx: BotContext, outcome: ReviewOutcome | ReviewFailure, progress: Progress) => {
    const replyTo = ctx.chat?.type === "private" ? {} : { replyTo: ctx.msg?.message_id as number };
    await progress.done();
    if (!outcome.ok) {
      await sendMarkdown(ctx, outcome.message, replyTo);
      return;
    }
    await sendMarkdown(ctx, outcome.message, replyTo);
    await ctx.api.sendDocument(
      ctx.chat?.id as number,
      new InputFile(Buffer.from(outcome.markdown, "utf8"), outcome.reportFile),
      ctx.msg?.is_topic_message ? { message_thread_id: ctx.msg.message_thread_id as number } : {},
    );
    const session = ctx.chatSession();
    if (session) remember(session, outcome.turn);
  };

  const onDocument = async (ctx: BotContext) => {
    const document = ctx.msg?.document;
    if (!document) return;
    const fileName = document.file_name ?? "draft";
    const replyTo = ctx.chat?.type === "private" ? undefined : ctx.msg?.message_id;
    const progress = new Progress(ctx, reviewer, fileName, replyTo);
    const limit = Math.min(TELEGRAM_DOWNLOAD_LIMIT, reviewer.limits.maxBytes);
    if ((document.file_size ?? 0) > limit) {
      await deliver(ctx, reviewer.failure("too-large", ctx.language), progress);
      return;
    }
    void preloadReaders();
    await progress.show("reading");
    let bytes: Buffer;
    try {
      bytes = await download(ctx, deps, document.file_id, limit);
    } catch (error) {
      const tooLarge = error instanceof RangeError || /too big/i.test((error as Error).message);
      deps.logger.warn({ reason: tooLarge ? "too-large" : (error as Error).name }, "draft download failed");
      await deliver(ctx, reviewer.failure(tooLarge ? "too-large" : "download", ctx.language), progress);
      return;
    }
    const outcome = await reviewer.reviewFile(bytes, fileName, {
      language: ctx.language,
      ...(document.mime_type ? { mimeType: document.mime_type } : {}),
      userId: String(ctx.from?.id ?? ctx.chat?.id),
      onStage: (stage) => (stage === "analyzing" ? progress.show(stage) : undefined),
    });
    await deliver(ctx, outcome, progress);
  };

  const onPasted = async (ctx: BotContext, text: string) => {
    const progress = new Progress(
      ctx,
      reviewer,
      "",
      ctx.chat?.type === "private" ? undefined : ctx.msg?.message_id,
    );
    const outcome = await reviewer.reviewText(text, {
      language: ctx.language,
      userId: String(ctx.from?.id ?? ctx.chat?.id),
      onStage: (stage) => progress.show(stage),
    });
    // Telegram splits a paste over 4096 characters into several messages: each is reviewed alone.
    if (text.length >= PASTE_SPLIT_CHARS)
      outcome.message = `${outcome.message}\n\n${reviewer.texts[ctx.language].pastedSplit ?? ""}`;
    await deliver(ctx, outcome, progress);
  };

  const followUp = (ctx: BotContext, text: string) =>
    reviewer.followUp(text, ctx.chatSession()?.history ?? [], ctx.language);

  const privateChat = composer.chatType("private");
  privateChat.on("message:document", deps.limitQuestions, onDocument);
  privateChat.on("message:photo", (ctx) =>
    sendMarkdown(ctx, reviewer.failure("image", ctx.language).message),
  );
  privateChat.on("message:text").filter(
    (ctx) =>
      !ctx.msg.text.startsWith("/") &&
      (DraftReviewer.looksLikeDraft(ctx.msg.text) || !!followUp(ctx, ctx.msg.text)),
    deps.limitQuestions,
    async (ctx) => {
      const answer = followUp(ctx, ctx.msg.text);
      if (answer === undefined) return onPasted(ctx, ctx.msg.text);
      // Not remembered as a turn: the review stays the last one, so "那第三点呢？" still refers to it.
      await sendMarkdown(ctx, answer);
    },
  );

  const group = composer.chatType(["group", "supergroup"]);
  group.on("message:document").filter(addressedInGroup, deps.limitQuestions, onDocument);
  group.on("message:text").filter(
    (ctx) => {
      const text = addressedQuestion(ctx);
      return text !== undefined && (DraftReviewer.looksLikeDraft(text) || !!followUp(ctx, text));
    },
    deps.limitQuestions,
    async (ctx) => {
      const text = addressedQuestion(ctx) ?? "";
      const answer = followUp(ctx, text);
      if (answer === undefined) return onPasted(ctx, text);
      await sendMarkdown(ctx, answer, { replyTo: ctx.msg.message_id });
    },
  );
  return composer;
}
