/**
 * A loopback OpenAI-compatible chat-completions server for tests.
 *
 * Only `node:http` and built-ins. Listens on 127.0.0.1 with an ephemeral port; point the `openai` SDK at
 * `server.url` (ends in `/v1`, suitable for OPENAI_BASE_URL) with `server.apiKey`.
 *
 * Behaviour is driven by scenarios (see {@link OpenAIServerScenario}); `setScenario` accepts one scenario
 * (applies to every following request) or a queue consumed one per request with the last one repeating.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const DEFAULT_TEST_API_KEY = "sk-test-loopback";
export const DEFAULT_TEST_MODEL = "gpt-test";

/** A chat message as received (loosely typed: content may be a string or an array of parts). */
export interface ChatRequestMessage {
  role: string;
  content?: unknown;
  [key: string]: unknown;
}

/** The parsed JSON body of a POST /v1/chat/completions request (loosely typed). */
export interface ChatRequestBody {
  model?: string;
  messages?: ChatRequestMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  [key: string]: unknown;
}

/** One received chat.completions request. */
export interface RecordedRequest {
  /** Parsed JSON request body. */
  body: ChatRequestBody;
  /** Request headers, lower-cased, without `authorization`. */
  headers: IncomingHttpHeaders;
  /** The scenario that served this request. */
  scenario: OpenAIServerScenario;
  /** Date.now() when the body was fully received. */
  receivedAt: number;
}

export interface ReplyScenario {
  kind: "reply";
  /** The assistant text, or a function computing it from the request body. */
  text: string | ((body: ChatRequestBody, request: RecordedRequest) => string);
  /** Characters (code points) per streamed content chunk; default 8. */
  chunkSize?: number;
  /** Streaming pace; default: no delay between chunks. */
  charsPerSecond?: number;
  /** Default true: include usage (non-stream always; stream when `stream_options.include_usage`). */
  usage?: boolean;
  /** Streaming pace in chunks per second, each chunk one token (overrides charsPerSecond). */
  tokensPerSecond?: number;
  /** Thinking first: `reasoning_content` deltas for this long (ms, before the time scale), then the text. */
  reasoningMs?: number;
  /** The last chunk's finish_reason; default "stop" ("length": cut at max_tokens). */
  finishReason?: "stop" | "length";
  /** Wait this long (ms, before the time scale) before sending the response headers. */
  firstByteDelayMs?: number;
}

export interface StatusScenario {
  kind: "status";
  status: 401 | 429 | 500 | 503;
  /** Sent as the `retry-after` header (seconds). 429 defaults to 1. */
  retryAfterSeconds?: number;
}

/** Accept the request and never send headers (held until close or client disconnect). */
export interface NoHeadersScenario {
  kind: "no-headers";
}

/** Stream the first `afterChars` characters, then go silent forever (connection stays open). */
export interface StallScenario {
  kind: "stall";
  text: string;
  afterChars: number;
  /** Characters per chunk before the stall; default 8. */
  chunkSize?: number;
}

/** Send 200 headers, then a few unparseable `data:` events / garbage lines, then end. */
export interface MalformedScenario {
  kind: "malformed";
}

/** A stream with a role chunk and finish_reason "stop" but no content (non-stream: content ""). */
export interface EmptyScenario {
  kind: "empty";
}

/** Reply with a text listing the system/user messages and their content lengths, e.g. "system:12 user:5". */
export interface EchoScenario {
  kind: "echo";
}

export type OpenAIServerScenario =
  | ReplyScenario
  | StatusScenario
  | NoHeadersScenario
  | StallScenario
  | MalformedScenario
  | EmptyScenario
  | EchoScenario;

export interface OpenAIServerOptions {
  /** The accepted bearer key; default "sk-test-loopback". */
  apiKey?: string;
  /** Initial scenario (or queue); default `{ kind: "reply", text: "Hello from the test server." }`. */
  scenario?: OpenAIServerScenario | OpenAIServerScenario[];
  /** Model ids returned by GET /v1/models; default ["gpt-test"]. */
  models?: string[];
  /**
   * Every pause (pace, reasoning, first byte) is multiplied by this; default 1 (real speed). 0.05 replays
   * a 20-second think in one second, so tests stay short while the benchmark keeps real speed.
   */
  timeScale?: number;
  /**
   * Models that behave like OpenAI's o-series and GPT-5: a request with `max_tokens` or a temperature
   * other than 1 gets OpenAI's HTTP 400 (unsupported_parameter / unsupported_value).
   */
  strictModels?: RegExp;
}

