import OpenAI, {
  APIConnectionTimeoutError,
  AuthenticationError,
  InternalServerError,
  RateLimitError,
} from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAIServer } from "./openai-server.ts";

describe("openai test server", () => {
  let server: OpenAITestServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startOpenAIServer();
    client = new OpenAI({
      apiKey: server.apiKey,
      baseURL: server.url,
      maxRetries: 0,
      timeout: 2000,
      logLevel: "off",
    });
  });

  afterEach(() => {
    server.setScenario({ kind: "reply", text: "Hello from the test server." });
    server.requests.length = 0;
  });

  afterAll(async () => {
    await server.close();
  });

  const messages = [
    { role: "system" as const, content: "You are terse." },
    { role: "user" as const, content: "Say hi" },
  ];

  it("streams a reply in chunks and reports usage", async () => {
    const text = "你好，世界! This is a streamed reply with several chunks.";
    server.setScenario({ kind: "reply", text, chunkSize: 5 });
    const stream = await client.chat.completions.create({
      model: "gpt-test",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let out = "";
    let contentChunks = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      expect(chunk.id).toMatch(/^chatcmpl-/);
      expect(chunk.model).toBe("gpt-test");
      const choice = chunk.choices[0];
      if (choice?.delta.content) {
        out += choice.delta.content;
        contentChunks++;
      }
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) {
        expect(chunk.choices).toEqual([]);
        usage = chunk.usage;
      }
    }
    expect(out).toBe(text);
    expect(contentChunks).toBe(Math.ceil(Array.from(text).length / 5));
    expect(finish).toBe("stop");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));

    const recorded = server.lastRequest();
    expect(recorded?.body.stream).toBe(true);
    expect(recorded?.body.messages).toEqual(messages);
    expect(recorded?.headers.authorization).toBeUndefined();
    expect(recorded?.headers["content-type"]).toContain("application/json");
  });

  it("omits usage when the client did not ask for it, and paces with charsPerSecond", async () => {
    server.setScenario({ kind: "reply", text: "abcdefghij", chunkSize: 5, charsPerSecond: 50 });
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: "gpt-test", messages, stream: true });
    let out = "";
    for await (const chunk of stream) {
      expect(chunk.usage).toBeUndefined();
      out += chunk.choices[0]?.delta.content ?? "";
    }
    expect(out).toBe("abcdefghij");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("serves non-streaming completions with usage, including a text function", async () => {
    server.setScenario({ kind: "reply", text: (body) => `model=${body.model} n=${body.messages?.length}` });
    const completion = await client.chat.completions.create({ model: "gpt-test", messages });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toBe("model=gpt-test n=2");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("consumes a scenario queue one per request, repeating the last", async () => {
    server.setScenario([
      { kind: "reply", text: "one" },
      { kind: "reply", text: "two" },
    ]);
    const texts: (string | null | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await client.chat.completions.create({ model: "gpt-test", messages });
      texts.push(c.choices[0]?.message.content);
    }
    expect(texts).toEqual(["one", "two", "two"]);
    expect(server.requests).toHaveLength(3);
  });

  it("echo lists system/user message lengths", async () => {
    server.setScenario({ kind: "echo" });
    const c = await client.chat.completions.create({ model: "gpt-test", messages });
    expect(c.choices[0]?.message.content).toBe("system:14 user:6");
  });

  it("rejects a wrong key with 401 AuthenticationError", async () => {
    const bad = new OpenAI({
      apiKey: "sk-wrong-key-123456",
      baseURL: server.url,
      maxRetries: 0,
      timeout: 2000,
    });
    const error = await bad.chat.completions.create({ model: "gpt-test", messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as AuthenticationError).code).toBe("invalid_api_key");
    expect((error as AuthenticationError).message).toContain("Incorrect API key provided");
    expect(server.requests).toHaveLength(0);
  });

  it("status 401 scenario → AuthenticationError", async () => {
    server.setScenario({ kind: "status", status: 401 });
    await expect(client.chat.completions.create({ model: "gpt-test", messages })).rejects.toMatchObject({
      constructor: AuthenticationError,
      status: 401,
    });
  });

  it("status 429 → RateLimitError with retry-after visible", async () => {
    server.setScenario({ kind: "status", status: 429, retryAfterSeconds: 7 });
    const error = await client.chat.completions
      .create({ model: "gpt-test", messages, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const rate = error as RateLimitError;
    expect(rate.status).toBe(429);
    expect(rate.headers?.get("retry-after")).toBe("7");
    expect(rate.code).toBe("rate_limit_exceeded");
    expect(rate.type).toBe("requests");
  });

  it("status 500 → InternalServerError; 503 → status 503", async () => {
    server.setScenario([
      { kind: "status", status: 500 },
      { kind: "status", status: 503 },
    ]);
    const e500 = await client.chat.completions
      .create({ model: "gpt-test", messages })
      .catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(InternalServerError);
    expect((e500 as InternalServerError).message).toContain("The server had an error");
    const e503 = await client.chat.completions
      .create({ model: "gpt-test", messages })
      .catch((e: unknown) => e);
    expect(e503).toBeInstanceOf(InternalServerError);
    expect((e503 as InternalServerError).status).toBe(503);
  });

  it("no-headers → APIConnectionTimeoutError within the timeout", async () => {
    server.setScenario({ kind: "no-headers" });
    const started = Date.now();
    const error = await client.chat.completions
      .create({ model: "gpt-test", messages, stream: true }, { timeout: 500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  it("stall → yields the first part, then hangs until aborted", async () => {
    server.setScenario({
      kind: "stall",
      text: "The quick brown fox jumps over the lazy dog",
      afterChars: 19,
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    let out = "";
    let finish: string | null = null;
    let caught: unknown;
    const started = Date.now();
    try {
      const stream = await client.chat.completions.create(
        { model: "gpt-test", messages, stream: true },
        { signal: controller.signal },
      );
      for await (const chunk of stream) {
        out += chunk.choices[0]?.delta.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
    } catch (e) {
      caught = e;
    } finally {
      clearTimeout(timer);
    }
    const elapsed = Date.now() - started;
    expect(out).toBe("The quick brown fox");
    expect(finish).toBeNull();
    expect(controller.signal.aborted).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
    // The abort is the AbortError on the signal; openai v6's stream iterator swallows it and ends iteration
    // silently (see Stream.fromSSEResponse: `if (isAbortError(e)) return;`), so nothing is thrown here.
    expect((controller.signal.reason as Error).name).toBe("AbortError");
    expect(caught).toBeUndefined();
  });

  it("malformed → the SDK throws while iterating", async () => {
    server.setScenario({ kind: "malformed" });
    const consume = async () => {
      const stream = await client.chat.completions.create({ model: "gpt-test", messages, stream: true });
      for await (const _chunk of stream) {
        // drain
      }
    };
    await expect(consume()).rejects.toThrow();
  });

  it("empty → role chunk and stop, zero content", async () => {
    server.setScenario({ kind: "empty" });
    const stream = await client.chat.completions.create({ model: "gpt-test", messages, stream: true });
    let out = "";
    let role: string | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      out += chunk.choices[0]?.delta.content ?? "";
      role ??= chunk.choices[0]?.delta.role;
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(out).toBe("");
    expect(role).toBe("assistant");
    expect(finish).toBe("stop");
  });

  it("lists models", async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(["gpt-test"]);
  });

  it("waitForRequests resolves when enough requests arrived and times out otherwise", async () => {
    const waiting = server.waitForRequests(2, 1000);
    await client.chat.completions.create({ model: "gpt-test", messages });
    await client.chat.completions.create({ model: "gpt-test", messages });
    await expect(waiting).resolves.toHaveLength(2);
    await expect(server.waitForRequests(3, 50)).rejects.toThrow(/timed out/);
  });
});

describe("close()", () => {
  it("closes promptly with open streaming and held connections", async () => {
    const server = await startOpenAIServer({
      scenario: { kind: "stall", text: "partial text here", afterChars: 7 },
    });
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.url, maxRetries: 0, timeout: 5000 });
    const stream = await client.chat.completions.create({ model: "gpt-test", messages: [], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // role chunk
    server.setScenario({ kind: "no-headers" });
    const held = client.chat.completions.create({ model: "gpt-test", messages: [] }).catch((e: unknown) => e);
    await server.waitForRequests(2, 1000);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    const drained = (async () => {
      try {
        while (!(await iterator.next()).done) {
          // drain
        }
        return "ended";
      } catch {
        return "threw";
      }
    })();
    await expect(drained).resolves.toMatch(/ended|threw/);
    expect(await held).toBeInstanceOf(Error);
  });
});

describe("openai test server: providers' quirks and pace", () => {
  let server: OpenAITestServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startOpenAIServer({ strictModels: /^o\d/, timeScale: 0.01 });
    client = new OpenAI({ apiKey: server.apiKey, baseURL: server.url, maxRetries: 0, logLevel: "off" });
  });
  afterAll(async () => {
    await server.close();
  });

  const messages = [{ role: "user" as const, content: "hi" }];

  it("answers a strict model's max_tokens and temperature with OpenAI's HTTP 400s", async () => {
    await expect(
      client.chat.completions.create({ model: "o4-mini", messages, max_tokens: 10 }),
    ).rejects.toMatchObject({ status: 400, code: "unsupported_parameter" });
    await expect(
      client.chat.completions.create({
        model: "o4-mini",
        messages,
        max_completion_tokens: 10,
        temperature: 0.3,
      }),
    ).rejects.toMatchObject({ status: 400, code: "unsupported_value" });
    const ok = await client.chat.completions.create({
      model: "o4-mini",
      messages,
      max_completion_tokens: 10,
    });
    expect(ok.choices[0]?.message.content).toBeTruthy();
  });

  it("streams reasoning_content first, then the text, and the finish reason asked for", async () => {
    server.setScenario({ kind: "reply", text: "答案。", reasoningMs: 20_000, finishReason: "length" });
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: "gpt-test", messages, stream: true });
    const kinds: string[] = [];
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string };
      if (delta?.reasoning_content) kinds.push("reasoning");
      if (delta?.content) kinds.push("text");
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    // 20 s of thinking at a hundredth of real time.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(kinds.indexOf("text")).toBeGreaterThan(kinds.lastIndexOf("reasoning"));
    expect(kinds.filter((k) => k === "reasoning").length).toBe(80);
    expect(finish).toBe("length");
  });
});
