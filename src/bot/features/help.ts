import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";

/** /help: how to ask, the commands, groups and inline mode. */
export function helpFeature(_deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("help", (ctx) => sendMarkdown(ctx, ctx.t("help", { bot: ctx.me.username })));
  return composer;
}
