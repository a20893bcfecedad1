import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AnswerStream } from "./answer/types.ts";

/** Where a question came from: the label every answer metric carries. */
export type AnswerChannel = "telegram" | "web" | "api";

/**
 * The process's Prometheus metrics, served at GET /metrics (src/web). One registry for the process:
 * the bot, the web chat, the API and the assistant all count into it, so one scrape sees them all.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "shenbao_" });

/** Answers delivered, by mode (llm | extractive) and channel. */
export const answersTotal = new Counter({
  name: "shenbao_answers_total",
  help: "Answers delivered, by mode (llm, extractive) and channel (telegram, web, api)",
  labelNames: ["mode", "channel"] as const,
  registers: [registry],
});

/** Model calls that failed, by ModelError kind (timeout, rate-limited, unavailable, …). */
export const modelFailuresTotal = new Counter({
  name: "shenbao_model_failures_total",
  help: "Model calls that failed and were answered from the table, by kind",
  labelNames: ["kind"] as const,
  registers: [registry],
});

/**
 * Statements the fact guard removed from model answers, by what was removed (a date, an amount, a
 * document…). Defined here so the guard (src/answer) only has to call `.inc({ kind })`.
 */
export const factGuardRemovalsTotal = new Counter({
  name: "shenbao_fact_guard_removals_total",
  help: "Statements the fact guard removed from model answers, by kind",
  labelNames: ["kind"] as const,
  registers: [registry],
});

/** Seconds from question to the complete answer, by channel and mode. */
export const answerSeconds = new Histogram({
  name: "shenbao_answer_seconds",
  help: "Seconds from question to complete answer",
  labelNames: ["channel", "mode"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
  registers: [registry],
});

/** Seconds from question to the first text shown, by channel. */
export const firstTextSeconds = new Histogram({
  name: "shenbao_first_text_seconds",
  help: "Seconds from question to the first text of the answer",
  labelNames: ["channel"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
  registers: [registry],
});

/** Answers being generated right now (the assistant's queue), by channel. */
export const answersInFlight = new Gauge({
  name: "shenbao_answers_in_flight",
  help: "Answers being generated now, by channel",
  labelNames: ["channel"] as const,
  registers: [registry],
});

/** Questions refused by a rate limit, by channel. */
export const rateLimitedTotal = new Counter({
  name: "shenbao_rate_limited_total",
  help: "Questions refused by a rate limit, by channel",
  labelNames: ["channel"] as const,
  registers: [registry],
});

/** Feedback votes received, by vote and channel. */
export const feedbackTotal = new Counter({
  name: "shenbao_feedback_total",
  help: "Feedback votes (up, down) received, by channel",
  labelNames: ["vote", "channel"] as const,
  registers: [registry],
});

/**
 * Counts one answer as it is generated: in flight until it settles, the time to its first text and to
 * its end, and its mode. Returns the same stream for the adapter to read.
 */
export function observeAnswer(channel: AnswerChannel, stream: AnswerStream): AnswerStream {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  answersInFlight.inc({ channel });
  stream.answer.then(
    (answer) => {
      answersInFlight.dec({ channel });
      answersTotal.inc({ mode: answer.mode, channel });
      answerSeconds.observe({ channel, mode: answer.mode }, seconds());
    },
    () => answersInFlight.dec({ channel }),
  );
  return {
    answer: stream.answer,
    ...(stream.onStatus ? { onStatus: stream.onStatus.bind(stream) } : {}),
    async *[Symbol.asyncIterator]() {
      let first = true;
      for await (const text of stream) {
        if (first) firstTextSeconds.observe({ channel }, seconds());
        first = false;
        yield text;
      }
    },
  };
}
