import { Composer, InlineKeyboard } from "grammy";
import type { Language } from "../../answer/types.ts";
import { chineseNumeral } from "../../corpus/numerals.ts";
import type { Direction, Edition } from "../../corpus/types.ts";
import { relatedDirections } from "../../search/related.ts";
import { askInChat } from "../answer-in-chat.ts";
import { allDirectionsButton, CALLBACK, cardButton, policyButton, tipsButton } from "../buttons.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";
import { clip } from "../format.ts";

/** A direction's title in the reply language (the team's English title when there is one). */
export function directionTitle(edition: Edition, direction: Direction, language: Language): string {
  return language === "en"
    ? (edition.companion.directions.get(direction.id)?.titleEn ?? direction.title)
    : direction.title;
}

export type DirectionArgument =
  | { id: number }
  | { problem: "usage" | "unknown" | "invalid"; number?: number };

/** Reads the number of `/direction 3` (also "方向3", "#3"); tells why when it is not a direction. */
export function parseDirectionArgument(argument: string, edition: Edition): DirectionArgument {
  const arg = argument.trim();
  if (arg === "") return { problem: "usage" };
  const match = /^(?:方向|direction\s*|#)?\s*(\d{1,6})\s*(?:号)?$/i.exec(arg);
  if (!match) return { problem: "invalid" };
  const number = Number(match[1]);
  return edition.table.directions.some((d) => d.id === number)
    ? { id: number }
    : { problem: "unknown", number };
}

const PROBLEM_TEXTS = {
  direction: { usage: "directionUsage", unknown: "directionUnknown", invalid: "directionInvalid" },
  tips: { usage: "tipsUsage", unknown: "tipsUnknown", invalid: "tipsInvalid" },
} as const;

/** The reply for a number that is not a direction, naming the valid range. */
export function argumentProblem(
  ctx: BotContext,
  deps: BotDeps,
  parsed: Exclude<DirectionArgument, { id: number }>,
  argument: string,
  prefix: "direction" | "tips",
): string {
  const edition = deps.assistant.edition;
  const values = {
    count: edition.table.directions.length,
    edition: edition.table.title,
    number: parsed.number ?? "",
    arg: clip(argument.trim(), 40),
  };
  return ctx.t(PROBLEM_TEXTS[prefix][parsed.problem], values);
}

/** A direction's name short enough for a phone's button (the companion's short name). */
function shortName(edition: Edition, id: number, language: Language): string {
  const short = edition.companion.directions.get(id)?.short;
  return short ? short[language] : String(id);
}

/** Buttons under a card: its policy basis and tips, the directions closest in meaning, all directions. */
function cardKeyboard(ctx: BotContext, deps: BotDeps, id: number): InlineKeyboard {
  const edition = deps.assistant.edition;
  const related = relatedDirections(edition, id).map((other) =>
    cardButton(
      ctx,
      other,
      ctx.t("buttonRelated", { id: other, short: shortName(edition, other, ctx.language) }),
    ),
  );
  const rows = [[policyButton(ctx, id), tipsButton(ctx, id)], related, [allDirectionsButton(ctx)]];
  return InlineKeyboard.from(rows.filter((row) => row.length > 0));
}

/** Sends a direction's card (part, title, suggestion, policy basis) with its buttons. */
export async function showCard(ctx: BotContext, deps: BotDeps, id: number): Promise<void> {
  await askInChat(
    ctx,
    deps,
    { kind: "card", id },
    {
      tableOnly: true,
      buttons: () => cardKeyboard(ctx, deps, id),
    },
  );
}

/** All directions as buttons, one per row, in table order under their part headings. */
export async function showDirections(ctx: BotContext, deps: BotDeps): Promise<void> {
  const edition = deps.assistant.edition;
  const { directions, parts } = edition.table;
  const headings = parts.flatMap((part) => {
    const ids = directions.filter((d) => d.part.number === part.number).map((d) => d.id);
    if (ids.length === 0) return [];
    const title =
      ctx.language === "en" ? (edition.companion.partsEn.get(part.number) ?? part.title) : part.title;
    const number = ctx.language === "zh" ? chineseNumeral(part.number) : part.number;
    return [ctx.t("partHeading", { part: number, title, from: Math.min(...ids), to: Math.max(...ids) })];
  });
  const keyboard = InlineKeyboard.from(
    directions.map((d) => [
      cardButton(
        ctx,
        d.id,
        ctx.t("directionButton", { id: d.id, short: shortName(edition, d.id, ctx.language) }),
      ),
    ]),
  );
  const intro = ctx.t("directionsIntro", { edition: edition.table.title, count: directions.length });
  await sendMarkdown(ctx, [intro, ...headings].join("\n\n"), { markup: keyboard });
}

/** /directions, /direction N and the card buttons. */
export function directionsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("directions", (ctx) => showDirections(ctx, deps));

  composer.command("direction", async (ctx) => {
    if (ctx.match.trim() === "") return showDirections(ctx, deps);
    const parsed = parseDirectionArgument(ctx.match, deps.assistant.edition);
    if ("id" in parsed) return showCard(ctx, deps, parsed.id);
    await sendMarkdown(ctx, argumentProblem(ctx, deps, parsed, ctx.match, "direction"));
  });

  composer.callbackQuery(CALLBACK.card, async (ctx) => {
    await ctx.answerCallbackQuery();
    const id = Number(ctx.match[1]);
    if (deps.assistant.retriever.direction(id)) await showCard(ctx, deps, id);
  });

  composer.callbackQuery(CALLBACK.list, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showDirections(ctx, deps);
  });

  return composer;
}
