import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import { checklist } from "../answer/checklist.ts";
import type { Language } from "../answer/types.ts";
import { feedbackTotal, observeAnswer, rateLimitedTotal } from "../metrics.ts";
import { ANSWER_ID, answerRecord, newAnswerId } from "../ports/feedback.ts";
import { clientAddress, HttpProblem, readJson, sendEvent, sendJson, startEvents } from "./http.ts";
import { inScript, type Script, scriptOf } from "./script.ts";
import type { WebDeps } from "./server.ts";

/** A question and its short history: a few kilobytes at most. */
const MAX_BODY = 32 * 1024;

const Turn = z.object({
  question: z.string().max(2_000),
  answer: z.string().max(4_000),
  directions: z.array(z.number().int().min(1).max(999)).max(10),
});
const AskRequest = z.object({
  question: z.string(),
  history: z.array(Turn).max(6).default([]),
  /** The page's language, for questions that do not tell (digits only, "?"). */
  language: z.enum(["zh", "en"]).optional(),
  /** The script the reader chose; otherwise the question's own. */
  script: z.enum(["hans", "hant"]).optional(),
});
const FeedbackRequest = z.object({ id: z.string().regex(ANSWER_ID), vote: z.enum(["up", "down"]) });

/** `/api/*`: the web chat's own small JSON and SSE endpoints. */
export async function handleChatApi(req: IncomingMessage, res: ServerResponse, path: string, deps: WebDeps) {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (path === "/api/directions" && req.method === "GET") {
    return sendJson(res, 200, directions(deps, scriptParam(url)), { "cache-control": "no-cache" });
  }
  const tips = /^\/api\/tips\/(\d{1,3})$/.exec(path);
  if (tips && req.method === "GET") return sendTips(res, deps, Number(tips[1]), url);
  if (path === "/api/ask" && req.method === "POST") return ask(req, res, deps);
  if (path === "/api/feedback" && req.method === "POST") {
    const parsed = FeedbackRequest.safeParse(await readJson(req, 1024));
    if (!parsed.success) throw new HttpProblem(400, "Send {id, vote: 'up' | 'down'}.", "invalid_feedback");
    await deps.feedback.vote(parsed.data.id, parsed.data.vote);
    feedbackTotal.inc({ vote: parsed.data.vote, channel: "web" });
    res.writeHead(204).end();
    return;
  }
  throw new HttpProblem(404, `Unknown endpoint ${req.method} ${path}.`, "unknown_url");
}

function scriptParam(url: URL): Script {
  return url.searchParams.get("script") === "hant" ? "hant" : "hans";
}

/** The table by part, each direction with its card and its checklist: what the page browses. */
function directions(deps: WebDeps, script: Script) {
  const { edition } = deps.assistant;
  const show = (s: string) => inScript(s, script);
  return {
    title: show(edition.table.title),
    year: edition.table.year,
    parts: edition.table.parts.map((part) => ({
      number: part.number,
      title: show(part.title),
      titleEn: edition.companion.partsEn.get(part.number) ?? "",
      directions: edition.table.directions
        .filter((d) => d.part.number === part.number)
        .map((d) => {
          const aliases = edition.companion.directions.get(d.id);
          const c = checklist(d);
          return {
            id: d.id,
            title: show(d.title),
            titleEn: aliases?.titleEn ?? "",
            focus: { zh: show(aliases?.focus.zh ?? ""), en: aliases?.focus.en ?? "" },
            suggestion: show(d.suggestion),
            policyBasis: show(d.policyBasis),
            checklist: { scope: show(c.scope), focus: c.focus.map(show), outputs: c.outputs.map(show) },
          };
        }),
    })),
  };
}

/** A direction's proposal tips, as the bot's /tips gives them from the table. */
async function sendTips(res: ServerResponse, deps: WebDeps, id: number, url: URL) {
  if (!deps.assistant.retriever.direction(id))
    throw new HttpProblem(404, `There is no direction ${id}.`, "unknown_direction");
  const language: Language = url.searchParams.get("lang") === "en" ? "en" : "zh";
  const stream = deps.assistant.show({ kind: "tips", id }, { tableOnly: true, language });
  const answer = await stream.answer;
  sendJson(res, 200, { id, text: inScript(answer.text, scriptParam(url)) });
}

/**
 * Answers one question as server-sent events: `{type:"delta", text}` as the answer is written, then
 * `{type:"done", id, citations, mode, notice}` (id is what 👍/👎 send back), or `{type:"error"}`.
 */
async function ask(req: IncomingMessage, res: ServerResponse, deps: WebDeps) {
  const { assistant, config, limiter, logger } = deps;
  const parsed = AskRequest.safeParse(await readJson(req, MAX_BODY));
  if (!parsed.success) throw new HttpProblem(400, "Send {question, history?}.", "invalid_question");
  const { history, language } = parsed.data;
  const question = parsed.data.question.trim();
  if (!question) throw new HttpProblem(400, "The question is empty.", "empty_question");
  if (question.length > config.MAX_QUESTION_LENGTH)
    throw new HttpProblem(
      400,
      `The question is ${question.length} characters long; the most is ${config.MAX_QUESTION_LENGTH}.`,
      "question_too_long",
    );
  const visitor = `web:${clientAddress(req, config.WEB_TRUST_PROXY)}`;
  if (!(await limiter.allow(visitor, config.WEB_RATE_LIMIT_PER_MINUTE))) {
    rateLimitedTotal.inc({ channel: "web" });
    throw new HttpProblem(
      429,
      `Too many questions: at most ${config.WEB_RATE_LIMIT_PER_MINUTE} a minute. Please wait a moment.`,
      "rate_limit_exceeded",
      "requests",
    );
  }
  const script = parsed.data.script ?? scriptOf(question);
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const stream = observeAnswer(
    "web",
    assistant.ask(question, {
      history,
      userId: visitor,
      signal: abort.signal,
      ...(language ? { preferredLanguage: language } : {}),
    }),
  );
  startEvents(res);
  try {
    for await (const text of stream) {
      if (res.destroyed) break;
      sendEvent(res, { type: "delta", text: inScript(text, script) });
    }
    const answer = await stream.answer;
    const id = newAnswerId();
    await deps.feedback
      .answered(answerRecord(id, "web", answer))
      .catch((error: Error) =>
        logger.warn({ reason: error.message }, "could not keep the answer for feedback"),
      );
    sendEvent(res, {
      type: "done",
      id,
      citations: answer.citations,
      directions: answer.directions.map((d) => d.id),
      mode: answer.mode,
      language: answer.language,
      ...(answer.notice ? { notice: inScript(answer.notice, script) } : {}),
    });
  } catch (error) {
    logger.error({ reason: (error as Error).message }, "web answer failed");
    sendEvent(res, {
      type: "error",
      message: "抱歉，处理时出了点问题，请稍后再试。Sorry, something went wrong; please try again.",
    });
  }
  res.end();
}
