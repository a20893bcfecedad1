import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";

const assistant = createAssistant(loadConfig({ OPENAI_API_KEY: "" }), pino({ level: "silent" }));
const ask = async (question: string) => (await assistant.ask(question).answer).text;

describe("proposal tips", () => {
  it("checks whole clauses of the row: a lead-in stays with the clause it introduces", async () => {
    const text = (await assistant.show({ kind: "tips", id: 3 }).answer).text;
    expect(text).toContain(
      "- [ ] 针对智能飞行、无人机、低空物联网等，提出专利布局优化、风险预警及产业创新路径建议",
    );
    expect(text).not.toMatch(/- \[ \] 针对智能飞行、无人机、低空物联网等\n/);
  });

  it("gives a direction's checklist without the general writing advice", async () => {
    const text = (await assistant.show({ kind: "tips", id: 6 }).answer).text;
    expect(text).toContain("商业秘密分级管理");
    expect(text).not.toContain("通用写作建议");
  });

  it("gives the general advice, marked as such, when asked how to write a proposal with no direction", async () => {
    const text = await ask("申报书怎么写？");
    expect(text).toContain("通用写作建议（非官方要求）");
    expect(text).toContain("方向3 申报书怎么写");
  });

  it("does not take writing in general for a proposal question", async () => {
    expect(await ask("怎么写好一首诗？")).not.toContain("通用写作建议");
  });
});
