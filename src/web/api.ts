import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import { citedIds } from "../answer/citations.ts";
import { recent } from "../answer/conversation.ts";
import { estimateTokens } from "../answer/tokens.ts";
import type { Answer, Turn } from "../answer/types.ts";
import { observeAnswer, rateLimitedTotal } from "../metrics.ts";
import { answerRecord, newAnswerId } from "../ports/feedback.ts";
import { bearer, HttpProblem, readJson, sendEvent, sendJson, startEvents } from "./http.ts";
import { keyId, matchKey } from "./limits.ts";
import { inScript, scriptOf } from "./script.ts";
import type { WebDeps } from "./server.ts";

/** The one model the API offers: the assistant over the 2026 table. */
export const MODEL_ID = "shenbao-2026";
/** Request bodies up to this size: a long chat history from a front-end, never a document. */
const MAX_BODY = 256 * 1024;

const Content = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()),
  z.null(),
]);
const ChatRequest = z
  .object({
    model: z.string().optional(),
    messages: z
      .array(z.object({ role: z.string(), content: Content.optional() }).loose())
      .min(1, "messages must not be empty"),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish(),
    user: z.string().optional(),
  })
  .loose();

/** The text of a message: a string, or the text parts of a multi-part message (images are ignored). */
function textOf(content: z.infer<typeof Content> | undefined): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content
    .filter((p) => p.type === "text" && typeof p.text === "string")
    .map((p) => p.text)
    .join("\n");
}

/**
 * The question and its conversation from OpenAI-style messages: the last message is the question
 * (it must be the user's); earlier user → assistant pairs are the history; system messages are
 * ignored, since the assistant keeps its own rules.
 */
export function conversationOf(messages: { role: string; content?: z.infer<typeof Content> }[]): {
  question: string;
  history: Turn[];
} {
  const last = messages.at(-1);
  if (last?.role !== "user")
    throw new HttpProblem(400, "The last message must have role 'user'.", "invalid_messages");
  const question = textOf(last.content).trim();
  if (!question) throw new HttpProblem(400, "The last user message has no text.", "invalid_messages");
  const history: Turn[] = [];
  let pending: string | undefined;
  for (const message of messages.slice(0, -1)) {
    const text = textOf(message.content).trim();
    if (message.role === "user") pending = text;
    else if (message.role === "assistant" && pending !== undefined) {
      history.push({ question: pending, answer: text, directions: citedIds(text) });
      pending = undefined;
    }
  }
  return { question, history: recent(history) };
}

/** `/v1/*`: the OpenAI-compatible API; off (404) when API_KEYS is empty. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, deps: WebDeps) {
  const { config } = deps;
  if (config.API_KEYS.length === 0)
    throw new HttpProblem(404, "The API is off on this server (API_KEYS is not set).", "api_disabled");
  const key = matchKey(bearer(req), config.API_KEYS);
  if (!key)
    throw new HttpProblem(
      401,
      "Incorrect API key provided. Send one of the server's API_KEYS as 'Authorization: Bearer <key>'.",
      "invalid_api_key",
    );
  const caller = `api:${keyId(key)}`;

  if (path === "/v1/models" && req.method === "GET") {
    return sendJson(res, 200, { object: "list", data: [model()] });
  }
  if (path === `/v1/models/${MODEL_ID}` && req.method === "GET") return sendJson(res, 200, model());
  if (path === "/v1/chat/completions") {
    if (req.method !== "POST")
      throw new HttpProblem(405, "Use POST for /v1/chat/completions.", "method_not_allowed");
    return completions(req, res, deps, caller);
  }
  throw new HttpProblem(404, `Unknown endpoint ${req.method} ${path}.`, "unknown_url");
}

function model() {
  return { id: MODEL_ID, object: "model", created: 1_767_225_600, owned_by: "shenbao" };
}

async function completions(req: IncomingMessage, res: ServerResponse, deps: WebDeps, caller: string) {
  const { assistant, config, limiter } = deps;
  const parsed = ChatRequest.safeParse(await readJson(req, MAX_BODY));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpProblem(
      400,
      `Invalid request: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
      "invalid_request",
    );
  }
  const body = parsed.data;
  const { question, history } = conversationOf(body.messages);
  if (question.length > config.MAX_QUESTION_LENGTH)
    throw new HttpProblem(
      400,
      `The question is ${question.length} characters long; the most this assistant takes is ${config.MAX_QUESTION_LENGTH}.`,
      "question_too_long",
    );
  if (!(await limiter.allow(caller, config.API_RATE_LIMIT_PER_MINUTE))) {
    rateLimitedTotal.inc({ channel: "api" });
    throw new HttpProblem(
      429,
      `Rate limit reached: ${config.API_RATE_LIMIT_PER_MINUTE} questions per minute per key. Try again in a minute.`,
      "rate_limit_exceeded",
      "requests",
    );
  }

  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const script = scriptOf(question);
  const stream = observeAnswer(
    "api",
    assistant.ask(question, { history, userId: caller, signal: abort.signal }),
  );
  const id = `chatcmpl-${newAnswerId()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: MODEL_ID,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });

  if (body.stream) {
    startEvents(res);
    sendEvent(res, chunk({ role: "assistant", content: "" }, null));
    let answer: Answer;
    try {
      for await (const text of stream) {
        if (res.destroyed) break;
        sendEvent(res, chunk({ content: inScript(text, script) }, null));
      }
      answer = await stream.answer;
    } catch (error) {
      // Headers are sent: the failure goes in the stream, as OpenAI's own streams report one.
      deps.logger.error({ reason: (error as Error).message }, "API answer failed");
      sendEvent(res, {
        error: {
          message: "The answer failed; please try again.",
          type: "server_error",
          param: null,
          code: "internal_error",
        },
      });
      res.end();
      return;
    }
    if (res.destroyed) return;
    sendEvent(res, chunk({}, "stop"));
    if (body.stream_options?.include_usage) {
      sendEvent(res, { ...chunk({}, null), choices: [], usage: usageOf(answer) });
    }
    sendEvent(res, "[DONE]");
    res.end();
    await keep(deps, answer);
    return;
  }

  let text = "";
  for await (const part of stream) text += part;
  const answer = await stream.answer;
  sendJson(res, 200, {
    id,
    object: "chat.completion",
    created,
    model: MODEL_ID,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: inScript(text, script), refusal: null },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: usageOf(answer),
    // An extension OpenAI clients ignore: which directions the answer cites, and how it was written.
    shenbao: {
      citations: answer.citations,
      mode: answer.mode,
      ...(answer.notice ? { notice: answer.notice } : {}),
    },
  });
  await keep(deps, answer);
}

/** Keeps the answer for /unanswered; a store that fails costs nothing but the record. */
async function keep(deps: WebDeps, answer: Answer): Promise<void> {
  await deps.feedback
    .answered(answerRecord(newAnswerId(), "api", answer))
    .catch((error: Error) =>
      deps.logger.warn({ reason: error.message }, "could not keep the answer for feedback"),
    );
}

/** The model's token counts; for an answer from the table, estimates of the question and the text. */
function usageOf(answer: Answer) {
  const prompt = answer.usage?.prompt ?? estimateTokens(answer.question);
  const completion = answer.usage?.completion ?? estimateTokens(answer.text);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}
