import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type BotApiServer, startBotApiServer } from "../support/bot-api-server.ts";

const children: ChildProcess[] = [];
let server: BotApiServer | undefined;

const sessions = mkdtempSync(join(tmpdir(), "start-sessions-"));
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await server?.close();
  server = undefined;
  rmSync(sessions, { recursive: true, force: true });
});

const baseEnv = { ...process.env, OPENAI_API_KEY: "", LOG_LEVEL: "warn", SESSION_DIR: sessions };

describe("npm start", () => {
  it("without TELEGRAM_BOT_TOKEN and without a terminal exits non-zero naming the variable", () => {
    const result = spawnSync("node", ["scripts/run.mjs", "main"], {
      env: { ...baseEnv, TELEGRAM_BOT_TOKEN: "" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("TELEGRAM_BOT_TOKEN");
  });

  it("in webhook mode without WEBHOOK_URL and WEBHOOK_SECRET exits non-zero naming both", () => {
    const result = spawnSync("node", ["scripts/run.mjs", "main"], {
      env: {
        ...baseEnv,
        TELEGRAM_BOT_TOKEN: "1:x",
        BOT_MODE: "webhook",
        WEBHOOK_URL: "",
        WEBHOOK_SECRET: "",
      },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("WEBHOOK_URL: required when BOT_MODE=webhook");
    expect(result.stderr).toContain("WEBHOOK_SECRET: required when BOT_MODE=webhook");
  });

  it("with a token answers a question over real long polling, then stops cleanly on SIGTERM", async () => {
    server = await startBotApiServer();
    const child = spawn("node", ["scripts/run.mjs", "main"], {
      env: { ...baseEnv, TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    await server.waitForPollers(1, { timeoutMs: 20_000 });
    expect(server.callsOf("setMyCommands").length).toBeGreaterThan(0);

    server.sendText({ chatId: 1001, text: "我们团队做eVTOL和无人机，报哪个方向？" });
    const reply = await server.waitForMessage(1001, /方向3/, { timeoutMs: 20_000 });
    expect(reply.text).toContain("低空经济关键技术专利预警及对策");

    server.sendNonText("sticker", { chatId: 1001 });
    await server.waitForMessage(1001, /文字/, { timeoutMs: 10_000 });

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(server.token);
  });
});
