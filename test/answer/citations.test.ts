import { describe, expect, it } from "vitest";
import { CitationFilter, citedIds } from "../../src/answer/citations.ts";

const zhLabel = (id: number) => `[方向${id}]`;
const enLabel = (id: number) => `[Direction ${id}]`;

/** Streams `deltas` through a filter allowing `allowed`; returns each output and the whole text. */
function run(deltas: string[], allowed: number[], label = zhLabel): { outputs: string[]; text: string } {
  const filter = new CitationFilter(new Set(allowed), label);
  const outputs = deltas.map((d) => filter.push(d));
  outputs.push(filter.flush());
  return { outputs, text: outputs.join("") };
}

describe("citedIds", () => {
  it("reads every citation form once, in order", () => {
    expect(citedIds("见[方向3]与【方向7】，另见[Direction 2]、[direction 9]，再见[方向3]")).toEqual([
      3, 7, 2, 9,
    ]);
    expect(citedIds("[方向3、7] 和 [方向 8，方向10]")).toEqual([3, 7, 8, 10]);
    expect(citedIds("方向3 没有括号，[注释] 也不是引用")).toEqual([]);
  });
});

describe("CitationFilter", () => {
  it("drops a tag of a nonexistent direction split across deltas, showing none of it", () => {
    const { outputs, text } = run(["最适合[方向3]，不是", "[方", "向12]", "。"], [3]);
    expect(text).toBe("最适合[方向3]，不是。");
    expect(outputs.slice(1).join("")).not.toContain("[方");
    // The unfinished "[方" is held back, not shown and then taken back.
    expect(outputs[1]).toBe("");
    expect(outputs[2]).toBe("");
  });

  it("keeps an allowed tag split across deltas", () => {
    const { outputs, text } = run(["选", "[", "方向", "3", "]吧"], [3]);
    expect(text).toBe("选[方向3]吧");
    expect(outputs[0]).toBe("选");
  });

  it("keeps only the allowed numbers of a multi-citation", () => {
    expect(run(["见[方向3、12、7]"], [3, 7]).text).toBe("见[方向3][方向7]");
    expect(run(["见【方向19】。"], [3]).text).toBe("见。");
  });

  it("writes kept citations in the answer's language", () => {
    expect(run(["See [方向3] and [Direction 12]."], [3], enLabel).text).toBe("See [Direction 3].");
  });

  it("releases text that only looked like the start of a tag", () => {
    const { outputs, text } = run(["备注[", "这不是引用] 结束"], [3]);
    expect(text).toBe("备注[这不是引用] 结束");
    expect(outputs[1]).toBe("备注[这不是引用] 结束".slice(2));
    // A bracket left open at the end is shown when the stream ends.
    expect(run(["结尾[方向"], [3]).text).toBe("结尾[方向");
  });

  it("does not hold back an opening bracket followed by a long text", () => {
    const long = "[这里是一段很长的说明文字，超过二十四个字符也没有右括号，所以不是引用标签";
    const { outputs } = run([long], [3]);
    expect(outputs[0]).toBe(long);
  });
});
