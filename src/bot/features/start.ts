import { Composer, InlineKeyboard } from "grammy";
import type { Language } from "../../answer/types.ts";
import { allDirectionsButton } from "../buttons.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";
import { showCard } from "./directions.ts";
import { answerUserQuestion } from "./questions.ts";
import { showTips } from "./tips.ts";

/** Callback data: `ex:zh:0` asks the first Chinese example question. */
const EXAMPLE = /^ex:(zh|en):(\d{1,2})$/;
/** Deep links: t.me/<bot>?start=d3 opens direction 3's card, ?start=t3 its proposal tips. */
const DEEP_LINK = /^([dt])(\d{1,3})$/;

/** /start: the welcome with example questions as buttons, or the direction a deep link names. */
export function startFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("start", async (ctx) => {
    const edition = deps.assistant.edition;
    const link = DEEP_LINK.exec(ctx.match.trim());
    const id = Number(link?.[2]);
    if (link && deps.assistant.retriever.direction(id)) {
      return link[1] === "t" ? showTips(ctx, deps, id) : showCard(ctx, deps, id);
    }
    const examples = deps.texts.lines(ctx.language, "examples");
    const keyboard = InlineKeyboard.from([
      ...examples.map((question, i) => [InlineKeyboard.text(question, `ex:${ctx.language}:${i}`)]),
      [allDirectionsButton(ctx)],
    ]);
    const welcome = ctx.t("welcome", {
      edition: edition.table.title,
      count: edition.table.directions.length,
    });
    await sendMarkdown(ctx, welcome, { markup: keyboard });
  });

  composer.callbackQuery(EXAMPLE, deps.limitQuestions, async (ctx) => {
    const question = deps.texts.lines(ctx.match[1] as Language, "examples")[Number(ctx.match[2])];
    // The question shows as a notification, since the user did not type it into the chat.
    await ctx.answerCallbackQuery(question ? { text: question.slice(0, 200) } : {});
    if (question) await answerUserQuestion(ctx, deps, question);
  });

  return composer;
}
