import type { Transformer } from "grammy";
import { describe, expect, it } from "vitest";
import { paceSends } from "../../src/bot/pace.ts";

/** Calls a pacer as grammY would, recording when each call reached "Telegram". */
function harness(transformer: Transformer) {
  const sent: { method: string; chat: unknown; at: number }[] = [];
  const prev = (async (method: string, payload: { chat_id?: unknown }) => {
    sent.push({ method, chat: payload.chat_id, at: Date.now() });
    return { ok: true, result: true };
  }) as unknown as Parameters<Transformer>[0];
  const call = (method: string, chatId: number) =>
    transformer(prev, method as "sendMessage", { chat_id: chatId, text: "x" } as never, undefined);
  return { sent, call };
}

describe("pacing what the bot sends", () => {
  it("spreads sends over all chats to at most the configured rate", async () => {
    const { sent, call } = harness(paceSends({ perSecond: 20 }));
    const start = Date.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => call("sendMessage", 1000 + i)));
    expect(sent).toHaveLength(10);
    // 10 sends at 20/s: the last goes out about 450 ms after the first, never in a burst.
    expect((sent.at(-1)?.at ?? 0) - start).toBeGreaterThanOrEqual(400);
    for (let i = 1; i < sent.length; i++)
      expect((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(45);
  });

  it("keeps one chat's messages in order and about a second apart, without holding up other chats", async () => {
    const { sent, call } = harness(paceSends({ perSecond: 100, privateGapMs: 300 }));
    await Promise.all([call("sendMessage", 1), call("sendMessage", 1), call("sendMessage", 2)]);
    expect(sent.map((s) => s.chat)).toEqual([1, 2, 1]);
    const ones = sent.filter((s) => s.chat === 1);
    expect((ones[1]?.at ?? 0) - (ones[0]?.at ?? 0)).toBeGreaterThanOrEqual(295);
  });

  it("lets drafts and chat actions through at once", async () => {
    const { sent, call } = harness(paceSends({ perSecond: 1 }));
    await call("sendMessage", 1);
    const start = Date.now();
    await Promise.all([call("sendMessageDraft", 1), call("sendChatAction", 1)]);
    expect(Date.now() - start).toBeLessThan(100);
    expect(sent).toHaveLength(3);
  });
});