export interface OpenAITestServer {
  /** Base URL ending in /v1, e.g. "http://127.0.0.1:54321/v1". */
  url: string;
  /** The accepted API key. */
  apiKey: string;
  /** Authorized chat.completions requests, in arrival order (mutable; `requests.length = 0` to reset). */
  requests: RecordedRequest[];
  /** Change the time scale of following pauses (see {@link OpenAIServerOptions.timeScale}). */
  setTimeScale(scale: number): void;
  /** Replace the scenario: one scenario applies to all following requests; an array is a queue, last repeats. */
  setScenario(scenario: OpenAIServerScenario | OpenAIServerScenario[]): void;
  /** The most recent recorded request, if any. */
  lastRequest(): RecordedRequest | undefined;
  /** Resolve with `requests` once at least `n` have been recorded; reject after `timeoutMs` (default 2000). */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Stop listening and destroy all open connections (including held/streaming ones). Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_SCENARIO: OpenAIServerScenario = { kind: "reply", text: "Hello from the test server." };

interface Waiter {
  n: number;
  resolve: (requests: RecordedRequest[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function errorBody(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

function maskKey(key: string): string {
  if (key.length <= 8) return key ? `${key.slice(0, 2)}***` : "";
  return `${key.slice(0, 3)}***${key.slice(-4)}`;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string"
          ? (part as { text: string }).text
          : "",
      )
      .join("");
  }
  return "";
}

function estimateTokens(chars: number): number {
  return chars === 0 ? 0 : Math.max(1, Math.ceil(chars / 4));
}

function splitChars(text: string, size: number): string[] {
  const chars = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += step) out.push(chars.slice(i, i + step).join(""));
  return out;
}

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAITestServer> {
  const apiKey = options.apiKey ?? DEFAULT_TEST_API_KEY;
  const models = options.models ?? [DEFAULT_TEST_MODEL];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<Waiter>();
  let queue: OpenAIServerScenario[] = [];
  let closed = false;
  let counter = 0;
  let timeScale = options.timeScale ?? 1;

  const setScenario = (scenario: OpenAIServerScenario | OpenAIServerScenario[]): void => {
    const next = Array.isArray(scenario) ? [...scenario] : [scenario];
    if (next.length === 0) throw new Error("setScenario: empty scenario queue");
    queue = next;
  };
  setScenario(options.scenario ?? DEFAULT_SCENARIO);

  const nextScenario = (): OpenAIServerScenario => {
    const scenario = queue.length > 1 ? queue.shift() : queue[0];
    return scenario ?? DEFAULT_SCENARIO;
  };

  const sleep = (unscaled: number): Promise<void> =>
    new Promise((resolve) => {
      const ms = unscaled * timeScale;
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const notifyWaiters = (): void => {
    for (const waiter of waiters) {
      if (requests.length >= waiter.n) {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        waiter.resolve(requests);
      }
    }
  };

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (res.destroyed || res.writableEnded) return;
    const payload = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
      "x-request-id": `req_test_${++counter}`,
      ...headers,
    });
    res.end(payload);
  };

  const gone = (res: ServerResponse): boolean => closed || res.destroyed || res.writableEnded;

