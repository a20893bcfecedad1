/**
 * The real `npm start` process against a Bot API that fails the way networks and proxies do: not
 * there at all, gone mid-run, a connection dropped after a send was carried out, an error description
 * echoing the token. The process must say one line and exit, stop in time, deliver, and never log a
 * secret.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type BotApiServer, startBotApiServer } from "../support/bot-api-server.ts";
import { freePort, killBotProcesses, spawnBot } from "../support/bot-process.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killBotProcesses();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: BotApiServer; env: Record<string, string> }> {
  const server = await startBotApiServer();
  const dir = mkdtempSync(join(tmpdir(), "faults-"));
  cleanups.push(
    () => server.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  return {
    server,
    env: { TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.url, SESSION_DIR: dir },
  };
}

/** Resolves with the exit code, or with "still running" after `ms`. */
function exitWithin(exited: Promise<number | null>, ms: number): Promise<number | null | "still running"> {
  return Promise.race([
    exited,
    new Promise<"still running">((r) => setTimeout(() => r("still running"), ms)),
  ]);
}

describe("Telegram unreachable", () => {
  it("at start-up: one line naming the cause, exit 1", async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "faults-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const bot = spawnBot({
      TELEGRAM_BOT_TOKEN: "123456:unreachable_token_000000000000000000",
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
      SESSION_DIR: dir,
      LOG_LEVEL: "silent",
    });
    expect(await exitWithin(bot.exited, 45_000)).toBe(1);
    const lines = bot.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^申报助手: could not reach the Telegram Bot API/);
    expect(bot.stderr()).not.toContain("unreachable_token");
  }, 60_000);

  it("mid-run: SIGTERM still stops the process within SHUTDOWN_GRACE_MS", async () => {
    const { server, env } = await setup();
    const bot = spawnBot({ ...env, SHUTDOWN_GRACE_MS: "3000" });
    await bot.waitForLog("bot started (long polling)");
    // An update taken, so the stop has one to confirm with a last getUpdates.
    server.sendText({ chatId: 1001, text: "/help" });
    await server.waitForMessage(1001, /./, { timeoutMs: 20_000 });
    await server.waitForPollers(1, { timeoutMs: 10_000 });
    await server.close();
    await new Promise((r) => setTimeout(r, 300));
    bot.child.kill("SIGTERM");
    // A margin for the process itself; before, the stop retried the confirming getUpdates forever.
    expect(await exitWithin(bot.exited, 15_000)).toBe(0);
  });
});

describe("delivery", () => {
  it("a send whose connection dropped after Telegram carried it out is delivered (at least once), and logged as possibly doubled", async () => {
    const { server, env } = await setup();
    const bot = spawnBot(env);
    await bot.waitForLog("bot started (long polling)");
    server.dropResponseNext("sendMessage");
    server.sendText({ chatId: 1001, text: "我们做无人机专利预警，报哪个方向？" });
    await server.waitForMessage(1001, /方向3/, { timeoutMs: 20_000 });
    const line = await bot.waitForLog(/may have (been )?(delivered|sent)/, 20_000);
    expect(line.method).toBe("sendMessage");
    const copies = server.messages(1001).filter((m) => m.text?.includes("方向3"));
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(copies.length).toBeLessThanOrEqual(2);
  });
});

describe("secrets in logs", () => {
  it("a refusal whose description echoes the token, and an error carrying it, never print it", async () => {
    const { server, env } = await setup();
    const bot = spawnBot({ ...env, LOG_LEVEL: "debug" });
    await bot.waitForLog("bot started (long polling)");
    server.failNext("sendMessage", {
      status: 400,
      description: `Bad Request: /bot${server.token}/sendMessage`,
    });
    server.failNext("sendMessage", {
      status: 404,
      description: `Not Found: ${server.url}/bot${server.token}/x`,
    });
    server.sendText({ chatId: 1001, text: "/start" });
    await bot.waitForLog("Telegram refused a call", 20_000);
    server.sendText({ chatId: 1001, text: "/help" });
    await server.waitForMessage(1001, /./, { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.stderr()).toContain("Telegram refused a call");
    expect(bot.stderr()).not.toContain(server.token);
    expect(bot.stderr()).not.toContain(server.token.split(":")[1]);
  });
});

describe("npm start", () => {
  it("SIGTERM to `npm start` stops node too (dash runs the script)", async () => {
    const { server, env } = await setup();
    const child: ChildProcess = spawn("npm", ["start"], {
      env: { ...process.env, OPENAI_API_KEY: "", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    cleanups.push(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {}
    });
    await server.waitForPollers(1, { timeoutMs: 30_000 });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    await exitWithin(exited, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    // Nothing of the group is left: no node still polling.
    const left = spawnSync("ps", ["-o", "pid=,args=", "-g", String(child.pid)], {
      encoding: "utf8",
    }).stdout.trim();
    expect(left).toBe("");
    const polls = server.callsOf("getUpdates").length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(server.callsOf("getUpdates").length).toBe(polls);
  });
});
