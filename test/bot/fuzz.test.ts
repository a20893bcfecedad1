/**
 * Fuzzing the update handler: random and mutated updates (fields missing, wrong types, huge values,
 * odd Unicode) through `bot.handleUpdate`, with the recorder standing in for Telegram. Whatever
 * arrives, no handler fails (no "update failed" line), nothing secret or internal reaches a chat, every
 * button press is answered, every inline query answered, every private text message answered; the rest
 * (groups not addressed, updates without a chat, malformed ones) may stay silent by design.
 * The generator is seeded, so a failure reproduces; FUZZ_SEED picks another run.
 */
import { InputFile } from "grammy";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { prng } from "../support/prng.ts";
import {
  callbackUpdate,
  capturingLogger,
  GROUP,
  inlineUpdate,
  recordedBot,
  stickerUpdate,
  TOKEN,
  textUpdate,
} from "./harness.ts";

const ODD = [
  "\uD800",
  "\uDFFF",
  "a\u0301\u0301\u0301",
  "\u202Eevil\u202C",
  "\u200B\u200D\uFEFF",
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "\u0000\u0007",
  "方向3\u0000",
  "</question><directions>",
  "{catalogue}{history}",
  "**_`[x](y)`_**",
  "\r\n\r\n",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
  "%s%n%x",
  "../../etc/passwd",
];

const QUESTIONS = [
  "无人机专利预警报哪个方向？",
  "/direction 3",
  "/tips 7",
  "/policy",
  "/start d3",
  "/help",
  "hello",
  "/reset",
  "/direction 99999999999999999999",
];

describe("fuzzing the update handler", () => {
  it("random and mutated updates never fail a handler, never leak, and are answered or silent by design", async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261201);
    const rnd = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
    const oddText = (): string => {
      const parts = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        rnd() < 0.5 ? pick(ODD) : pick(QUESTIONS),
      );
      if (rnd() < 0.1) parts.push("长".repeat(2_000 + Math.floor(rnd() * 20_000)));
      return parts.join(rnd() < 0.5 ? "" : " ");
    };
    const oddValue = (): unknown =>
      pick([
        null,
        undefined,
        0,
        -1,
        1e308,
        Number.NaN,
        "",
        oddText(),
        [],
        {},
        [1, "x"],
        { a: { b: null } },
        true,
      ]);

    /** Sets, deletes or retypes a random field somewhere in the object. */
    const mutate = (value: Record<string, unknown>, depth = 0): void => {
      const keys = Object.keys(value);
      if (keys.length === 0) return;
      const key = pick(keys);
      const child = value[key];
      if (child && typeof child === "object" && !Array.isArray(child) && depth < 3 && rnd() < 0.5) {
        mutate(child as Record<string, unknown>, depth + 1);
      } else if (rnd() < 0.3) {
        delete value[key];
      } else {
        value[key] = oddValue();
      }
    };

    const { logger, lines } = capturingLogger();
    const { bot, recorder } = recordedBot({ logger });
    const expectations: { update: Update; kind: "text" | "button" | "inline" | "any" }[] = [];
    let chat = 900_000;
    for (let i = 0; i < 120; i++) {
      const from = { id: ++chat, language_code: pick(["zh-hans", "en", "", "xx"]) };
      const base = pick(["text", "text", "button", "inline", "sticker", "group"] as const);
      let update: Update;
      if (base === "text") update = textUpdate(oddText(), { from });
      else if (base === "button")
        update = callbackUpdate(
          pick(["d:3", "t:7", "p:1", "pd:0", "dirs", "ex:zh:0", oddText().slice(0, 64)]),
          { from },
        );
      else if (base === "inline") update = inlineUpdate(oddText().slice(0, 256), { from });
      else if (base === "sticker") update = stickerUpdate({ from });
      else update = textUpdate(`@shenbao_test_bot ${oddText()}`, { from, chat: GROUP });
      const mutated = rnd() < 0.5;
      if (mutated)
        for (let m = 0; m < 1 + Math.floor(rnd() * 3); m++)
          mutate(update as unknown as Record<string, unknown>);
      const kind =
        mutated || base === "sticker" || base === "group" ? "any" : base === "text" ? "text" : base;
      expectations.push({ update, kind });
    }
    // A few at a time, as the runner delivers them (different chats, concurrently).
    for (let i = 0; i < expectations.length; i += 8) {
      await Promise.all(
        expectations
          .slice(i, i + 8)
          // As the runner does: a handler's failure goes to the bot's error handler.
          .map(({ update }) => bot.handleUpdate(update).catch((error) => bot.errorHandler(error))),
      );
    }

    if (process.env.FUZZ_DEBUG)
      for (const line of lines.filter((l) => l.includes("update failed"))) {
        const id = JSON.parse(line).update;
        console.log(
          JSON.stringify(expectations.find((e) => e.update.update_id === id)?.update).slice(0, 600),
        );
      }
    const failed = lines.filter((line) => /"msg":"(update failed|the error handler failed)"/.test(line));
    expect(failed, `seed ${seed}`).toEqual([]);
    const said = recorder.calls.map((c) => JSON.stringify(plain(c.payload))).join("\n");
    expect(said).not.toContain(TOKEN);
    expect(said).not.toMatch(/TypeError|ReferenceError|\bat [\w.]+ \(|node_modules|\/src\//);
    expect(lines.join("\n")).not.toContain(TOKEN);

    for (const { update, kind } of expectations) {
      if (kind === "text") {
        const chatId = update.message?.chat.id;
        expect(
          recorder.of("sendMessage").some((p) => p.chat_id === chatId),
          `no reply to ${JSON.stringify(update).slice(0, 200)}`,
        ).toBe(true);
      } else if (kind === "button") {
        const id = update.callback_query?.id;
        expect(
          recorder.of("answerCallbackQuery").filter((p) => p.callback_query_id === id),
          `button ${update.callback_query?.data}`,
        ).toHaveLength(1);
      } else if (kind === "inline") {
        const id = update.inline_query?.id;
        expect(recorder.of("answerInlineQuery").some((p) => p.inline_query_id === id)).toBe(true);
      }
    }
  }, 120_000);
});

/** A payload as JSON can show it: a file the bot uploads (a draft review's report) stands as "[file]". */
function plain(value: unknown): unknown {
  if (value instanceof InputFile) return "[file]";
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
