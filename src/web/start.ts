import type { Server } from "node:http";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import type { Stores } from "../store/stores.ts";
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
  stores: Pick<Stores, "feedback" | "rateLimits">,
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

/**
 * `npm start` without TELEGRAM_BOT_TOKEN but with WEB_PORT: the web chat and the API alone, on the
 * same stores the bot would use; SIGINT/SIGTERM let answers in flight finish, then exit 0.
 */
export async function serveWeb(assistant: Assistant, config: Config, logger: Logger): Promise<RunningWeb> {
  const { openStores } = await import("../store/stores.ts");
  const { QUESTION_WINDOW_MS } = await import("../bot/index.ts");
  let stores: Stores;
  try {
    stores = await openStores(config, logger, QUESTION_WINDOW_MS);
  } catch (error) {
    return exitWith(logger, (error as Error).message);
  }
  assistant.useBudget(stores.budget);
  let web: RunningWeb;
  try {
    web = await startWeb(assistant, config, logger, stores);
  } catch (error) {
    await stores.close();
    const reason =
      (error as NodeJS.ErrnoException).code === "EADDRINUSE"
        ? `WEB_PORT ${config.WEB_PORT} is already in use`
        : `could not start the web server: ${(error as Error).message}`;
    return exitWith(logger, reason);
  }
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(0);
    stopping = true;
    logger.info({ signal }, "signal received");
    web
      .stop()
      .then(() => stores.close())
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return web;
}

function exitWith(logger: Logger, reason: string): never {
  logger.fatal(reason);
  process.stderr.write(`申报助手: ${reason}\n`);
  process.exit(1);
}
