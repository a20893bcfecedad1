import { Composer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { BotContext, BotDeps } from "../context.ts";
import { answerUserQuestion } from "./questions.ts";

/**
 * The question a group message puts to the bot: the text without the @mention when it mentions the
 * bot, the whole text when it replies to the bot; undefined for the chatter around it.
 */
export function addressedQuestion(ctx: BotContext): string | undefined {
  const message = ctx.msg;
  const text = message?.text;
  if (!message || text === undefined || text.startsWith("/")) return undefined; // commands have their features
  const mention = new RegExp(`@${ctx.me.username}\\b`, "gi");
  if (mention.test(text)) return text.replace(mention, " ").replace(/\s+/g, " ").trim();
  if (message.reply_to_message?.from?.id === ctx.me.id) return text.trim();
  return undefined;
}

/** In groups the bot answers when mentioned or replied to, and otherwise keeps quiet. */
export function groupsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer
    .chatType(["group", "supergroup"])
    .on("message:text")
    .filter(
      (ctx) => addressedQuestion(ctx) !== undefined,
      deps.limitQuestions,
      (ctx) => answerUserQuestion(ctx, deps, addressedQuestion(ctx) ?? "", ctx.msg.message_id),
    );
  return composer;
}

/**
 * Says at start-up what the bot will see in groups. With privacy mode on (the default) Telegram still
 * delivers commands, replies to the bot and @mentions of it, which is all the bot answers.
 */
export function reportGroupVisibility(me: UserFromGetMe, logger: Logger): void {
  if (!me.can_join_groups) {
    logger.info(
      "groups: the bot cannot be added to groups (BotFather /setjoingroups); private chats and inline mode only",
    );
  } else if (!me.can_read_all_group_messages) {
    logger.info(
      "groups: privacy mode is on, so the bot sees commands, replies to its messages and @mentions — all it answers. " +
        "If mentions do not arrive in a group, turn privacy off with BotFather /setprivacy or make the bot an admin there.",
    );
  } else {
    logger.info(
      "groups: privacy mode is off; the bot receives all group messages and answers only mentions, replies and commands",
    );
  }
}
