import { Composer } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Answer } from "../../answer/types.ts";
import { answerRecord, newAnswerId } from "../../ports/feedback.ts";
import { askInChat } from "../answer-in-chat.ts";
import { allDirectionsButton, cardButton, tipsButton } from "../buttons.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";
import { voteButtons } from "./feedback.ts";

/** Buttons under an answer: the cards of the directions it cites, the tips of the first, and 👍/👎. */
export function answerButtons(ctx: BotContext, answer: Answer, answerId?: string): InlineKeyboardMarkup {
  const votes = answerId ? [voteButtons(ctx, answerId)] : [];
  const [first] = answer.citations;
  if (first === undefined) return { inline_keyboard: [[allDirectionsButton(ctx)], ...votes] };
  return {
    inline_keyboard: [
      answer.citations.slice(0, 3).map((id) => cardButton(ctx, id)),
      [tipsButton(ctx, first)],
      ...votes,
    ],
  };
}

/**
 * A question a user put in their own words: answered live (drafts, then the message), and, when it
 * found a direction, kept as the conversation's topic for /tips.
 */
export async function answerUserQuestion(
  ctx: BotContext,
  deps: BotDeps,
  question: string,
  replyTo?: number,
): Promise<void> {
  const answerId = newAnswerId();
  const answer = await askInChat(ctx, deps, question.trim(), {
    typed: true,
    ...(replyTo !== undefined ? { replyTo } : {}),
    buttons: (a) => answerButtons(ctx, a, answerId),
  });
  if (answer) {
    await deps.feedback
      .answered(answerRecord(answerId, "telegram", answer))
      .catch((error: Error) =>
        deps.logger.warn({ reason: error.message }, "could not keep the answer for feedback"),
      );
  }
  const session = ctx.chatSession();
  if (answer && session && answer.directions.length > 0) session.topic = question.trim();
}

/** Free text in a private chat is a question; an unknown command gets a pointer to /help. */
export function questionsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType("private").on(
    "message:text",
    async (ctx, next) => {
      if (!ctx.msg.text.startsWith("/")) return next();
      await sendMarkdown(ctx, ctx.t("unknownCommand"));
    },
    deps.limitQuestions,
    (ctx) => answerUserQuestion(ctx, deps, ctx.msg.text),
  );
  return composer;
}
