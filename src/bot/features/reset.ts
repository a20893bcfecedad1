import { Composer } from "grammy";
import { type BotContext, type BotDeps, newSession } from "../context.ts";
import { sendMarkdown } from "../stream.ts";

/** /reset: forget the conversation (history and topic); the next question starts afresh. */
export function resetFeature(_deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("reset", async (ctx) => {
    ctx.session = newSession();
    await sendMarkdown(ctx, ctx.t("resetDone"));
  });
  return composer;
}
