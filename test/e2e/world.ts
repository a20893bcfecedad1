/**
 * What the end-to-end conversation tests share: the loopback Bot API and OpenAI servers, the bot's
 * environment, questions about one direction, and what the user sees of the answers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BotApiServer, startBotApiServer } from "../support/bot-api-server.ts";
import {
  DEFAULT_TEST_MODEL,
  type OpenAITestServer,
  type RecordedRequest,
  startOpenAIServer,
} from "../support/openai-server.ts";
import { isStatusDraft } from "../support/status-draft.ts";

export const QUESTIONS = [
  "我们做无人机专利预警，报哪个方向？",
  "无人机的政策依据有哪些？",
  "低空经济的申报建议怎么写？",
  "eVTOL适航审定的专利风险属于哪个方向？",
];

/** About 2 s of streaming at 150 characters per second, citing direction 3. */
export const SLOW_ANSWER = {
  kind: "reply" as const,
  text: Array.from(
    { length: 6 },
    (_, i) => `**要点${i + 1}**：梳理低空经济领域的全球专利布局与风险。[方向3]`,
  ).join("\n\n"),
  chunkSize: 10,
  charsPerSecond: 150,
};

export interface World {
  server: BotApiServer;
  openai: OpenAITestServer;
  env: Record<string, string>;
  dir: string;
}

/** Starts the servers and a scratch SESSION_DIR; `cleanups` gets what closes them. */
export async function world(
  cleanups: (() => Promise<void> | void)[],
  env: Record<string, string> = {},
): Promise<World> {
  const server = await startBotApiServer();
  const openai = await startOpenAIServer({ scenario: SLOW_ANSWER });
  const dir = mkdtempSync(join(tmpdir(), "restart-"));
  cleanups.push(
    () => server.close(),
    () => openai.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  return {
    server,
    openai,
    dir,
    env: {
      TELEGRAM_BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.url,
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.url,
      OPENAI_MODEL: DEFAULT_TEST_MODEL,
      SESSION_DIR: dir,
      HISTORY_TOKENS: "4000",
      SHUTDOWN_GRACE_MS: "10000",
      ...env,
    },
  };
}

/** The conversation a model request was given. */
export function history(request: RecordedRequest | undefined): string {
  const prompt = String(request?.body.messages?.at(-1)?.content ?? "");
  return prompt.match(/<history>([\s\S]*)<\/history>/)?.[1] ?? "";
}

/** The final answers in a chat (each ends with its sources). */
export function answers(server: BotApiServer, chatId: number): string[] {
  return server.messages(chatId).flatMap((m) => (m.text?.includes("来源") ? [m.text] : []));
}

/** A question from the user whose private chat this is. */
export function send(server: BotApiServer, chatId: number, text: string) {
  return server.sendText({ chatId, from: { id: chatId }, text });
}

/** Sends a question and waits for its final answer. */
export async function ask(server: BotApiServer, chatId: number, question: string, timeoutMs = 20_000) {
  const before = server.messages(chatId).at(-1)?.message_id ?? 0;
  send(server, chatId, question);
  return server.waitForMessage(chatId, "来源", { afterMessageId: before, timeoutMs });
}

/**
 * Resolves once the bot shows the first draft of an answer's own words in this chat (the model is
 * writing), not the status line it drafts first (正在查阅方向3…).
 */
export function answering(server: BotApiServer, chatId: number) {
  const since = server.calls.length;
  const writing = (c: { method: string; params: Record<string, unknown> }) =>
    c.method === "sendMessageDraft" && c.params.chat_id === chatId && !isStatusDraft(c.params.text);
  return server.waitFor(writing, {
    since,
    timeoutMs: 20_000,
  });
}
