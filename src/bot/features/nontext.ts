import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";

/** Stickers, photos, voice and other media in a private chat get a short hint to ask in words. */
export function nonTextFeature(_deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer
    .chatType("private")
    .on(
      [
        "message:sticker",
        "message:photo",
        "message:voice",
        "message:audio",
        "message:video",
        "message:video_note",
        "message:animation",
        "message:document",
        "message:location",
        "message:contact",
      ],
      (ctx) => sendMarkdown(ctx, ctx.t("nonText")),
    );
  return composer;
}
