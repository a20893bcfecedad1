import { createInterface } from "node:readline/promises";
import type { Assistant } from "../answer/assistant.ts";
import type { Turn } from "../answer/types.ts";
import { forTerminal } from "./render.ts";

const HELLO =
  "申报助手 · 2026 年工信部知识产权推进计划 — 终端对话\n" +
  "问我：哪个方向适合你的题目、某方向的政策依据、申报书怎么写。/reset 清空对话，/exit 或 Ctrl+D 退出。\n" +
  "要连接 Telegram：在 .env 中设置 TELEGRAM_BOT_TOKEN（见 README）。\n";

/** Keeps this many turns; the assistant itself bounds what the model sees by tokens. */
const KEEP_TURNS = 10;

/** The terminal chat: the same assistant as the bot, streamed, with the conversation kept until /reset. */
export async function chat(assistant: Assistant): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write(`${HELLO}\n`);
  let history: Turn[] = [];
  rl.on("SIGINT", () => rl.close());
  try {
    for (;;) {
      let line: string;
      try {
        line = (await rl.question("你> ")).trim();
      } catch {
        break; // Ctrl+D / closed input
      }
      if (line === "") continue;
      if (line === "/exit" || line === "/quit") break;
      if (line === "/reset") {
        history = [];
        process.stdout.write("（对话已清空）\n\n");
        continue;
      }
      const stream = assistant.ask(line, { history, userId: "terminal" });
      process.stdout.write("\n");
      for await (const delta of stream) process.stdout.write(forTerminal(delta, process.stdout.isTTY));
      const answer = await stream.answer;
      process.stdout.write("\n\n");
      history = [...history, { question: line, answer: answer.text, directions: answer.citations }].slice(
        -KEEP_TURNS,
      );
    }
  } finally {
    rl.close();
  }
}
