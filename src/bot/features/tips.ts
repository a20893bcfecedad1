import { Composer } from "grammy";
import { askInChat } from "../answer-in-chat.ts";
import { allDirectionsButton, CALLBACK, cardButton } from "../buttons.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";
import { argumentProblem, parseDirectionArgument } from "./directions.ts";

/**
 * The proposal checklist of a direction. When the user has told us their topic, the model tailors it
 * (the topic travels in the history); otherwise the table's own checklist answers at once.
 */
export async function showTips(ctx: BotContext, deps: BotDeps, id: number): Promise<void> {
  const tailored = deps.assistant.hasModel && ctx.chatSession()?.topic !== undefined;
  await askInChat(
    ctx,
    deps,
    { kind: "tips", id },
    {
      tableOnly: !tailored,
      buttons: () => ({ inline_keyboard: [[cardButton(ctx, id), allDirectionsButton(ctx)]] }),
    },
  );
}

/** /tips [N] and the tips buttons; without N, the direction the conversation is about. */
export function tipsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("tips", deps.limitQuestions, async (ctx) => {
    const edition = deps.assistant.edition;
    const current = ctx.chatSession()?.history.at(-1)?.directions[0];
    const parsed =
      ctx.match.trim() === "" && current !== undefined
        ? { id: current }
        : parseDirectionArgument(ctx.match, edition);
    if ("id" in parsed) return showTips(ctx, deps, parsed.id);
    await sendMarkdown(ctx, argumentProblem(ctx, deps, parsed, ctx.match, "tips"));
  });

  composer.callbackQuery(CALLBACK.tips, deps.limitQuestions, async (ctx) => {
    await ctx.answerCallbackQuery();
    const id = Number(ctx.match[1]);
    if (deps.assistant.retriever.direction(id)) await showTips(ctx, deps, id);
  });

  return composer;
}
