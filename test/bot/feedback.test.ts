import { describe, expect, it } from "vitest";
import { registry } from "../../src/metrics.ts";
import { MemoryFeedback, WEEK_MS } from "../../src/ports/feedback.ts";
import { callbackUpdate, recordedBot, textUpdate, USER } from "./harness.ts";

const ADMIN = { ADMIN_IDS: String(USER.id) };

describe("feedback in Telegram", () => {
  it("keeps a 👎 on an answer with its question, directions and mode, and /unanswered lists it", async () => {
    const feedback = new MemoryFeedback();
    const { bot, recorder } = recordedBot({ feedback, env: ADMIN });
    const counted = async (name: string, labels: string) =>
      Number(new RegExp(`${name}\\{${labels}\\} (\\d+)`).exec(await registry.metrics())?.[1] ?? 0);
    const answersBefore = await counted("shenbao_answers_total", 'mode="extractive",channel="telegram"');
    const downBefore = await counted("shenbao_feedback_total", 'vote="down",channel="telegram"');
    await bot.handleUpdate(textUpdate("我们做无人机专利预警，报哪个方向？"));
    const down = recorder.buttons().find((b) => b.callback_data?.startsWith("v:d:"));
    expect(down?.text).toBe("👎");

    await bot.handleUpdate(callbackUpdate(down?.callback_data as string));
    expect(recorder.of("answerCallbackQuery").at(-1)).toMatchObject({ text: "谢谢你的反馈。" });
    const [entry] = await feedback.since(new Date(Date.now() - WEEK_MS));
    expect(entry).toMatchObject({
      channel: "telegram",
      question: "我们做无人机专利预警，报哪个方向？",
      mode: "extractive",
      fallback: false,
      vote: "down",
    });
    expect(entry?.directions[0]).toBe(3);
    expect(JSON.stringify(entry)).not.toContain(String(USER.id));
    expect(await counted("shenbao_answers_total", 'mode="extractive",channel="telegram"')).toBe(
      answersBefore + 1,
    );
    expect(await counted("shenbao_feedback_total", 'vote="down",channel="telegram"')).toBe(downBefore + 1);

    await bot.handleUpdate(textUpdate("今天天气怎么样"));
    await bot.handleUpdate(textUpdate("今天天气怎么样？"));
    await bot.handleUpdate(textUpdate("/unanswered"));
    const report = recorder.texts.at(-1) ?? "";
    expect(report).toContain("近 7 天未答好的问题");
    // Newest group first; the two weather questions are one group; the drone question got a 👎.
    expect(report.indexOf("今天天气怎么样？ ×2")).toBeGreaterThan(0);
    expect(report.indexOf("今天天气怎么样？ ×2")).toBeLessThan(report.indexOf("无人机"));
    expect(report).toMatch(/无人机专利预警，报哪个方向？ \(👎, #3/);
    expect(report).toContain("未匹配方向");

    await bot.handleUpdate(textUpdate("/feedback"));
    expect(recorder.texts.at(-1)).toContain("👍 0 · 👎 1");
    expect(recorder.texts.at(-1)).toContain("无人机");
  });

  it("tells a non-admin that /unanswered is for administrators", async () => {
    const { bot, recorder } = recordedBot({ feedback: new MemoryFeedback() });
    await bot.handleUpdate(textUpdate("/unanswered"));
    expect(recorder.texts.at(-1)).toContain("管理员");
  });
});
