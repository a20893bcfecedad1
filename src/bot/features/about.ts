import { basename } from "node:path";
import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../stream.ts";

/** /about: where the answers come from, which edition, and that the official publication prevails. */
export function aboutFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("about", async (ctx) => {
    const { assistant } = deps;
    const { table, documents } = assistant.edition;
    const text = ctx.t("about", {
      edition: table.title,
      file: basename(table.file),
      count: table.directions.length,
      documents: documents.length,
      mode: ctx.t(assistant.hasModel ? "modeLlm" : "modeTable"),
    });
    await sendMarkdown(ctx, text);
  });
  return composer;
}
