import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Converter } from "opencc-js/cn2t";
import { configs } from "opencc-js/preset/cn2t";
import { Converter as SimplifiedConverter } from "opencc-js/t2cn";
import { describe, expect, it } from "vitest";
import { toSimplified, toTraditional } from "../../src/search/chinese-script.ts";
import { prng } from "../support/prng.ts";

/** opencc-js itself, with its tries: what the flat maps must reproduce exactly. */
const reference = Converter({ from: "cn", to: "tw" });
const simplifiedReference = SimplifiedConverter({ from: "tw", to: "cn" });

describe("simplified → traditional with flat dictionaries", () => {
  it("converts the table, the companion and every text the assistant shows exactly as opencc-js does", () => {
    const files = [
      ...readdirSync("corpus").map((f) => join("corpus", f)),
      ...readdirSync("locales").map((f) => join("locales", f)),
      ...readdirSync("prompts").map((f) => join("prompts", f)),
    ];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        expect(toTraditional(line), `${file}: ${line.slice(0, 40)}`).toBe(reference(line));
      }
    }
  });

  it("changes what it should: phrases decide ambiguous characters", () => {
    expect(toTraditional("头发和发展")).toBe("頭髮和發展");
    expect(toTraditional("知识产权风险预警")).toBe("知識產權風險預警");
    expect(toTraditional("以后")).toBe(reference("以后"));
    expect(toTraditional("")).toBe("");
  });

  it("agrees with opencc-js on random text made of its own phrases, characters and odd input", () => {
    const phrases = String(configs.s2tw?.segmentation ?? "")
      .split("|")
      .map((e) => e.split(" ")[0] ?? "");
    expect(phrases.length).toBeGreaterThan(10_000);
    const random = prng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const extras = [
      "发",
      "后",
      "干",
      "里",
      "面",
      "系",
      "台",
      "着",
      "㐷",
      "⿰木木",
      "𠮷",
      "a",
      " ",
      "，",
      "\n",
      "😀",
      "\uD800",
    ];
    for (let n = 0; n < 3000; n++) {
      let text = "";
      const parts = 1 + Math.floor(random() * 8);
      for (let p = 0; p < parts; p++) {
        const phrase = pick(phrases);
        // Whole phrases, their halves (so matches start and end mid-phrase) and stray characters.
        text +=
          random() < 0.6
            ? phrase
            : random() < 0.5
              ? phrase.slice(Math.floor(phrase.length / 2))
              : pick(extras);
      }
      expect(toTraditional(text), text).toBe(reference(text));
    }
  });

  it("converts back to simplified exactly as opencc-js does: the table in traditional, and traditional phrasing", () => {
    const lines = readFileSync("corpus/2026-miit-ip-plan-directions.txt", "utf8").split("\n");
    for (const line of lines) {
      const written = reference(line);
      expect(toSimplified(written), written.slice(0, 40)).toBe(simplifiedReference(written));
    }
    for (const text of [
      "營業秘密與人工智慧",
      "專利池的壟斷風險",
      "著作權",
      "臺灣的半導體",
      "⿰木木",
      "😀",
      "",
    ])
      expect(toSimplified(text), text).toBe(simplifiedReference(text));
    expect(toSimplified("專利預警")).toBe("专利预警");
  });
});
