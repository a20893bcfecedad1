import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";
import { describe, expect, it } from "vitest";
import { readingOf, withPinyin } from "../../src/search/pinyin.ts";
import { sameSound } from "../../src/search/vocabulary.ts";
import { prng } from "../support/prng.ts";

const options = { toneType: "none", type: "array", v: true } as const;

describe("pinyin without keeping pinyin-pro", () => {
  it("reads each character as pinyin-pro does for the character alone", () => {
    const random = prng(3);
    const sample = ["专", "利", "光", "伏", "蒸", "馏", "女", "绿", "行", "重", "㐷"];
    for (let n = 0; n < 2000; n++) sample.push(String.fromCharCode(0x4e00 + Math.floor(random() * 0x5200)));
    for (const char of sample) {
      const [expected] = pinyin(char, options);
      expect(readingOf(char), char).toBe(expected === char ? undefined : expected);
    }
  });

  it("reads nothing that is not one CJK ideograph", () => {
    for (const text of ["", "a", "，", "专利", "😀", "\uD800"]) expect(readingOf(text), text).toBeUndefined();
  });

  it("hears homophones and the fuzzy pairs an input method accepts, and nothing else", () => {
    expect(sameSound("蒸", "增")).toBe(true); // zheng ~ zeng
    expect(sameSound("汽", "骑")).toBe(true); // qi
    expect(sameSound("能", "龙")).toBe(false);
    expect(sameSound("专", "a")).toBe(false);
  });

  it("unloads pinyin-pro once used, so its dictionaries can be collected", () => {
    const require = createRequire(import.meta.url);
    const path = require.resolve("pinyin-pro");
    const spelled = withPinyin((spell) => spell("光伏").join(""));
    expect(spelled).toBe("guangfu");
    expect(require.cache[path]).toBeUndefined();
  });
});
