import { basename } from "node:path";
import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";

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
    // Where a draft sent for review goes: the model provider's host only, never a key.
    const toModel = assistant.hasModel && deps.config.DRAFTS_TO_MODEL;
    const provider = deps.config.OPENAI_BASE_URL
      ? new URL(deps.config.OPENAI_BASE_URL).host
      : "api.openai.com";
    const drafts = ctx.t(toModel ? "aboutDraftsModel" : "aboutDraftsLocal", { provider });
    await sendMarkdown(ctx, `${text}\n\n${drafts}`);
  });
  return composer;
}
