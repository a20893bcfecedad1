import type { Transformer } from "grammy";

/** The calls Telegram counts against a bot's sending limits: sending and editing messages. */
const PACED = new Set([
  "sendMessage",
  "editMessageText",
  "editMessageCaption",
  "editMessageMedia",
  "editMessageReplyMarkup",
  "sendPhoto",
  "sendDocument",
  "sendAudio",
  "sendVoice",
  "sendVideo",
  "sendAnimation",
  "sendSticker",
  "sendMediaGroup",
  "sendLocation",
  "sendContact",
  "sendPoll",
  "copyMessage",
  "copyMessages",
  "forwardMessage",
  "forwardMessages",
]);

export interface PaceOptions {
  /** Sends in any one second over all chats (Telegram: about 30; a little under, for network jitter). */
  perSecond?: number;
  /** Least time between two sends in one private chat (Telegram: about 1 s). */
  privateGapMs?: number;
  /** Least time between two sends in one group (Telegram: 20 a minute). */
  groupGapMs?: number;
}

interface Waiting {
  chat: string;
  gapMs: number;
  go: () => void;
}

/**
 * Holds each sending call until Telegram's limits allow it, instead of sending it to be refused with a
 * 429: sends go out evenly spaced, at most `perSecond` a second over all chats, and with a gap per
 * chat. Waiting calls go in arrival order as far as their chat allows (one busy chat does not hold up
 * the others; one chat's calls keep their order). Spacing is checked when a call is let go, so a late
 * timer never releases a burst. Drafts, chat actions and all other methods pass straight through.
 */
export function paceSends({
  perSecond = 28,
  privateGapMs = 1_050,
  groupGapMs = 3_050,
}: PaceOptions = {}): Transformer {
  const spacingMs = 1000 / perSecond;
  let lastSend = 0;
  const lastInChat = new Map<string, number>();
  const queue: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;

  const pump = () => {
    timer = undefined;
    const now = Date.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    const blocked = new Set<string>();
    for (let i = 0; i < queue.length; ) {
      if (now - lastSend < spacingMs) {
        wakeAt = Math.min(wakeAt, lastSend + spacingMs);
        break;
      }
      const item = queue[i] as Waiting;
      const free = (lastInChat.get(item.chat) ?? 0) + item.gapMs;
      if (blocked.has(item.chat) || free > now) {
        blocked.add(item.chat);
        wakeAt = Math.min(wakeAt, free);
        i++;
        continue;
      }
      queue.splice(i, 1);
      lastSend = now;
      lastInChat.set(item.chat, now);
      item.go();
    }
    if (lastInChat.size > 10_000) {
      for (const [chat, at] of lastInChat) if (at < now - groupGapMs) lastInChat.delete(chat);
    }
    if (queue.length > 0) timer = setTimeout(pump, Math.max(1, Math.ceil(wakeAt - now)));
  };

  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (!PACED.has(method) || chatId === undefined || chatId === null) return prev(method, payload, signal);
    const chat = String(chatId);
    await new Promise<void>((go) => {
      queue.push({ chat, gapMs: Number(chatId) < 0 ? groupGapMs : privateGapMs, go });
      if (!timer) pump();
    });
    return prev(method, payload, signal);
  };
}
