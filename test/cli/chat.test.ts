import { PassThrough } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import type { AskOptions } from "../../src/answer/types.ts";
import { chat } from "../../src/cli/chat.ts";
import { loadConfig } from "../../src/config.ts";

/** Types lines into the terminal chat one after another, and returns what the screen showed. */
async function session(lines: string[], spy?: (question: string, options: AskOptions) => void) {
  const assistant = createAssistant(loadConfig({ OPENAI_API_KEY: "" }), pino({ level: "silent" }));
  if (spy) {
    const ask = assistant.ask.bind(assistant);
    assistant.ask = (question, options = {}) => {
      spy(question, options);
      return ask(question, options);
    };
  }
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (d) => {
    screen += String(d);
  });
  const done = chat(assistant, { input, output, tty: false });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await done;
  return screen;
}

describe("the terminal chat", () => {
  it("greets, says how to connect Telegram, and answers", async () => {
    const screen = await session(["我们做无人机专利预警，报哪个方向？"]);
    expect(screen).toContain("TELEGRAM_BOT_TOKEN");
    expect(screen).toContain("[方向3]");
    expect(screen).not.toContain("**");
  });

  it("keeps the conversation for follow-ups until /reset", async () => {
    const histories: number[] = [];
    const screen = await session(
      ["我们做无人机专利预警，报哪个方向？", "那它的政策依据呢？", "/reset", "那它的政策依据呢？"],
      (_, o) => histories.push(o.history?.length ?? 0),
    );
    expect(histories).toEqual([0, 1, 0]);
    expect(screen).toContain("方向3「低空经济关键技术专利预警及对策」的政策指引");
    expect(screen).toContain("对话已清空");
  });

  it("explains itself on /help and shows cards and the list on /direction N and /directions", async () => {
    const screen = await session(["/help", "/direction 7", "/directions", "/direction 99"]);
    expect(screen).toContain("--file");
    expect(screen).toContain("/reset");
    expect(screen).toContain("方向7「国内重点产业专利池建设与市场化运行机制」");
    expect(screen).toContain("方向10");
    expect(screen).toMatch(/direction 99|方向99/);
    expect(screen).toContain("1–10");
  });
});
