/**
 * Odd operators and odd users: broken session files, a session folder that refuses writes, strangers
 * outside the allow-list, forged buttons, arguments cut in half. Each case once made a chat fail or
 * leak; here each is driven through `bot.handleUpdate` with the recorder standing in for Telegram.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_CHAT_BACKLOG } from "../../src/bot/fairness.ts";
import type { SessionData } from "../../src/bot/index.ts";
import { FileStorage } from "../../src/store/file-storage.ts";
import { makeImmutable, scratchFolders } from "../support/scratch.ts";
import { callbackUpdate, recordedBot, textUpdate, USER } from "./harness.ts";

const APOLOGY = "抱歉，处理时出了点问题";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const scratch = scratchFolders("hostile-");

describe("echoed arguments", () => {
  it("an argument cut to length never ends in half an emoji", async () => {
    const { bot, recorder } = recordedBot();
    await bot.handleUpdate(textUpdate(`/direction a${"😀".repeat(30)}`));
    expect(recorder.texts).toHaveLength(1);
    expect(recorder.texts[0]).toContain("😀");
    expect(recorder.texts[0]).not.toMatch(LONE_SURROGATE);
  });
});

describe("buttons", () => {
  it("a forged or stale button is answered, so the client's spinner stops", async () => {
    const { bot, recorder } = recordedBot();
    for (const data of ["zzz", "d:999", "t:abc", "pd:77", ""]) {
      recorder.clear();
      await bot.handleUpdate(callbackUpdate(data));
      expect(recorder.of("answerCallbackQuery"), data).toHaveLength(1);
    }
  });
});

describe("the allow-list", () => {
  it("a stranger is refused without a session file being written", async () => {
    const dir = scratch();
    const storage = new FileStorage<SessionData>(dir);
    const { bot, recorder } = recordedBot({ storage, env: { ALLOWED_USER_IDS: "5" } });
    await bot.handleUpdate(textUpdate("无人机专利预警报哪个方向？"));
    await bot.handleUpdate(callbackUpdate("d:3"));
    await bot.handleUpdate(textUpdate("/start"));
    expect(recorder.texts.length).toBeGreaterThan(0);
    expect(recorder.of("answerCallbackQuery")).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("odd session files", () => {
  const sessionFile = (dir: string) => join(dir, `${USER.id}.json`);

  for (const [name, content] of [
    ["a file holding null", "null"],
    ["a value of null", JSON.stringify({ savedAt: Date.now(), value: null })],
    [
      "fields of the wrong types",
      JSON.stringify({ savedAt: Date.now(), value: { history: "x", language: 5 } }),
    ],
    ["turns of the wrong shape", JSON.stringify({ savedAt: Date.now(), value: { history: [null, 3, {}] } })],
    ["a savedAt that is not a number", JSON.stringify({ savedAt: "soon", value: { history: [] } })],
  ] as const) {
    it(`${name}: questions and /reset still work`, async () => {
      const dir = scratch();
      writeFileSync(sessionFile(dir), content);
      const { bot, recorder } = recordedBot({ storage: new FileStorage<SessionData>(dir) });
      await bot.handleUpdate(textUpdate("无人机专利预警报哪个方向？"));
      writeFileSync(sessionFile(dir), content);
      await bot.handleUpdate(textUpdate("/reset"));
      expect(recorder.texts.join("\n")).not.toContain(APOLOGY);
      expect(recorder.texts).toHaveLength(2);
      expect(recorder.texts[0]).toContain("方向3");
    });
  }
});

describe("a session folder that refuses writes", () => {
  it("the answer arrives with no apology after it", async (context) => {
    const dir = scratch();
    const { bot, recorder } = recordedBot({ storage: new FileStorage<SessionData>(dir) });
    if (!makeImmutable(dir)) context.skip("chattr +i is not available here");
    await bot.handleUpdate(textUpdate("无人机专利预警报哪个方向？"));
    expect(recorder.texts).toHaveLength(1);
    expect(recorder.texts[0]).toContain("方向3");
    expect(recorder.texts.join("\n")).not.toContain(APOLOGY);
  });

  it("a write that fails leaves no temporary file behind", async () => {
    const dir = scratch();
    const storage = new FileStorage<SessionData>(dir);
    // The session's own path is taken by a folder: the temporary file is written, the rename fails.
    mkdirSync(join(dir, "7.json", "x"), { recursive: true });
    await expect(storage.write("7", { history: [] })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["7.json"]);
  });
});

describe("fairness", () => {
  it("one chat flooding with commands gets a bounded backlog and one notice; another user is answered meanwhile", async () => {
    const { bot, recorder } = recordedBot();
    const flooder = { id: 7001 };
    const flood = Array.from({ length: 40 }, () =>
      bot.handleUpdate(textUpdate("/direction 3", { from: flooder })),
    );
    const other = bot.handleUpdate(textUpdate("/direction 4", { from: { id: 7002 } }));
    await other;
    // The other user's answer did not wait for the flood to be worked off.
    const flooderSoFar = recorder.of("sendMessage").filter((p) => p.chat_id === 7001).length;
    expect(flooderSoFar).toBeLessThan(10);
    await Promise.all(flood);
    const toFlooder = recorder
      .of("sendMessage")
      .filter((p) => p.chat_id === 7001)
      .map((p) => String(p.text));
    expect(toFlooder.length).toBeLessThanOrEqual(MAX_CHAT_BACKLOG + 1);
    expect(toFlooder.at(-1)).toMatch(/36 条没有处理/);
    expect(toFlooder.at(-1)).toContain("「/direction 3」");
  });

  it("commands and buttons are limited per user: a button over the limit is answered, commands are told once", async () => {
    const { bot, recorder } = recordedBot({ env: { COMMANDS_PER_MINUTE: "2" } });
    const from = { id: 7003 };
    for (let i = 0; i < 4; i++) await bot.handleUpdate(textUpdate("/direction 3", { from }));
    await bot.handleUpdate(callbackUpdate("d:3", { from }));
    const texts = recorder.of("sendMessage").map((p) => String(p.text));
    expect(texts).toHaveLength(3);
    expect(texts[2]).toContain("每分钟最多 2 个命令或按钮");
    expect(recorder.of("answerCallbackQuery")[0]?.text).toContain("每分钟最多 2 个命令或按钮");
    // Questions are counted apart.
    await bot.handleUpdate(textUpdate("无人机专利预警报哪个方向？", { from }));
    expect(recorder.texts.at(-1)).toContain("方向3");
  });
});
