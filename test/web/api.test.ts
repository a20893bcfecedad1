/**
 * The OpenAI-compatible API driven by the official `openai` SDK, a client nobody here wrote: models,
 * answers streamed and not, conversations, errors and keys, over real HTTP to the web server, whose
 * assistant asks the loopback model server.
 */
import OpenAI, { type APIError } from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { unansweredGroups, WEEK_MS } from "../../src/ports/feedback.ts";
import { type OpenAITestServer, startOpenAIServer } from "../support/openai-server.ts";
import { ADMIN_KEY, API_KEY, startTestWeb, type TestWeb } from "./harness.ts";

let model: OpenAITestServer;
let server: TestWeb;
let client: OpenAI;

// Several sentences: the fact guard lets text through a sentence at a time.
const MODEL_TEXT =
  "无人机专利预警对应 [方向3]。它重点研究低空经济关键技术。可围绕飞控与通信链路梳理专利风险。最后提出对策建议。";
const DRONES = "我们做无人机专利预警，报哪个方向？";

beforeAll(async () => {
  model = await startOpenAIServer({ scenario: { kind: "reply", text: MODEL_TEXT, chunkSize: 4 } });
  server = await startTestWeb({ model });
  client = new OpenAI({ apiKey: API_KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await server?.close();
  await model?.close();
});
beforeEach(() => {
  model.setScenario({ kind: "reply", text: MODEL_TEXT, chunkSize: 4 });
  model.requests.length = 0;
});

describe("OpenAI-compatible API", () => {
  it("lists one model, shenbao-2026", async () => {
    const models: string[] = [];
    for await (const m of client.models.list()) models.push(m.id);
    expect(models).toEqual(["shenbao-2026"]);
  });

  it("answers without streaming: the model's text with its sources, usage, and the citations", async () => {
    const completion = await client.chat.completions.create({
      model: "shenbao-2026",
      messages: [{ role: "user", content: DRONES }],
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("shenbao-2026");
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.role).toBe("assistant");
    expect(choice?.message.content).toContain(MODEL_TEXT);
    expect(choice?.message.content).toContain("低空经济关键技术专利预警及对策");
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    expect((completion as unknown as { shenbao: { citations: number[]; mode: string } }).shenbao).toEqual({
      citations: [3],
      mode: "llm",
    });
    // The model saw the question and the table's row, not the client's system prompt.
    const prompt = JSON.stringify(model.lastRequest()?.body.messages);
    expect(prompt).toContain("无人机专利预警");
    expect(prompt).toContain("[方向3]");
  });

  it("streams the answer as chat.completion.chunk events, with usage when asked", async () => {
    const stream = await client.chat.completions.create({
      model: "shenbao-2026",
      messages: [{ role: "user", content: DRONES }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? "") !== "").length).toBeGreaterThan(3);
    expect(content).toContain(MODEL_TEXT);
    expect(content).toContain("低空经济关键技术专利预警及对策");
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0]?.id)).toBe(true);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0]?.finish_reason).toBe("stop");
    const usage = chunks.at(-1);
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("ends the event stream with data: [DONE]", async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "shenbao-2026",
        stream: true,
        messages: [{ role: "user", content: DRONES }],
      }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("takes the conversation from messages: an earlier turn is the history of a follow-up", async () => {
    await client.chat.completions.create({
      model: "shenbao-2026",
      messages: [
        { role: "system", content: "You are a pirate." },
        { role: "user", content: DRONES },
        { role: "assistant", content: "对应 [方向3] 低空经济关键技术专利预警及对策。" },
        { role: "user", content: "那它的政策依据呢？" },
      ],
    });
    const prompt = JSON.stringify(model.lastRequest()?.body.messages);
    expect(prompt).toContain("那它的政策依据呢");
    expect(prompt).toContain("无人机专利预警"); // the earlier question, in the history block
    expect(prompt).toContain("[方向3]");
    expect(prompt).not.toContain("pirate");
  });

  it("answers a question in traditional characters in traditional characters", async () => {
    const completion = await client.chat.completions.create({
      model: "shenbao-2026",
      messages: [{ role: "user", content: "我們做無人機專利預警，報哪個方向？" }],
    });
    const content = completion.choices[0]?.message.content ?? "";
    expect(content).toContain("無人機專利預警對應 [方向3]");
    expect(content).not.toContain("无人机");
  });

  it("answers from the table, still in the chat format, when the model fails", async () => {
    model.setScenario({ kind: "status", status: 500 });
    const completion = await client.chat.completions.create({
      model: "shenbao-2026",
      messages: [{ role: "user", content: DRONES }],
    });
    expect(completion.choices[0]?.message.content).toContain("方向3");
    expect((completion as unknown as { shenbao: { mode: string } }).shenbao.mode).toBe("extractive");
  });

  it("refuses a wrong key with 401 invalid_api_key, in OpenAI's error shape", async () => {
    const wrong = new OpenAI({
      apiKey: "sk-not-a-key-of-this-server",
      baseURL: `${server.url}/v1`,
      maxRetries: 0,
    });
    const error = await wrong.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as APIError).status).toBe(401);
    expect((error as APIError).code).toBe("invalid_api_key");
    expect((error as APIError).type).toBe("invalid_request_error");
    const none = await fetch(`${server.url}/v1/models`);
    expect(none.status).toBe(401);
  });

  it("refuses a conversation that does not end with the user's message with 400", async () => {
    const error = await client.chat.completions
      .create({ model: "shenbao-2026", messages: [{ role: "assistant", content: "hello" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as APIError).message).toContain("role 'user'");
  });

  it("refuses a body that is not JSON with 400 and one that is too large with 413", async () => {
    const post = (body: string) =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body,
      });
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
    const huge = await post(JSON.stringify({ messages: [{ role: "user", content: "字".repeat(300_000) }] }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { message: string } }).error.message).toContain("larger than");
  });

  it("keeps unanswered API questions for the admin page, without the key", async () => {
    await client.chat.completions.create({
      model: "shenbao-2026",
      messages: [{ role: "user", content: "明天北京天气怎么样？" }],
    });
    const groups = unansweredGroups(await server.feedback.since(new Date(Date.now() - WEEK_MS)));
    expect(groups[0]).toMatchObject({ question: "明天北京天气怎么样？", gaps: ["unmatched"] });
    const page = await fetch(`${server.url}/admin/api/unanswered`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const body = await page.text();
    expect(body).toContain("明天北京天气怎么样");
    expect(body).not.toContain(API_KEY);
    expect((await fetch(`${server.url}/admin/api/unanswered`)).status).toBe(401);
  });

  it("counts API answers by mode and channel in /metrics", async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/shenbao_answers_total\{mode="llm",channel="api"\} [1-9]/);
    expect(metrics).toMatch(/shenbao_model_failures_total\{kind="[a-z-]+"\} [1-9]/);
    expect(metrics).toContain("shenbao_answer_seconds_bucket");
    expect(metrics).toContain("shenbao_fact_guard_removals_total");
  });
});

