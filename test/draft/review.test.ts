import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { dropUnsupportedFacts } from "../../src/draft/guard.ts";
import { reviewDraft } from "../../src/draft/review.ts";
import { pointNumber } from "../../src/draft/reviewer.ts";
import { LOW_ALTITUDE_DRAFT, SEP_DRAFT } from "./samples.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");

describe("reviewing a draft against the table", () => {
  it("names the fitting row with the draft's own sentences as evidence, and a runner-up", () => {
    const review = reviewDraft(LOW_ALTITUDE_DRAFT, edition);
    expect(review.fit.id).toBe(3);
    expect(LOW_ALTITUDE_DRAFT).toContain(review.fit.evidence[0]?.sentence.slice(0, 10));
    expect(review.runnerUp?.id).not.toBe(3);
    expect(review.close).toBe(false);
  });

  it("marks each item of the row covered, partly or missing, quoting the draft where it covers", () => {
    const review = reviewDraft(LOW_ALTITUDE_DRAFT, edition);
    const byText = new Map(review.coverage.map((c) => [c.text, c]));
    expect(byText.get("分析全球专利竞争态势与主要主体布局策略")).toMatchObject({
      status: "covered",
      evidence: "分析全球无人机专利竞争态势，梳理大疆、亿航等主要主体的专利布局策略。",
    });
    // The output names three things; the draft does one of them (风险预警) and promises only a report:
    // partly, with the member it covers as evidence and the two it does not marked missing.
    const output = review.coverage.find((c) => c.kind === "output");
    expect(output).toMatchObject({ status: "partly", text: "提出专利布局优化、风险预警及产业创新路径建议" });
    expect(output?.evidence).toContain("风险预警");
    expect(output?.parts?.map((p) => [p.text, p.status])).toEqual([
      ["专利布局优化", "missing"],
      ["风险预警", "covered"],
      ["产业创新路径建议", "missing"],
    ]);
  });

  it("checks the row's policy documents and ties strengthening to the row; general advice is marked", () => {
    const sep = reviewDraft(SEP_DRAFT, edition);
    expect(sep.fit.id).toBe(9);
    expect(sep.policy).toEqual([{ title: "国家“十五五”规划纲要", cited: false }]);
    expect(sep.suggestions.some((s) => !s.general && s.text.includes("《国家“十五五”规划纲要》"))).toBe(true);
    const low = reviewDraft(LOW_ALTITUDE_DRAFT, edition);
    expect(low.suggestions[0]).toMatchObject({
      general: false,
      item: "提出专利布局优化、风险预警及产业创新路径建议",
    });
    for (const s of low.suggestions.filter((s) => s.general)) expect(s.text).toMatch(/^通用建议：/);
  });

  it("the guard drops what the table never states: deadlines, dates, amounts", () => {
    const row = edition.table.directions[3]?.policyBasis ?? "";
    const text =
      "1. 补充「商业秘密窃取」案例。\n2. 申报截止时间为3月31日。\n3. 项目经费不超过50万元。\n4. 引用《电子信息制造业2025-2026年稳增长行动方案》。";
    const kept = dropUnsupportedFacts(text, row);
    expect(kept).toContain("商业秘密窃取");
    expect(kept).toContain("2025-2026年稳增长行动方案");
    expect(kept).not.toMatch(/截止|经费|万元/);
  });

  it("reads which point a follow-up asks about", () => {
    expect(pointNumber("那第二点怎么改？")).toBe(2);
    expect(pointNumber("第3条呢")).toBe(3);
    expect(pointNumber("how do I fix point 4?")).toBe(4);
    expect(pointNumber("方向3的政策依据")).toBeUndefined();
  });
});
