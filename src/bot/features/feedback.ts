import { Composer } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { feedbackTotal } from "../../metrics.ts";
import { feedbackSummary, type Gap, unansweredGroups, WEEK_MS } from "../../ports/feedback.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";

/** `v:u:<id>` / `v:d:<id>`: a 👍 or 👎 on answer <id> (8 characters; callback data stays under 64 bytes). */
const VOTE = /^v:([ud]):([A-Za-z0-9_-]{8})$/;
/** Groups /unanswered lists; the admin page shows them all. */
const MAX_GROUPS = 20;

/** The 👍/👎 row under an answer. */
export function voteButtons(ctx: BotContext, answerId: string): InlineKeyboardButton[] {
  return [
    { text: ctx.t("buttonUp"), callback_data: `v:u:${answerId}` },
    { text: ctx.t("buttonDown"), callback_data: `v:d:${answerId}` },
  ];
}

/**
 * 👍/👎 under answers, kept with the question, its directions and the answer's mode; and, for the ids
 * in ADMIN_IDS, /feedback (the week's votes) and /unanswered (the week's questions that found no
 * direction, got a fallback, or a 👎: what the companion file is missing). No user ids are kept.
 */
export function feedbackFeature(deps: BotDeps): Composer<BotContext> {
  const { config, feedback, logger } = deps;
  const composer = new Composer<BotContext>();

  composer.callbackQuery(VOTE, async (ctx) => {
    const [, vote, id] = ctx.match as RegExpMatchArray;
    const verdict = vote === "u" ? "up" : "down";
    try {
      await feedback.vote(id as string, verdict);
      feedbackTotal.inc({ vote: verdict, channel: "telegram" });
    } catch (error) {
      logger.warn({ reason: (error as Error).message }, "could not keep a vote");
    }
    await ctx.answerCallbackQuery({ text: ctx.t("feedbackThanks") });
    // Mark the choice on the message's own keyboard, so the vote shows where it was cast.
    const keyboard = ctx.callbackQuery.message?.reply_markup?.inline_keyboard;
    if (!keyboard) return;
    const marked = keyboard.map((row) =>
      row.map((button) => {
        const data = "callback_data" in button ? button.callback_data : undefined;
        const match = data ? VOTE.exec(data) : null;
        if (!match) return button;
        const label = match[1] === "u" ? ctx.t("buttonUp") : ctx.t("buttonDown");
        return { ...button, text: match[1] === vote ? `${label} ✓` : label };
      }),
    );
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: marked } }).catch(() => {});
  });

  composer.command(["feedback", "unanswered"], async (ctx, next) => {
    if (ctx.from && config.ADMIN_IDS.includes(ctx.from.id)) return next();
    await sendMarkdown(ctx, ctx.t("adminOnly"));
  });

  composer.command("feedback", async (ctx) => {
    const summary = feedbackSummary(await feedback.since(new Date(Date.now() - WEEK_MS)), 5);
    const { answers, up, down } = summary;
    const lines = [ctx.t("feedbackSummary", { answers, up, down })];
    if (summary.recentDown.length > 0) {
      const down = summary.recentDown.map(
        (d) => `- ${d.question} (${directionsOf(d.directions)}, ${d.mode})`,
      );
      lines.push(`${ctx.t("feedbackRecentDown")}\n${down.join("\n")}`);
    }
    await sendMarkdown(ctx, lines.join("\n\n"));
  });

  composer.command("unanswered", async (ctx) => {
    const groups = unansweredGroups(await feedback.since(new Date(Date.now() - WEEK_MS)));
    if (groups.length === 0) return void (await sendMarkdown(ctx, ctx.t("unansweredNone")));
    const gapName = (gap: Gap) =>
      ctx.t(gap === "unmatched" ? "gapUnmatched" : gap === "fallback" ? "gapFallback" : "gapDown");
    const lines = groups.slice(0, MAX_GROUPS).map((g) => {
      const times = g.count > 1 ? ` ×${g.count}` : "";
      const found = g.directions.length > 0 ? `, ${directionsOf(g.directions)}` : "";
      return `- ${g.question}${times} (${g.gaps.map(gapName).join(", ")}${found}; ${g.last.slice(0, 10)})`;
    });
    await sendMarkdown(ctx, `${ctx.t("unansweredHeading")}\n${lines.join("\n")}`);
  });

  return composer;
}

function directionsOf(ids: number[]): string {
  return ids.length > 0 ? ids.map((id) => `#${id}`).join(" ") : "—";
}
