import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { Retriever } from "../../src/search/retrieve.ts";
import { VocabularyMatcher } from "../../src/search/vocabulary.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);
const ids = (q: string) => retriever.retrieve(q).matches.map((m) => m.direction.id);

// Issue 8, class 5: words typed as pinyin, over the corpus's own vocabulary.
describe("pinyin over the words a title writes without spaces", () => {
  const matcher = new VocabularyMatcher([], () => false, ["人形机器人产业知识产权创新路径"]);
  it("reads a title's two-character words by full pinyin and its four-character runs by initials", () => {
    const found = matcher.corrections("zscq chuangxin lujing");
    expect(found).toEqual(expect.arrayContaining(["知识产权", "创新", "路径"]));
  });
  it("reads initials beside full pinyin as one pinyin question", () => {
    expect(matcher.corrections("rxjqr chuangxin")).toContain("人形机器人");
  });
  it("still reads no English as pinyin", () => {
    expect(matcher.corrections("hello world")).toEqual([]);
  });
});

describe("pinyin of the words applicants type for a corpus word (the companion's synonyms)", () => {
  it("spells a synonym as typed and reads it as the corpus word", () => {
    const matcher = new VocabularyMatcher(["商业秘密"], () => false, [], new Map([["商密", "商业秘密"]]));
    expect(matcher.corrections("shangmi baohu")).toContain("商业秘密");
  });
  it("a trade-secret question typed in pinyin shorthand goes to 6", () => {
    expect(ids("shangmi xielou")[0]).toBe(6);
  });
});

describe("a homophone typo beside words typed right", () => {
  it.each([
    ["光伏行业想建专利迟", 7],
    ["无人机 专利迟", 7],
  ])("%s is read as meant → %i", (q, expected) => expect(ids(q)[0]).toBe(expected));
  it("the words beside the typo are read as they are meant too (诉讼应对, not 专利诉讼 across its edge)", () => {
    const r = retriever.retrieve("标准必药专利诉讼应对");
    expect(r.matches[0]?.direction.id).toBe(9);
    expect(r.matches[0]?.matched).toContain("诉讼应对");
  });
});

describe("two initials are the table's commonest word they spell", () => {
  it("reads zl as 专利 (five titles say it), not 治理 or 蒸馏", () => {
    const r = retriever.retrieve("dk经济 zl布局");
    expect(r.understanding.corrections).toContain("专利");
    expect(r.understanding.corrections).not.toContain("蒸馏");
    expect(ids("dk经济 zl布局")[0]).toBe(3);
  });
});

describe("full pinyin beside a Latin keyword of the table", () => {
  it("AI moxing zhengliu reads the pinyin, though AI alone is evidence", () => {
    const r = retriever.retrieve("AI moxing zhengliu");
    expect(r.understanding.corrections).toContain("模型蒸馏");
    expect(r.matches[0]?.direction.id).toBe(1);
  });
  it("an English question is not read as pinyin", () => {
    expect(retriever.retrieve("AI patent risk").understanding.corrections).toEqual([]);
  });
});
