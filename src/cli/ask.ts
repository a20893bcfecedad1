import { createInterface } from "node:readline";
import { type Assistant, createAssistant } from "../answer/assistant.ts";
import type { Answer } from "../answer/types.ts";
import { type Config, configFromEnvironment, secretsOf } from "../config.ts";
import { DraftReviewer } from "../draft/reviewer.ts";
import { createLogger } from "../logger.ts";
import { reviewFromPath } from "./draft.ts";
import { forTerminal } from "./render.ts";

const USAGE =
  'usage: npm run --silent ask -- [--json] "<question>" | [--json] --file PATH   (a draft to review: .docx, .pdf, .txt, .md; with --json and no question: one question per line on stdin)';

/** The `--json` contract: one line per question, directions best first, `[]` when out of scope. */
function jsonLine(answer: Answer): string {
  return JSON.stringify({
    question: answer.question,
    directions: answer.directions,
    answer: answer.text,
    mode: answer.mode,
    citations: answer.citations,
    ...(answer.notice ? { notice: answer.notice } : {}),
  });
}

async function fromStdin(assistant: Assistant): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    process.stdout.write(`${jsonLine(await assistant.ask(line.trim()).answer)}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  let json = false;
  let file: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--json") json = true;
    else if (arg === "--file" || arg.startsWith("--file=")) {
      file = arg === "--file" ? argv[++i] : arg.slice(7);
      if (!file) {
        process.stderr.write(`ask: --file needs a path. ${USAGE}\n`);
        return 2;
      }
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith("-") && arg.length > 1 && words.length === 0) {
      process.stderr.write(`ask: unknown option ${arg}. ${USAGE}\n`);
      return 2;
    } else words.push(arg);
  }
  if (file !== undefined) return reviewFile(file, json);
  const question = words.join(" ").trim();
  if (question === "" && !(json && words.length === 0)) {
    process.stderr.write(`ask: the question is empty. ${USAGE}\n`);
    return 2;
  }
  const { assistant } = setup();
  if (question === "") {
    await fromStdin(assistant);
    return 0;
  }
  const answer = await assistant.ask(question).answer;
  process.stdout.write(
    json ? `${jsonLine(answer)}\n` : `${forTerminal(answer.text, process.stdout.isTTY)}\n`,
  );
  return 0;
}

/** `--file PATH`: the draft review, as the report or (`--json`) its structure; 1 when it cannot be read. */
async function reviewFile(path: string, json: boolean): Promise<number> {
  const { assistant, config } = setup();
  const reviewer = new DraftReviewer(assistant, {
    draftsToModel: config.DRAFTS_TO_MODEL,
    localesDir: config.LOCALES_DIR,
    promptsDir: config.PROMPTS_DIR,
  });
  const outcome = await reviewFromPath(reviewer, path);
  if (json) {
    const line = outcome.ok ? outcome.json : { file: path, error: outcome.reason, message: outcome.message };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } else if (outcome.ok) process.stdout.write(`${forTerminal(outcome.markdown, process.stdout.isTTY)}\n`);
  else process.stderr.write(`ask: ${outcome.message}\n`);
  return outcome.ok ? 0 : 1;
}

/**
 * This program's wiring: config, logger, assistant (answers from the table, or the configured model).
 * Logs would only get in the way of a script reading standard output, so only warnings are logged.
 */
function setup(): { config: Config; assistant: Assistant } {
  const config = configFromEnvironment({ LOG_LEVEL: "warn" });
  const logger = createLogger(config.LOG_LEVEL, secretsOf(config));
  try {
    return { config, assistant: createAssistant(config, logger) };
  } catch (error) {
    process.stderr.write(`申报助手: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

process.exitCode = await main(process.argv.slice(2));
