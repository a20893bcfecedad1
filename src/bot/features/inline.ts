import { Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Language } from "../../answer/types.ts";
import type { Edition } from "../../corpus/types.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { toMessages } from "../format.ts";
import { directionTitle } from "./directions.ts";

/** Telegram may cache an inline answer this long (s); the table changes only with a /reload. */
const CACHE_SECONDS = 300;
/** Results per query; the table has ten directions. */
const MAX_RESULTS = 10;

/**
 * Inline mode: "@bot 无人机" in any chat lists direction cards to share, from the table alone (no model),
 * so it is instant. Cards are built once per language and kept until the edition changes.
 */
export function inlineFeature(deps: BotDeps): Composer<BotContext> {
  const { assistant } = deps;
  const cards = new Map<string, InlineQueryResultArticle>();
  let cachedEdition: Edition | undefined;

  const card = async (ctx: BotContext, language: Language, id: number): Promise<InlineQueryResultArticle> => {
    const edition = assistant.edition;
    if (cachedEdition !== edition) {
      cards.clear();
      cachedEdition = edition;
    }
    const key = `${language}-${id}`;
    const cached = cards.get(key);
    if (cached) return cached;
    const answer = await assistant.show({ kind: "card", id }, { tableOnly: true, language }).answer;
    const [message] = toMessages(answer.text);
    const direction = edition.table.directions.find((d) => d.id === id);
    const title = direction ? directionTitle(edition, direction, language) : "";
    const result: InlineQueryResultArticle = {
      type: "article",
      id: key,
      title: ctx.t("inlineTitle", { id, title }),
      description: direction?.suggestion.slice(0, 120) ?? "",
      input_message_content: {
        message_text: message?.text ?? title,
        entities: message?.entities ?? [],
        link_preview_options: { is_disabled: true },
      },
      reply_markup: {
        inline_keyboard: [
          [{ text: ctx.t("inlineOpen"), url: `https://t.me/${ctx.me.username}?start=d${id}` }],
        ],
      },
    };
    cards.set(key, result);
    return result;
  };

  const composer = new Composer<BotContext>();
  composer.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const { directions } = assistant.edition.table;
    let ids: number[];
    if (query === "") ids = directions.map((d) => d.id);
    else if (/^\d{1,3}$/.test(query)) ids = directions.filter((d) => d.id === Number(query)).map((d) => d.id);
    else ids = assistant.retriever.retrieve(query).matches.map((m) => m.direction.id);
    const results = await Promise.all(ids.slice(0, MAX_RESULTS).map((id) => card(ctx, ctx.language, id)));
    await ctx.answerInlineQuery(results, {
      cache_time: CACHE_SECONDS,
      button: { text: ctx.t(results.length > 0 ? "inlineOpen" : "inlineNothing"), start_parameter: "inline" },
    });
  });
  return composer;
}
