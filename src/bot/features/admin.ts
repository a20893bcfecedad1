import { Composer } from "grammy";
import { loadParts } from "../../answer/assistant.ts";
import { BotTexts } from "../../i18n.ts";
import { setCommands } from "../commands.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";

/** /stats and /reload, for the ids in ADMIN_IDS; anyone else is told it is admin-only. */
export function adminFeature(deps: BotDeps): Composer<BotContext> {
  const { assistant, config, logger, stats, texts } = deps;
  const composer = new Composer<BotContext>();

  composer.command(["stats", "reload"], async (ctx, next) => {
    if (ctx.from && config.ADMIN_IDS.includes(ctx.from.id)) return next();
    await sendMarkdown(ctx, ctx.t("adminOnly"));
  });

  composer.command("stats", async (ctx) => {
    const today = await stats.snapshot();
    const tokens = await assistant.budget.spentToday();
    const lines = [
      ctx.t("stats", {
        date: today.date,
        users: today.users,
        usersTotal: today.usersTotal,
        questions: today.questions,
        tokens,
        unmatched: today.unmatched,
        removed: today.removedClaims,
      }),
    ];
    if (today.recentUnmatched.length > 0) {
      lines.push(`${ctx.t("statsUnmatched")}\n${today.recentUnmatched.map((q) => `- ${q}`).join("\n")}`);
    }
    await sendMarkdown(ctx, lines.join("\n\n"));
  });

  // Re-reads corpus/, prompts/ and locales/ without a restart; on any error the old data keeps serving.
  composer.command("reload", async (ctx) => {
    try {
      // Everything is read before anything is swapped: a broken file leaves all of it as it was.
      const parts = loadParts(config);
      const botStrings = BotTexts.load(config.LOCALES_DIR);
      assistant.replace(parts);
      texts.replace(botStrings);
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0] ?? "";
      logger.warn({ reason }, "reload failed; still serving the previous data");
      await sendMarkdown(ctx, ctx.t("reloadFailed", { reason }));
      return;
    }
    const { table } = assistant.edition;
    logger.info(
      { edition: table.title, directions: table.directions.length },
      "reloaded corpus, prompts and texts",
    );
    await setCommands(ctx.api, texts).catch((error: Error) =>
      logger.warn({ reason: error.message }, "could not update the command menu"),
    );
    await sendMarkdown(ctx, ctx.t("reloaded", { edition: table.title, count: table.directions.length }));
  });

  return composer;
}
