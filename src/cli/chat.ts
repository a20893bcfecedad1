import { createInterface } from "node:readline";
import type { Assistant } from "../answer/assistant.ts";
import { remember } from "../answer/conversation.ts";
import type { Turn } from "../answer/types.ts";
import type { DraftReviewer } from "../draft/reviewer.ts";
import { reviewFromPath } from "./draft.ts";
import { forTerminal } from "./render.ts";

const HELLO =
  "申报助手 · 2026 年工信部知识产权推进计划 — 终端对话\n" +
  "问我：哪个方向适合你的题目、某方向的政策依据、申报书怎么写。/reset 清空对话，/exit 或 Ctrl+D 退出。\n" +
  "审阅申报书：--file 路径（.docx、PDF、.txt、.md）。\n" +
  "要连接 Telegram：在 .env 中设置 TELEGRAM_BOT_TOKEN（见 README）。\n";

export interface Terminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Whether the output shows ANSI bold. */
  tty: boolean;
}

/** The terminal chat: the same assistant as the bot, streamed, with the conversation kept until /reset. */
export async function chat(
  assistant: Assistant,
  terminal: Terminal = { input: process.stdin, output: process.stdout, tty: process.stdout.isTTY },
  drafts?: DraftReviewer,
): Promise<void> {
  const { output } = terminal;
  const rl = createInterface({ input: terminal.input, output, terminal: terminal.tty });
  output.write(`${HELLO}\n`);
  let history: Turn[] = [];
  rl.on("SIGINT", () => rl.close());
  rl.setPrompt("你> ");
  rl.prompt();
  try {
    // Lines are read as they come, typed or piped; the loop ends with Ctrl+D or the end of input.
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "/exit" || line === "/quit") break;
      if (line === "/reset") {
        history = [];
        output.write("（对话已清空）\n\n");
      } else if (drafts && /^(?:--file|\/file)\s+\S/.test(line)) {
        // "--file 申报书.docx": the draft is reviewed; the conversation keeps the review's points only.
        const outcome = await reviewFromPath(drafts, line.replace(/^(?:--file|\/file)\s+/, ""), (text) =>
          output.write(`${text}\n`),
        );
        output.write(`\n${forTerminal(outcome.ok ? outcome.markdown : outcome.message, terminal.tty)}\n\n`);
        if (outcome.ok) history = remember(history, outcome.turn);
      } else if (drafts?.followUp(line, history, "zh") !== undefined) {
        output.write(`\n${forTerminal(drafts.followUp(line, history, "zh") ?? "", terminal.tty)}\n\n`);
      } else if (line !== "") {
        const stream = assistant.ask(line, { history, userId: "terminal" });
        output.write("\n");
        // A reasoning model thinks first: say so once, and show none of its thinking.
        stream.onStatus?.((status) => {
          if (status === "thinking") output.write("（思考中…）\n");
        });
        // Whole lines go to the screen, so a **bold** pair split across deltas is still seen as one.
        let pending = "";
        for await (const delta of stream) {
          pending += delta;
          const cut = pending.lastIndexOf("\n") + 1;
          if (cut > 0) {
            output.write(forTerminal(pending.slice(0, cut), terminal.tty));
            pending = pending.slice(cut);
          }
        }
        output.write(forTerminal(pending, terminal.tty));
        const answer = await stream.answer;
        output.write("\n\n");
        history = remember(history, { question: line, answer: answer.text, directions: answer.citations });
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
