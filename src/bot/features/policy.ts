import { Composer, InlineKeyboard } from "grammy";
import type { Answer, Language } from "../../answer/types.ts";
import { documentId } from "../../corpus/document-id.ts";
import { documentName } from "../../corpus/policy.ts";
import type { Edition } from "../../corpus/types.ts";
import { askInChat } from "../answer-in-chat.ts";
import { allDirectionsButton, CALLBACK, cardButton, tipsButton } from "../buttons.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { sendMarkdown } from "../deliver.ts";

/**
 * Callback data: `pd:<id>` lists the directions citing a policy document, by the document's stable id
 * (a /reload that reorders the documents does not make an old button name another one).
 */
const DOCUMENT = /^pd:([0-9a-f]{10})$/;
/** Telegram shows at most this many document buttons comfortably; the list text names them all. */
const MAX_DOCUMENT_BUTTONS = 20;

type CitedDocument = Edition["documents"][number];

/** A document's name as a reader knows it: 《title》 for documents, the English title in English. */
function displayName(edition: Edition, entry: CitedDocument, language: Language): string {
  const { document } = entry;
  if (language === "en") return edition.companion.documents.get(document.key)?.titleEn ?? document.title;
  return documentName(document);
}

/** Buttons to the cards of the directions an answer cites, five to a row. */
function citedCards(ctx: BotContext, answer: Answer): InlineKeyboard | undefined {
  if (answer.citations.length === 0) return undefined;
  const buttons = answer.citations.map((id) => cardButton(ctx, id, ctx.t("buttonRelated", { id })));
  return InlineKeyboard.from([0, 5, 10].map((i) => buttons.slice(i, i + 5)).filter((row) => row.length > 0));
}

/** Every policy document of the edition with the directions citing it, and a button for each. */
async function showDocuments(ctx: BotContext, deps: BotDeps): Promise<void> {
  const edition = deps.assistant.edition;
  const separator = ctx.language === "en" ? ", " : "、";
  const lines = edition.documents.map((entry) =>
    ctx.t("policyLine", {
      title: displayName(edition, entry, ctx.language),
      ids: entry.citedBy.join(separator),
    }),
  );
  const keyboard = InlineKeyboard.from(
    edition.documents
      .slice(0, MAX_DOCUMENT_BUTTONS)
      .map((entry) => [
        InlineKeyboard.text(displayName(edition, entry, ctx.language), `pd:${documentId(entry.document)}`),
      ]),
  );
  const text = ctx.t("policyOverview", {
    edition: edition.table.title,
    count: edition.documents.length,
    lines: lines.join("\n"),
  });
  await sendMarkdown(ctx, text, { markup: keyboard });
}

/** /policy [document], the document buttons and the policy-basis button of a card. */
export function policyFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("policy", async (ctx) => {
    const asked = ctx.match.trim();
    if (asked === "") return showDocuments(ctx, deps);
    const question = ctx.language === "en" ? `policy basis: ${asked}` : `政策依据 ${asked}`;
    await askInChat(ctx, deps, question, { tableOnly: true, buttons: (answer) => citedCards(ctx, answer) });
  });

  composer.callbackQuery(DOCUMENT, async (ctx) => {
    await ctx.answerCallbackQuery();
    const id = ctx.match[1] ?? "";
    if (!deps.assistant.edition.documents.some((e) => documentId(e.document) === id)) return;
    await askInChat(
      ctx,
      deps,
      { kind: "citing", documentId: id },
      {
        tableOnly: true,
        buttons: (answer) => citedCards(ctx, answer),
      },
    );
  });

  composer.callbackQuery(CALLBACK.policy, async (ctx) => {
    await ctx.answerCallbackQuery();
    const id = Number(ctx.match[1]);
    if (!deps.assistant.retriever.direction(id)) return;
    await askInChat(
      ctx,
      deps,
      { kind: "policy", id },
      {
        tableOnly: true,
        buttons: () => ({
          inline_keyboard: [[cardButton(ctx, id), tipsButton(ctx, id)], [allDirectionsButton(ctx)]],
        }),
      },
    );
  });

  return composer;
}