  const startSse = (res: ServerResponse): void => {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-request-id": `req_test_${++counter}`,
    });
    res.flushHeaders();
  };

  const writeEvent = (res: ServerResponse, data: unknown): void => {
    if (gone(res)) return;
    res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  };

  const authorize = (req: IncomingMessage, res: ServerResponse): boolean => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(.*)$/i.exec(header);
    const given = match?.[1]?.trim() ?? "";
    if (given === apiKey) return true;
    const message = given
      ? `Incorrect API key provided: ${maskKey(given)}. You can find your API key at https://platform.openai.com/account/api-keys.`
      : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    sendJson(res, 401, errorBody(message, "invalid_request_error", given ? "invalid_api_key" : null));
    return false;
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  const handleStatus = (
    res: ServerResponse,
    scenario: StatusScenario,
    body: ChatRequestBody,
    key: string,
  ) => {
    const headers: Record<string, string> = {};
    const retryAfter = scenario.retryAfterSeconds ?? (scenario.status === 429 ? 1 : undefined);
    if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
    const model = body.model ?? DEFAULT_TEST_MODEL;
    switch (scenario.status) {
      case 401:
        sendJson(
          res,
          401,
          errorBody(
            `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            "invalid_request_error",
            "invalid_api_key",
          ),
          headers,
        );
        return;
      case 429:
        sendJson(
          res,
          429,
          errorBody(
            `Rate limit reached for ${model} in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${retryAfter ?? 1}s.`,
            "requests",
            "rate_limit_exceeded",
          ),
          headers,
        );
        return;
      case 500:
        sendJson(
          res,
          500,
          errorBody("The server had an error while processing your request.", "server_error", null),
          headers,
        );
        return;
      case 503:
        sendJson(
          res,
          503,
          errorBody("The engine is currently overloaded, please try again later.", "server_error", null),
          headers,
        );
        return;
    }
  };

  const echoText = (body: ChatRequestBody): string =>
    (body.messages ?? [])
      .filter((m) => m.role === "system" || m.role === "developer" || m.role === "user")
      .map((m) => `${m.role}:${Array.from(textOf(m.content)).length}`)
      .join(" ");

  const promptTokens = (body: ChatRequestBody): number =>
    estimateTokens((body.messages ?? []).reduce((sum, m) => sum + textOf(m.content).length, 0));

  const handleCompletion = async (res: ServerResponse, recorded: RecordedRequest): Promise<void> => {
    const { body, scenario } = recorded;
    const id = `chatcmpl-test${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? DEFAULT_TEST_MODEL;
    const stream = body.stream === true;
    const includeUsage = stream && body.stream_options?.include_usage === true;

    if (options.strictModels?.test(model)) {
      if (body.max_tokens !== undefined) {
        sendJson(res, 400, {
          error: {
            message:
              "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            type: "invalid_request_error",
            param: "max_tokens",
            code: "unsupported_parameter",
          },
        });
        return;
      }
      if (body.temperature !== undefined && body.temperature !== 1) {
        sendJson(res, 400, {
          error: {
            message: `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`,
            type: "invalid_request_error",
            param: "temperature",
            code: "unsupported_value",
          },
        });
        return;
      }
    }
    if (scenario.kind === "reply" && scenario.firstByteDelayMs) {
      await sleep(scenario.firstByteDelayMs);
      if (gone(res)) return;
    }

    let text: string;
    let chunkSize = 8;
    let tokensPerSecond: number | undefined;
    let charsPerSecond: number | undefined;
    let withUsage = true;
    switch (scenario.kind) {
      case "no-headers":
        return; // hold: never respond; close() destroys the socket
      case "status":
        handleStatus(res, scenario, body, apiKey);
        return;
      case "malformed":
        if (!stream) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"id": "chatcmpl-broken", "choices": [{not json');
          return;
        }
        startSse(res);
        res.write("this is not an sse line\n");
        res.write("data: {not json\n\n");
        res.write('data: {"choices": [\n\n');
        res.write("garbage\n\n");
        res.end();
        return;
      case "empty":
        text = "";
        break;
      case "echo":
        text = echoText(body);
        break;
      case "reply":
        text = typeof scenario.text === "function" ? scenario.text(body, recorded) : scenario.text;
        chunkSize = scenario.chunkSize ?? 8;
        charsPerSecond = scenario.charsPerSecond;
        tokensPerSecond = scenario.tokensPerSecond;
        withUsage = scenario.usage ?? true;
        break;
      case "stall":
        text = scenario.text;
        chunkSize = scenario.chunkSize ?? 8;
        break;
    }

    const usage = {
      prompt_tokens: promptTokens(body),
      completion_tokens: estimateTokens(text.length),
      total_tokens: promptTokens(body) + estimateTokens(text.length),
    };

    if (!stream) {
      if (scenario.kind === "stall") {
        // Headers, then a truncated body, then silence.
        res.writeHead(200, { "content-type": "application/json" });
        res.write(`{"id":"${id}","object":"chat.completion",`);
        return;
      }
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
        ...(withUsage ? { usage } : {}),
        system_fingerprint: null,
      });
      return;
    }

    const sendUsage = includeUsage && withUsage;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(sendUsage ? { usage: null } : {}),
    });

    startSse(res);
    writeEvent(
      res,
      chunk(scenario.kind === "empty" ? { role: "assistant" } : { role: "assistant", content: "" }, null),
    );

    const sendPieces = async (pieces: string[]): Promise<void> => {
      for (const piece of pieces) {
        if (gone(res)) return;
        if (tokensPerSecond && tokensPerSecond > 0) {
          await sleep(1000 / tokensPerSecond);
          if (gone(res)) return;
        } else if (charsPerSecond && charsPerSecond > 0) {
          await sleep((Array.from(piece).length / charsPerSecond) * 1000);
          if (gone(res)) return;
        }
        writeEvent(res, chunk({ content: piece }, null));
      }
    };

    if (scenario.kind === "stall") {
      const head = Array.from(text).slice(0, Math.max(0, scenario.afterChars)).join("");
      await sendPieces(splitChars(head, chunkSize));
      return; // go silent; connection stays open until the client aborts or close()
    }

    if (scenario.kind === "reply" && scenario.reasoningMs) {
      // A thinking model (DeepSeek-reasoner, Qwen3): reasoning deltas every 250 ms, no content yet.
      const thoughts = Math.max(1, Math.round(scenario.reasoningMs / 250));
      for (let i = 0; i < thoughts; i++) {
        await sleep(scenario.reasoningMs / thoughts);
        if (gone(res)) return;
        writeEvent(res, chunk({ content: null, reasoning_content: "思考：比较各方向的申报建议。" }, null));
      }
    }
    await sendPieces(splitChars(text, chunkSize));
    if (gone(res)) return;
    writeEvent(res, chunk({}, scenario.kind === "reply" ? (scenario.finishReason ?? "stop") : "stop"));
    if (sendUsage) {
      writeEvent(res, {
        id,
        object: "chat.completion.chunk",
        created,
        model,
        system_fingerprint: null,
        choices: [],
        usage,
      });
    }
    writeEvent(res, "[DONE]");
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";

    if (method === "POST" && path === "/v1/chat/completions") {
      const raw = await readBody(req);
      if (!authorize(req, res)) return;
      let body: ChatRequestBody;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        body = parsed as ChatRequestBody;
      } catch {
        sendJson(
          res,
          400,
          errorBody(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
            "invalid_request_error",
            null,
          ),
        );
        return;
      }
      const headers: IncomingHttpHeaders = { ...req.headers };
      delete headers.authorization;
      const recorded: RecordedRequest = { body, headers, scenario: nextScenario(), receivedAt: Date.now() };
      requests.push(recorded);
      notifyWaiters();
      await handleCompletion(res, recorded);
      return;
    }

    if (method === "GET" && (path === "/v1/models" || path.startsWith("/v1/models/"))) {
      await readBody(req);
      if (!authorize(req, res)) return;
      const toModel = (id: string) => ({ id, object: "model", created: 1700000000, owned_by: "test" });
      if (path === "/v1/models") {
        sendJson(res, 200, { object: "list", data: models.map(toModel) });
        return;
      }
      const id = decodeURIComponent(path.slice("/v1/models/".length));
      if (models.includes(id)) sendJson(res, 200, toModel(id));
      else
        sendJson(
          res,
          404,
          errorBody(`The model '${id}' does not exist`, "invalid_request_error", "model_not_found", "model"),
        );
      return;
    }

    await readBody(req);
    sendJson(res, 404, errorBody(`Invalid URL (${method} ${path})`, "invalid_request_error", null));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, errorBody(`test server failure: ${message}`, "server_error", null));
    });
  });
  server.on("connection", (socket) => {
    if (closed) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    setScenario,
    setTimeScale(scale: number) {
      timeScale = scale;
    },
    lastRequest: () => requests[requests.length - 1],
    waitForRequests(n: number, timeoutMs = 2000): Promise<RecordedRequest[]> {
      if (requests.length >= n) return Promise.resolve(requests);
      if (closed) return Promise.reject(new Error("openai test server is closed"));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          n,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(
              new Error(`timed out after ${timeoutMs}ms waiting for ${n} request(s); got ${requests.length}`),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const waiter of waiters) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error("openai test server closed"));
        }
        waiters.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
