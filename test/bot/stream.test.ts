import { describe, expect, it } from "vitest";
import type { Assistant } from "../../src/answer/assistant.ts";
import type { Answer, AnswerStream } from "../../src/answer/types.ts";
import { assistantWithoutModel, GROUP, recordedBot, textUpdate } from "./harness.ts";

/** An assistant whose answers arrive in `chunks`, one every `delayMs`, like a model's. */
function slowAssistant(chunks: string[], delayMs: number): Assistant {
  const text = chunks.join("");
  const answer: Answer = {
    question: "q",
    language: "zh",
    mode: "llm",
    directions: [{ id: 3, title: "低空经济关键技术专利预警及对策", score: 1 }],
    citations: [3],
    text,
  };
  const ask = (): AnswerStream => ({
    answer: new Promise((resolve) => setTimeout(() => resolve(answer), chunks.length * delayMs)),
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        yield chunk;
      }
    },
  });
  return Object.create(assistantWithoutModel(), { ask: { value: ask } }) as Assistant;
}

const chunks = Array.from({ length: 12 }, (_, i) => `第${i + 1}句：**低空经济**方向的申报要点。 `);

describe("a streamed answer", () => {
  it("shows drafts while it is generated in a private chat, then sends the final message", async () => {
    const { bot, recorder } = recordedBot({ assistant: slowAssistant(chunks, 100) });
    await bot.handleUpdate(textUpdate("低空经济怎么写申报书？"));
    const drafts = recorder.of("sendMessageDraft");
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(drafts.length).toBeLessThan(chunks.length);
    const ids = new Set(drafts.map((d) => d.draft_id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).not.toBe(0);
    const final = recorder.of("sendMessage")[0];
    expect(final?.text).toBe(chunks.join("").replaceAll("**", "").trim());
    for (const draft of drafts) expect(final?.text).toContain(String(draft.text));
    expect(drafts[0]?.entities).toContainEqual({ type: "bold", offset: 4, length: 4 });
    // Nothing reaches the chat after the final message.
    expect(recorder.calls.at(-1)?.method).toBe("sendMessage");
  });

  it("throttles drafts so a fast stream does not flood Telegram", async () => {
    const many = Array.from({ length: 100 }, () => "知识产权");
    const { bot, recorder } = recordedBot({ assistant: slowAssistant(many, 10) });
    await bot.handleUpdate(textUpdate("低空经济怎么写申报书？"));
    // About 1 s of streaming: a draft every 200–400 ms at most.
    expect(recorder.of("sendMessageDraft").length).toBeLessThanOrEqual(6);
  });

  it("still sends the final message when drafts fail", async () => {
    const { bot, recorder } = recordedBot({ assistant: slowAssistant(chunks, 60) });
    recorder.fail(
      "sendMessageDraft",
      { error_code: 400, description: "Bad Request: TEXTDRAFT_PEER_INVALID" },
      20,
    );
    await bot.handleUpdate(textUpdate("低空经济怎么写申报书？"));
    expect(recorder.texts).toHaveLength(1);
  });

  it("sends one final message in a group, replying to the question, with no drafts", async () => {
    const { bot, recorder } = recordedBot({ assistant: slowAssistant(chunks, 50) });
    await bot.handleUpdate(textUpdate("@shenbao_test_bot 低空经济怎么写？", { chat: GROUP }));
    expect(recorder.of("sendMessageDraft")).toEqual([]);
    expect(recorder.of("sendChatAction")[0]).toMatchObject({ chat_id: GROUP.id, action: "typing" });
    expect(recorder.of("sendMessage")).toHaveLength(1);
  });

  it("splits an answer over 4096 characters into several messages, buttons under the last", async () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, i) => `**要点${i + 1}** ${"专利布局与风险预警".repeat(25)}\n\n`,
    );
    const { bot, recorder } = recordedBot({ assistant: slowAssistant(paragraphs, 5) });
    await bot.handleUpdate(textUpdate("低空经济怎么写申报书？"));
    const sent = recorder.of("sendMessage");
    expect(sent.length).toBeGreaterThan(1);
    for (const message of sent) expect(String(message.text).length).toBeLessThanOrEqual(4096);
    expect(sent.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(sent.at(-1)?.reply_markup).toBeDefined();
    expect(sent.map((m) => m.text).join("\n\n")).toBe(paragraphs.join("").replaceAll("**", "").trim());
  });
});
