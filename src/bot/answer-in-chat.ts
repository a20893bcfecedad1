import type { InlineKeyboardMarkup } from "grammy/types";
import type { ShowRequest } from "../answer/show.ts";
import type { Answer } from "../answer/types.ts";
import { observeAnswer } from "../metrics.ts";
import { countUsage } from "../ports/usage-stats.ts";
import { type BotContext, type BotDeps, remember } from "./context.ts";
import { replyWithAnswer, sendMarkdown } from "./deliver.ts";

export interface AskInChatOptions {
  /** Answer from the table alone: instant, no model, no drafts (commands and buttons). */
  tableOnly?: boolean;
  /** Reply to this message (groups). */
  replyTo?: number;
  /** Buttons under the answer. */
  buttons?: (answer: Answer) => InlineKeyboardMarkup | undefined;
  /** The user typed the question; otherwise the bot phrased it and the answer is in the chat's language. */
  typed?: boolean;
}

/**
 * Asks the assistant within the chat's conversation and delivers the answer: the history goes with the
 * question, the turn is remembered for follow-ups, and questions a user typed count in /stats.
 * Returns undefined when the question was refused (too long).
 */
export async function askInChat(
  ctx: BotContext,
  deps: BotDeps,
  /** What the user typed, or what a button or command asks for, typed (never phrased for the parser). */
  question: string | ShowRequest,
  options: AskInChatOptions = {},
): Promise<Answer | undefined> {
  const { assistant, config, stats } = deps;
  const replyTo = options.replyTo !== undefined ? { replyTo: options.replyTo } : {};
  if (typeof question === "string" && question.length > config.MAX_QUESTION_LENGTH) {
    await sendMarkdown(
      ctx,
      ctx.t("tooLong", { length: question.length, max: config.MAX_QUESTION_LENGTH }),
      replyTo,
    );
    return undefined;
  }
  const session = ctx.chatSession();
  const userId = ctx.from?.id ?? ctx.chat?.id;
  const askOptions = {
    history: session?.history ?? [],
    preferredLanguage: ctx.language,
    ...(options.typed ? {} : { language: ctx.language }),
    ...(userId !== undefined ? { userId: String(userId) } : {}),
    ...(options.tableOnly ? { tableOnly: true } : {}),
  };
  const stream = observeAnswer(
    "telegram",
    typeof question === "string" ? assistant.ask(question, askOptions) : assistant.show(question, askOptions),
  );
  const answer = await replyWithAnswer(ctx, stream, {
    live: !options.tableOnly,
    thinking: ctx.t("thinking"),
    reading: (directions) =>
      ctx.t("reading", {
        directions: directions.map((id) => ctx.t("directionName", { id })).join(ctx.t("listSeparator")),
      }),
    ...replyTo,
    ...(options.buttons ? { buttons: options.buttons } : {}),
  });
  if (session) {
    remember(session, { question: answer.question, answer: answer.text, directions: answer.citations });
    if (!options.tableOnly) session.language = answer.language;
  }
  if (!options.tableOnly) await countUsage(stats.answered(answer), deps.logger);
  return answer;
}
