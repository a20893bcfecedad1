/**
 * The web server's bounds, over raw sockets and HTTP: a client that sends its request too slowly is
 * cut off, oversized headers are refused, and the page loads nothing from elsewhere.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWeb, type TestWeb } from "./harness.ts";

let server: TestWeb;
beforeAll(async () => {
  server = await startTestWeb({ timeouts: { headersMs: 400, requestMs: 600, checkEveryMs: 100 } });
});
afterAll(() => server?.close());

/** Sends `text` on a raw connection and resolves with everything the server writes before it closes. */
function raw(text: string): Promise<{ reply: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(server.web.port, "127.0.0.1", () => socket.write(text));
    let reply = "";
    socket.on("data", (data) => {
      reply += String(data);
    });
    socket.on("error", reject);
    socket.on("close", () => resolve({ reply, ms: Date.now() - started }));
    setTimeout(() => socket.destroy(new Error("the server never closed the connection")), 5_000).unref();
  });
}

describe("web server bounds", () => {
  it("cuts off a client that never finishes its headers", async () => {
    const { reply, ms } = await raw("GET / HTTP/1.1\r\nHost: x\r\n");
    expect(reply).toContain("408");
    expect(ms).toBeLessThan(3_000);
  });

  it("cuts off a client that never finishes its body", async () => {
    const { reply } = await raw(
      'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"question":',
    );
    expect(reply).toContain("408");
  });

  it("refuses headers larger than 16 KiB with 431", async () => {
    const response = await fetch(`${server.url}/healthz`, { headers: { "x-big": "a".repeat(20_000) } });
    expect(response.status).toBe(431);
  });

  it("serves the page with a policy that allows nothing from elsewhere", async () => {
    const response = await fetch(`${server.url}/`);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    const script = await (await fetch(`${server.url}/assets/app.js`)).text();
    expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it("answers an unknown path with 404 in OpenAI's error shape", async () => {
    const response = await fetch(`${server.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: "Nothing at /nothing-here.",
        type: "invalid_request_error",
        param: null,
        code: "not_found",
      },
    });
  });

  it("refuses a web question past the visitor's rate limit with 429", async () => {
    const limited = await startTestWeb({ env: { WEB_RATE_LIMIT_PER_MINUTE: "1" } });
    try {
      const ask = () =>
        fetch(`${limited.url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question: "方向3" }),
        });
      expect((await ask()).status).toBe(200);
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
    } finally {
      await limited.close();
    }
  });
});
