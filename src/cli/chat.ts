import { createInterface } from "node:readline";
import type { Assistant } from "../answer/assistant.ts";
import { remember } from "../answer/conversation.ts";
import type { ShowRequest } from "../answer/show.ts";
import type { Turn } from "../answer/types.ts";
import type { DraftReviewer } from "../draft/reviewer.ts";
import { say } from "../i18n.ts";
import { reviewFromPath } from "./draft.ts";
import { forTerminal } from "./render.ts";

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
  const texts = assistant.texts.zh;
  output.write(`${say(texts, "terminalHello")}\n\n`);
  let history: Turn[] = [];
  rl.on("SIGINT", () => rl.close());
  rl.setPrompt("你> ");
  rl.prompt();
  try {
    // Lines are read as they come, typed or piped; the loop ends with Ctrl+D or the end of input.
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === "/exit" || line === "/quit") break;
      // A number the table does not have goes to the assistant as text, which says so.
      const request = commandRequest(line, (id) => assistant.retriever.direction(id) !== undefined);
      if (line === "/help") output.write(`${forTerminal(say(texts, "terminalHelp"), terminal.tty)}\n\n`);
      else if (line === "/reset") {
        history = [];
        output.write(`${say(texts, "terminalReset")}\n\n`);
      } else if (request) {
        const answer = await assistant.show(request, { tableOnly: true, language: "zh" }).answer;
        output.write(`\n${forTerminal(answer.text, terminal.tty)}\n\n`);
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

/** `/directions` and `/direction N`: typed requests, as the bot's commands are. */
function commandRequest(line: string, exists: (id: number) => boolean): ShowRequest | undefined {
  if (line === "/directions") return { kind: "overview" };
  const id = Number(/^\/direction\s+(\d{1,3})$/.exec(line)?.[1]);
  return exists(id) ? { kind: "card", id } : undefined;
}
