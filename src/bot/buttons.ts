import type { InlineKeyboardButton } from "grammy/types";
import type { BotContext } from "./context.ts";

/**
 * The buttons several features put under their messages, and the callback data each one sends.
 * The feature that answers a button owns its handler (directions.ts: card and list, tips.ts, policy.ts).
 */
export const CALLBACK = {
  /** `d:3`: direction 3's card. */
  card: /^d:(\d{1,3})$/,
  /** `t:3`: direction 3's proposal tips. */
  tips: /^t:(\d{1,3})$/,
  /** `p:3`: direction 3's policy basis. */
  policy: /^p:(\d{1,3})$/,
  /** All directions. */
  list: "dirs",
} as const;

export function cardButton(
  ctx: BotContext,
  id: number,
  label = ctx.t("buttonCard", { id }),
): InlineKeyboardButton {
  return { text: label, callback_data: `d:${id}` };
}

export function tipsButton(ctx: BotContext, id: number): InlineKeyboardButton {
  return { text: ctx.t("buttonTips"), callback_data: `t:${id}` };
}

export function policyButton(ctx: BotContext, id: number): InlineKeyboardButton {
  return { text: ctx.t("buttonPolicy"), callback_data: `p:${id}` };
}

export function allDirectionsButton(ctx: BotContext): InlineKeyboardButton {
  return { text: ctx.t("buttonAll"), callback_data: CALLBACK.list };
}
