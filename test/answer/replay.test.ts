/**
 * The replay corpus (model-outputs.ts) through the loopback OpenAI server at realistic pace (30
 * tokens/s, 20 s of thinking; replayed at a tenth of real time), checking what the user finally sees
 * in `ask` (the finished answer), the terminal chat and Telegram (the real bot over the loopback Bot
 * API server).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import type { AnswerStatus } from "../../src/answer/types.ts";
import { createBot } from "../../src/bot/index.ts";
import { runBot } from "../../src/bot/run.ts";
import { chat } from "../../src/cli/chat.ts";
import { loadConfig } from "../../src/config.ts";
import { startBotApiServer } from "../support/bot-api-server.ts";
import { type OpenAITestServer, startOpenAIServer } from "../support/openai-server.ts";
import { CASES, INVENTED, type ReplayCase } from "./model-outputs.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const zh = JSON.parse(readFileSync(`${ROOT}locales/zh.json`, "utf8")) as Record<string, string>;
const silent = pino({ level: "silent" });
/** A tenth of real time: 20 s of thinking take 2 s, longer than the 1.5 s silence limit below. */
const TIME_SCALE = 0.1;
/** Raw Markdown that must never reach a chat: bold markers, headings, fences, table rows, links. */
const RAW_MARKDOWN = /\*\*|^#{1,6}\s|```|^\s*\|.*\|\s*$|\]\(https?:/m;

let server: OpenAITestServer;

beforeAll(async () => {
  server = await startOpenAIServer({ timeScale: TIME_SCALE, strictModels: /^(?:o\d|gpt-5)/ });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function env(c: ReplayCase): Record<string, string> {
  return {
    CORPUS_DIR: `${ROOT}corpus`,
    PROMPTS_DIR: `${ROOT}prompts`,
    LOCALES_DIR: `${ROOT}locales`,
    OPENAI_API_KEY: server.apiKey,
    OPENAI_BASE_URL: server.url,
    OPENAI_MODEL: "gpt-test",
    // First byte and silence: 1.5 s. The whole answer: the default (minutes).
    OPENAI_TIMEOUT_MS: "1500",
    DAILY_TOKEN_BUDGET: "0",
    LOG_LEVEL: "silent",
    ...c.env,
  };
}

function serve(c: ReplayCase): void {
  const scenarios = Array.isArray(c.scenario) ? c.scenario : [c.scenario];
  server.setScenario(scenarios.map((s) => ({ kind: "reply" as const, ...s })));
}

/** The answer markup as a chat shows it, for comparing texts across surfaces. */
function plain(text: string): string {
  return text
    .replace(/\*\*/g, "")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/^(\s*)[-*] /gm, "$1• ");
}

/** What every surface must show, or not, for a case. */
function expectSeen(c: ReplayCase, seen: string): void {
  for (const text of c.expect.shows ?? []) expect(seen).toContain(text);
  for (const key of c.expect.says ?? []) expect(seen).toContain(zh[key]);
  for (const key of c.expect.saysNot ?? []) expect(seen).not.toContain(zh[key]);
  for (const text of [...(c.expect.hides ?? []), ...INVENTED]) expect(seen).not.toContain(text);
  expect(seen).toContain(zh.sourcesHeading);
  expect(seen).toContain("以官方发布为准");
}

describe.each(CASES)("$name", (c) => {
  it("ask: the finished answer", async () => {
    serve(c);
    const assistant = createAssistant(loadConfig(env(c)), silent);
    const stream = assistant.ask(c.question);
    const statuses: AnswerStatus[] = [];
    stream.onStatus?.((s) => statuses.push(s));
    let streamed = "";
    for await (const delta of stream) streamed += delta;
    const answer = await stream.answer;
    expect(streamed).toBe(answer.text);
    if (c.expect.mode) expect(answer.mode).toBe(c.expect.mode);
    if (c.expect.citations) expect(answer.citations).toEqual(c.expect.citations);
    if (c.expect.ending) expect(answer.ending).toBe(c.expect.ending);
    else expect(answer.ending).toBeUndefined();
    if (c.expect.removed !== undefined) expect(answer.removedClaims ?? 0).toBe(c.expect.removed);
    if (c.expect.requests) expect(server.requests.length).toBe(c.expect.requests);
    // The model is asked with the rows it was given ("reading"), then thinks.
    if (c.expect.thinking) expect(statuses.slice(0, 2)).toEqual(["reading", "thinking"]);
    else expect(statuses[0]).toBe("reading");
    expectSeen(c, plain(answer.text));
    // The answer markup keeps code fences (each surface renders them) but never a table.
    expect(answer.text).not.toMatch(/^\s*\|.*\|\s*$/m);
  });

  // A process per case is slow: the real command replays the misbehaviours (what must be hidden).
  it.runIf(c.expect.says || c.expect.hides)("npm run ask: what the real command prints", async () => {
    serve(c);
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        "node",
        ["scripts/run.mjs", "ask", c.question],
        { cwd: ROOT, env: { ...process.env, ...env(c), TELEGRAM_BOT_TOKEN: "" }, timeout: 30_000 },
        (error, out) => (error ? reject(error) : resolve(out)),
      );
    });
    expectSeen(c, plain(stdout));
    expect(stdout).not.toMatch(RAW_MARKDOWN);
  });

  it("terminal: the chat's screen", async () => {
    serve(c);
    const assistant = createAssistant(loadConfig(env(c)), silent);
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = "";
    output.on("data", (d) => {
      screen += String(d);
    });
    const done = chat(assistant, { input, output, tty: false });
    input.write(`${c.question}\n`);
    input.end();
    await done;
    const answer = screen.slice(screen.indexOf("你> ") + 3);
    expectSeen(c, plain(answer));
    expect(answer).not.toMatch(RAW_MARKDOWN);
    if (c.expect.thinking) expect(answer).toContain("（思考中…）");
  });

  it("Telegram: the final message, formatted", async () => {
    serve(c);
    const telegram = await startBotApiServer();
    const config = loadConfig({
      ...env(c),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
    });
    const running = await runBot(createBot(createAssistant(config, silent), config, silent), config, silent);
    try {
      await telegram.waitForPollers();
      const asked = telegram.sendText({ text: c.question });
      const chatId = asked.chat.id;
      await telegram.waitForMessage(chatId, zh.sourcesHeading as string, { timeoutMs: 20_000 });
      const text = telegram
        .messages(chatId)
        .filter((m) => m.from?.is_bot)
        .map((m) => m.text ?? "")
        .join("\n");
      expectSeen(c, text);
      expect(text).not.toMatch(RAW_MARKDOWN);
      // Drafts are checked text too: nothing invented shows even while the answer streams.
      for (const draft of telegram.drafts(chatId))
        for (const x of INVENTED) expect(draft.text).not.toContain(x);
      if (c.expect.thinking) expect(telegram.drafts(chatId).some((d) => d.text === "思考中…")).toBe(true);
    } finally {
      await running.stop();
      await telegram.close();
    }
  });
});
