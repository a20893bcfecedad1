import { describe, expect, it } from "vitest";
import { askedKinds, FactGuard } from "../../src/answer/fact-guard.ts";
import { MarkdownTidy } from "../../src/answer/markdown.ts";

const grounding = {
  texts: [
    "2026 年工业和信息化部知识产权 推进计划项目建议表",
    "2025 年国家知识产权局、工信部联合印发《关于进一步加强光伏产业知识产权保护工作的意见》，明确要求组建专利池。",
    "《知识产权强国建设纲要（2021-2035年）》强调商业秘密保护。",
  ],
  documents: ["知识产权强国建设纲要（2021-2035年）", "十五五规划纲要", "十五五"],
};

function guard(question: string) {
  return new FactGuard(grounding, { asked: askedKinds(question), notice: (k) => `〔${k}〕` });
}

/** Streams `text` in pieces of `size` characters; returns each output and the whole. */
function stream(g: FactGuard, text: string, size = 3): { outputs: string[]; text: string } {
  const outputs: string[] = [];
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += size) outputs.push(g.push(chars.slice(i, i + size).join("")));
  outputs.push(g.flush());
  return { outputs, text: outputs.join("") };
}

describe("FactGuard", () => {
  it("keeps dates and documents the table states, written with or without spaces", () => {
    const text =
      "2025年两部门印发《关于进一步加强光伏产业知识产权保护工作的意见》。依据《知识产权强国建设纲要》。";
    expect(stream(guard("方向7的依据"), text).text).toBe(text);
  });

  it("removes the sentence of an invented deadline and, when asked, says the table does not state it", () => {
    const g = guard("截止时间是什么时候？");
    const { text } = stream(g, "方向3适合你。申报截止时间为2026年3月31日，请尽早。也可看方向5。");
    expect(text).toBe("方向3适合你。〔date〕也可看方向5。");
    expect(g.removals).toEqual([{ kind: "date" }]);
  });

  it("removes invented amounts, counts, percentages and documents silently when nobody asked", () => {
    const g = guard("我们做无人机，报哪个方向？");
    const text =
      "适合方向3。每项资助50万元。预计立项二十个项目。配套比例不低于30%。另依据《知识产权保护条例》。祝顺利。";
    expect(stream(g, text).text).toBe("适合方向3。祝顺利。");
    expect(g.removals.map((r) => r.kind)).toEqual(["money", "count", "percent", "document"]);
  });

  it("catches English dates and amounts", () => {
    const g = guard("When is the deadline?");
    expect(
      stream(
        g,
        "Direction 3 fits. The deadline is March 31, 2026. Funding is $50,000 per project. Good luck.",
      ).text,
    ).toBe("Direction 3 fits. 〔date〕 Good luck.");
  });

  it("holds back one sentence at most: text before it is already shown", () => {
    const g = guard("报哪个方向？");
    const { outputs } = stream(g, "第一句话说完了。第二句话还在写", 4);
    const shownBeforeEnd = outputs.slice(0, -1).join("");
    expect(shownBeforeEnd).toBe("第一句话说完了。");
    // A long sentence with no end is released clause by clause.
    const long = guard("报哪个方向？");
    const piece = "这是一个很长的分句，".repeat(20);
    expect(long.push(piece).length).toBeGreaterThan(100);
  });

  it("does not take citation numbers or '一个课题' for claims", () => {
    const text = "[方向3]和[方向10]都可以，建议聚焦一个课题。";
    expect(stream(guard("哪个方向"), text).text).toBe(text);
  });
});

describe("MarkdownTidy", () => {
  it("turns a table streamed in pieces into a list, and shows other lines as they arrive", () => {
    const tidy = new MarkdownTidy("zh");
    const text = "对比：\n| 方向 | 侧重 |\n|---|---|\n| 7 | 国内 |\n| 8 | 海外 |\n完毕\n---\n";
    const outputs = Array.from(text).map((ch) => tidy.push(ch));
    outputs.push(tidy.flush());
    expect(outputs.join("")).toBe("对比：\n- **7**：侧重：国内\n- **8**：侧重：海外\n完毕\n");
    // "对比：" is shown as it arrives; only the table rows wait for their line end.
    expect(outputs.slice(0, 3).join("")).toBe("对比：");
  });
});
