import { Composer } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Answer } from "../../answer/types.ts";
import { askInChat } from "../ask.ts";
import { allDirectionsButton, cardButton, tipsButton } from "../buttons.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../stream.ts";

/** Buttons under an answer: the cards of the directions it cites and the tips of the first. */
export function answerButtons(ctx: BotContext, answer: Answer): InlineKeyboardMarkup {
  const [first] = answer.citations;
  if (first === undefined) return { inline_keyboard: [[allDirectionsButton(ctx)]] };
  return {
    inline_keyboard: [
      answer.citations.slice(0, 3).map((id) => cardButton(ctx, id)),
      [tipsButton(ctx, first)],
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
  const answer = await askInChat(ctx, deps, question.trim(), {
    typed: true,
    ...(replyTo !== undefined ? { replyTo } : {}),
    buttons: (a) => answerButtons(ctx, a),
  });
  const session = ctx.conversation();
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
