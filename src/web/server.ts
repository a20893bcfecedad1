import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Assistant } from "../answer/assistant.ts";
import type { Config } from "../config.ts";
import { registry } from "../metrics.ts";
import type { FeedbackStore } from "../ports/feedback.ts";
import { handleAdminApi } from "./admin.ts";
import { handleApi } from "./api.ts";
import { handleChatApi } from "./chat.ts";
import { HttpProblem, SECURITY_HEADERS, sendJson } from "./http.ts";
import type { QuestionLimiter } from "./limits.ts";
import type { PageAssets } from "./page.ts";

/** What the web server needs: the same assistant and stores as the bot. */
export interface WebDeps {
  assistant: Assistant;
  config: Config;
  logger: Logger;
  feedback: FeedbackStore;
  limiter: QuestionLimiter;
  page: PageAssets;
}

/** How long a client may take to send a request; answers stream for longer, which is fine. */
export interface RequestTimeouts {
  /** Headers must arrive within this… */
  headersMs: number;
  /** …and the whole request, body included, within this. */
  requestMs: number;
  /** How often Node checks the two (its default, 30 s, would let a slow client hold a socket that long). */
  checkEveryMs: number;
}
const TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 2_000 };
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_CONNECTIONS = 512;

/** Nothing on the page comes from anywhere else: no CDN, fonts or trackers, so it works on a closed network. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Browser-based chat front-ends (LobeChat, NextChat) call /v1 from another origin with a bearer key. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-max-age": "600",
};

/**
 * The HTTP server: the web chat at `/`, its endpoints under `/api`, the OpenAI-compatible API under
 * `/v1`, the admin page at `/admin`, and `/metrics`. Every request is bounded (header and request
 * timeouts, header and body sizes); every refusal is a JSON error in OpenAI's shape.
 */
export function createWebServer(deps: WebDeps, timeouts: RequestTimeouts = TIMEOUTS): Server {
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    (req, res) => {
      route(req, res, deps).catch((error: unknown) => fail(res, error, deps.logger));
    },
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = MAX_CONNECTIONS;
  return server;
}

/** Listens on HOST:WEB_PORT; resolves with the port (0 picks a free one, for tests). */
export async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function route(req: IncomingMessage, res: ServerResponse, deps: WebDeps): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path.startsWith("/v1/")) {
    for (const [name, value] of Object.entries(CORS)) res.setHeader(name, value);
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    return handleApi(req, res, path, deps);
  }
  if (path.startsWith("/api/")) return handleChatApi(req, res, path, deps);
  if (path.startsWith("/admin/api/")) return handleAdminApi(req, res, path, deps);
  if (req.method !== "GET" && req.method !== "HEAD")
    throw new HttpProblem(405, `${req.method} is not allowed here.`, "method_not_allowed");
  if (path === "/metrics") {
    const text = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
    return void res.end(text);
  }
  if (path === "/healthz") return sendJson(res, 200, { ok: true });
  const file = deps.page.files.get(path === "/" ? "/index.html" : path === "/admin" ? "/admin.html" : path);
  if (!file || path === "/index.html" || path === "/admin.html")
    throw new HttpProblem(404, `Nothing at ${path}.`, "not_found");
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": file.type,
    "content-length": file.body.length,
    "content-security-policy": PAGE_POLICY,
    "cache-control": path.startsWith("/assets/") ? "no-cache" : "no-store",
  });
  res.end(req.method === "HEAD" ? undefined : file.body);
}

/** A refusal in OpenAI's error shape; anything unexpected is logged (no stack) and worded generically. */
function fail(res: ServerResponse, error: unknown, logger: Logger): void {
  const problem =
    error instanceof HttpProblem
      ? error
      : new HttpProblem(
          500,
          "The server could not answer; please try again.",
          "internal_error",
          "server_error",
        );
  if (!(error instanceof HttpProblem))
    logger.error({ reason: (error as Error)?.message }, "web request failed");
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Record<string, string> = problem.status === 429 ? { "retry-after": "60" } : {};
  sendJson(
    res,
    problem.status,
    { error: { message: problem.message, type: problem.type, param: null, code: problem.code } },
    headers,
  );
}
