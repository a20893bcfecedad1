/**
 * Restarts of the real `npm start` process (long polling, sessions in files) against the loopback Bot
 * API server and the loopback OpenAI server streaming at a reader's pace. Whatever stops the bot
 * (SIGTERM mid-answer, a grace period too short, SIGKILL), every question is answered exactly once
 * and the conversation goes on.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killBotProcesses, spawnBot } from "../support/bot-process.ts";
import { answering, answers, ask, history, QUESTIONS, send, world } from "./world.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killBotProcesses();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("restarts with long polling (sessions in files)", () => {
  it("a restart mid-conversation and during an answer loses nothing, answers nothing twice, and the conversation goes on", async () => {
    const { server, openai, env } = await world(cleanups);
    const chat = 4001;
    const first = spawnBot(env);
    await first.waitForLog("taking updates");
    await ask(server, chat, QUESTIONS[0] ?? "");

    send(server, chat, QUESTIONS[1] ?? "");
    await answering(server, chat);
    const exiting = first.stop("SIGTERM");
    send(server, chat, QUESTIONS[2] ?? ""); // while it stops
    expect(await exiting).toBe(0);
    // The answer in flight was finished; the question sent meanwhile may have been taken too, or not.
    expect(answers(server, chat).length).toBeGreaterThanOrEqual(2);

    const second = spawnBot(env);
    await second.waitForLog("taking updates");
    await server.waitForMessage(
      chat,
      (_, m) => answers(server, chat).length === 3 && m.text?.includes("来源") === true,
      {
        timeoutMs: 20_000,
      },
    );
    await ask(server, chat, QUESTIONS[3] ?? "");
    await server.waitForConfirmed();

    expect(answers(server, chat)).toHaveLength(4);
    expect(openai.requests).toHaveLength(4);
    const remembered = history(openai.requests[3]);
    for (const question of QUESTIONS.slice(0, 3)) expect(remembered).toContain(question);
    expect(await second.stop("SIGTERM")).toBe(0);
  }, 90_000);

  it("an answer cut off by a grace period too short, or by a crash, is given by the next start, once", async () => {
    const { server, openai, env, dir } = await world(cleanups, { SHUTDOWN_GRACE_MS: "200" });
    const chat = 4002;
    const first = spawnBot(env);
    await first.waitForLog("taking updates");
    send(server, chat, QUESTIONS[0] ?? "");
    await answering(server, chat);
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.stderr()).toContain("grace period over");
    expect(answers(server, chat)).toHaveLength(0);

    const second = spawnBot(env);
    await second.waitForLog("taking updates");
    await server.waitForMessage(chat, "来源", { timeoutMs: 20_000 });
    expect(second.stderr()).toContain("handling updates an earlier run took and did not finish");

    send(server, chat, QUESTIONS[1] ?? "");
    await answering(server, chat);
    await second.stop("SIGKILL");

    const third = spawnBot(env);
    await third.waitForLog("taking updates");
    await server.waitForMessage(
      chat,
      (_, m) => answers(server, chat).length === 2 && m.text?.includes("来源") === true,
      {
        timeoutMs: 20_000,
      },
    );
    await server.waitForConfirmed();
    expect(await third.stop("SIGTERM")).toBe(0);

    expect(answers(server, chat)).toHaveLength(2);
    // Two answers were cut off and given again: four model calls, two answers, and the second knew the first.
    expect(openai.requests).toHaveLength(4);
    expect(history(openai.requests[3])).toContain(QUESTIONS[0]);
    expect(readdirSync(join(dir, "updates"))).toEqual([]);
  }, 90_000);
});
