import { Composer, type SessionFlavor } from "grammy";
import type { SessionData } from "../../ports/sessions.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";

/**
 * /reset: forget the conversation (history, topic, language): its stored session is deleted, not just
 * emptied, and the next question starts afresh.
 */
export function resetFeature(_deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("reset", async (ctx) => {
    // null deletes the stored session (grammY's SessionFlavor setter; the intersection type hides it).
    (ctx as SessionFlavor<SessionData>).session = null;
    await sendMarkdown(ctx, ctx.t("resetDone"));
  });
  return composer;
}
