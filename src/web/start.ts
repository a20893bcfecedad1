import type { Server } from "node:http";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import type { FeedbackStore } from "../ports/feedback.ts";
import type { QuestionCounter } from "../ports/question-counter.ts";
import { QuestionLimiter } from "./limits.ts";
import { buildPage } from "./page.ts";
import { createWebServer, listen, type RequestTimeouts } from "./server.ts";

/** The running web server: its port, and a stop that lets answers in flight finish (up to `graceMs`). */
export interface RunningWeb {
  port: number;
  server: Server;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the web chat, the API and /metrics on HOST:WEB_PORT over the same assistant and stores as
 * the bot. A port in use, or a page that does not build, ends start-up with one line naming it.
 */
export async function startWeb(
  assistant: Assistant,
  config: Config,
  logger: Logger,
  stores: { feedback: FeedbackStore; rateLimits?: QuestionCounter },
  timeouts?: RequestTimeouts,
): Promise<RunningWeb> {
  const page = await buildPage();
  const server = createWebServer(
    {
      assistant,
      config,
      logger,
      feedback: stores.feedback,
      limiter: new QuestionLimiter(stores.rateLimits),
      page,
    },
    timeouts,
  );
  const port = await listen(server, config.HOST, config.WEB_PORT ?? 0);
  logger.info(
    { host: config.HOST, port, api: config.API_KEYS.length > 0, admin: Boolean(config.ADMIN_API_KEY) },
    "web chat and API listening",
  );
  return {
    port,
    server,
    stop: (graceMs = config.SHUTDOWN_GRACE_MS) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs).unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