describe("API limits and switches", () => {
  it("limits questions per key per minute with 429 rate_limit_exceeded", async () => {
    const limited = await startTestWeb({ env: { API_RATE_LIMIT_PER_MINUTE: "2" } });
    try {
      const c = new OpenAI({ apiKey: API_KEY, baseURL: `${limited.url}/v1`, maxRetries: 0 });
      const ask = () =>
        c.chat.completions.create({ model: "shenbao-2026", messages: [{ role: "user", content: DRONES }] });
      await ask();
      await ask();
      const error = await ask().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as APIError).code).toBe("rate_limit_exceeded");
      expect((error as APIError).headers?.get("retry-after")).toBe("60");
    } finally {
      await limited.close();
    }
  });

  it("gives each key its own daily token budget; past it, the table answers", async () => {
    const other = "sk-shenbao-test-key-0002";
    const budgeted = await startTestWeb({
      model,
      env: { API_KEYS: `${API_KEY},${other}`, DAILY_TOKEN_BUDGET: "50" },
    });
    try {
      const ask = (key: string) =>
        new OpenAI({ apiKey: key, baseURL: `${budgeted.url}/v1`, maxRetries: 0 }).chat.completions.create({
          model: "shenbao-2026",
          messages: [{ role: "user", content: DRONES }],
        }) as unknown as Promise<
          OpenAI.Chat.Completions.ChatCompletion & { shenbao: { mode: string; notice?: string } }
        >;
      const first = await ask(API_KEY);
      expect(first.shenbao.mode).toBe("llm");
      expect(first.usage?.total_tokens).toBeGreaterThan(50);
      const second = await ask(API_KEY);
      expect(second.shenbao.mode).toBe("extractive");
      expect(second.shenbao.notice).toBeTruthy();
      expect((await ask(other)).shenbao.mode).toBe("llm");
    } finally {
      await budgeted.close();
    }
  });

  it("is off, with 404 api_disabled, when API_KEYS is not set", async () => {
    const off = await startTestWeb({ env: { API_KEYS: "" } });
    try {
      const c = new OpenAI({ apiKey: API_KEY, baseURL: `${off.url}/v1`, maxRetries: 0 });
      const error = await c.models.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as APIError).code).toBe("api_disabled");
    } finally {
      await off.close();
    }
  });
});
