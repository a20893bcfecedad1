import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Bot, BotError } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { Config, WebhookConfig } from "../config.ts";
import { describeError } from "../logger.ts";
import { UpdateInProgress } from "../ports/handled-updates.ts";
import type { BotContext } from "./context.ts";
import { ALLOWED_UPDATES, connect, drain, type RunningBot } from "./lifecycle.ts";

/**
 * Telegram gives up on a webhook request after about 60 s and sends the update again. An answer still
 * running at this point (a long answer from a slow or thinking model, bounded by
 * OPENAI_ANSWER_TIMEOUT_MS) is acknowledged and finishes in the background, rather than being started
 * a second time.
 */
const WEBHOOK_TIMEOUT_MS = 50_000;

/** Telegram's updates are small; anything larger is not from Telegram. */
const MAX_BODY_BYTES = 1_000_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error("body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The health endpoint a process manager or load balancer checks: 200 while taking updates, then 503. */
export const HEALTH_PATH = "/healthz";

/** How long the webhook server waits on a client, and how many it serves at once. */
export interface WebhookLimits {
  /** From connecting to the end of the request headers (an idle or trickling connection is closed). */
  headersTimeoutMs: number;
  /** From connecting to the end of the request body (a half-sent body is cut off). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; beyond it new ones are closed at once (file descriptors stay free). */
  maxConnections: number;
  /** How often the server checks the two timeouts above. */
  checkIntervalMs: number;
}

function webhookLimits(config: Config, overrides: Partial<WebhookLimits>): WebhookLimits {
  return {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5_000,
    maxConnections: config.WEBHOOK_MAX_CONNECTIONS,
    checkIntervalMs: 1_000,
    ...overrides,
  };
}

export interface WebhookBot extends RunningBot {
  /** The port it listens on (PORT, or the one the system chose for PORT=0 in tests). */
  port: number;
}

/**
 * Webhook mode: an HTTP server (behind a TLS reverse proxy) that takes Telegram's POSTs on the path of
 * WEBHOOK_URL, checks the secret token, and answers each request once the update is handled, so that
 * Telegram sends an update again if this instance stops before finishing it. Several instances can
 * serve one WEBHOOK_URL; each sets the same webhook at start and never deletes it.
 */
export async function serveWebhook(
  bot: Bot<BotContext>,
  config: WebhookConfig,
  logger: Logger,
  limitOverrides: Partial<WebhookLimits> = {},
): Promise<WebhookBot> {
  const limits = webhookLimits(config, limitOverrides);
  const { WEBHOOK_URL: url, WEBHOOK_SECRET: secret } = config;
  await connect(bot, config, logger);
  const path = new URL(url).pathname;

  let stopping = false;
  let inFlight = 0;
  /**
   * Handles one POST. Not grammY's webhookCallback: on its timeout it leaves the handler's promise
   * unobserved, so a late failure becomes an unhandled rejection (carrying the context, token included)
   * and the answer stops counting as in flight. Here every update is counted until it settles.
   */
  const takeUpdate = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers["x-telegram-bot-api-secret-token"] !== secret) {
      logger.warn({ path }, "webhook request with a wrong secret token refused");
      res.writeHead(401).end();
      return;
    }
    let update: Update;
    try {
      update = JSON.parse(await readBody(req)) as Update;
      if (typeof update?.update_id !== "number") throw new Error("no update_id");
    } catch {
      res.writeHead(400).end();
      return;
    }
    inFlight++;
    let elsewhere = false;
    const task = bot
      .handleUpdate(update)
      .catch(async (error: unknown) => {
        // Another request (or instance) is answering this update: Telegram is to ask again later.
        if (error instanceof BotError && error.error instanceof UpdateInProgress) elsewhere = true;
        // Handled, badly: the user gets the apology, and Telegram must not send the update again.
        else if (error instanceof BotError) await bot.errorHandler(error);
        else throw error;
      })
      .catch((error: unknown) => logger.error({ error: describeError(error) }, "webhook update failed"))
      .finally(() => {
        inFlight--;
      });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([task, new Promise((resolve) => (timer = setTimeout(resolve, WEBHOOK_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (!res.headersSent) res.writeHead(elsewhere ? 503 : 200, elsewhere ? { "retry-after": "5" } : {}).end();
  };
  // Bounded everywhere: a client that connects and sends nothing, trickles its headers or stops
  // mid-body is cut off, idle keep-alive connections close, and connections past the cap are refused,
  // so a flood of idle sockets cannot take the descriptors /healthz and Telegram's posts need.
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => {
      const route = new URL(req.url ?? "/", "http://localhost").pathname;
      if (req.method === "GET" && route === HEALTH_PATH) {
        res.writeHead(stopping ? 503 : 200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: !stopping, mode: "webhook", inFlight }));
      } else if (req.method !== "POST" || route !== path) {
        res.writeHead(404).end();
      } else if (stopping) {
        // Telegram (or the proxy, to another instance) tries again; nothing is taken that cannot be finished.
        res.writeHead(503, { "retry-after": "1", connection: "close" }).end();
      } else {
        takeUpdate(req, res).catch((error: unknown) => {
          logger.error({ error: describeError(error) }, "webhook request failed");
          if (!res.headersSent) res.writeHead(500).end();
        });
      }
    },
  );
  // headersTimeout starts with the first byte; a connection that sends none is closed after as long.
  const awaitingFirstRequest = new WeakMap<object, NodeJS.Timeout>();
  server.on("connection", (socket) => {
    const timer = setTimeout(() => socket.destroy(), limits.headersTimeoutMs);
    timer.unref();
    awaitingFirstRequest.set(socket, timer);
    socket.once("close", () => clearTimeout(timer));
  });
  server.on("request", (req) => clearTimeout(awaitingFirstRequest.get(req.socket)));
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // A connection with no traffic at all (none of the timeouts above runs before a first byte) goes
  // after the longest an answer may keep a request waiting.
  server.timeout = WEBHOOK_TIMEOUT_MS + limits.requestTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  await bot.api.setWebhook(url, {
    secret_token: secret,
    drop_pending_updates: false,
    allowed_updates: ALLOWED_UPDATES,
  });
  logger.info({ port, path }, "bot started (webhook)");

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      logger.info(
        { inFlight, graceMs: config.SHUTDOWN_GRACE_MS },
        "stopping: no new updates, finishing answers in flight",
      );
      server.close();
      server.closeIdleConnections();
      const unfinished = await drain(() => inFlight, config.SHUTDOWN_GRACE_MS);
      if (unfinished > 0) {
        logger.warn({ unfinished }, "grace period over; Telegram sends the unfinished updates again");
        server.closeAllConnections();
      }
      logger.info("bot stopped");
    })();
    return stopped;
  };
  return { port, stop };
}
