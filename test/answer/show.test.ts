import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { answerLanguage, writesTraditional } from "../../src/answer/language.ts";
import { UnknownRequestError } from "../../src/answer/show.ts";
import { loadConfig } from "../../src/config.ts";
import { documentId } from "../../src/corpus/document-id.ts";
import { wrongFacts } from "../eval/evaluate.ts";

const assistant = createAssistant(loadConfig({ OPENAI_API_KEY: "" }), pino({ level: "silent" }));
const edition = assistant.edition;

describe("typed requests (class 12)", () => {
  it("shows a card, tips and policy basis of a direction without parsing a sentence", async () => {
    const card = await assistant.show({ kind: "card", id: 3 }).answer;
    expect(card.text).toContain("**方向3「低空经济关键技术专利预警及对策」**");
    expect(card.citations).toEqual([3]);
    const tips = await assistant.show({ kind: "tips", id: 6 }, { language: "en" }).answer;
    expect(tips.text).toContain("[Direction 6]");
    expect(tips.language).toBe("en");
    const policy = await assistant.show({ kind: "policy", id: 9 }).answer;
    expect(policy.text).toContain("方向9「全球标准必要专利治理体系与诉讼应对策略」的政策指引");
  });

  it("lists the directions citing a document by its stable id, with the index's count", async () => {
    const entry = edition.documents.find((e) => e.document.title.includes("光伏"));
    if (!entry) throw new Error("no photovoltaic document");
    const answer = await assistant.show({ kind: "citing", documentId: documentId(entry.document) }).answer;
    expect(answer.citations).toEqual(entry.citedBy);
    expect(answer.text).toContain(`的方向共 ${entry.citedBy.length} 个`);
    expect(wrongFacts(edition, answer.text)).toEqual([]);
  });

  it("gives the overview of every direction", async () => {
    const answer = await assistant.show({ kind: "overview" }).answer;
    expect(answer.citations).toEqual(edition.table.directions.map((d) => d.id));
  });

  it("keeps a document's id when the document list is reordered", () => {
    const ids = edition.documents.map((e) => documentId(e.document));
    const reordered = [...edition.documents].reverse().map((e) => documentId(e.document));
    expect(new Set(ids).size).toBe(ids.length);
    expect(reordered.reverse()).toEqual(ids);
    expect(documentId({ key: "同一个标题" })).toBe(documentId({ key: "同一个标题" }));
  });

  it("refuses a direction or document the table does not have, as an error, not a wrong card", async () => {
    await expect(assistant.show({ kind: "card", id: 42 }).answer).rejects.toBeInstanceOf(UnknownRequestError);
    await expect(assistant.show({ kind: "citing", documentId: "0000000000" }).answer).rejects.toBeInstanceOf(
      UnknownRequestError,
    );
  });
});

describe("language (class 9)", () => {
  it("keeps Chinese for ASCII keywords from a Chinese chat, switches for an English sentence", () => {
    expect(answerLanguage("SEP", "zh")).toBe("zh");
    expect(answerLanguage("eVTOL", undefined)).toBe("zh");
    expect(answerLanguage("AI", "en")).toBe("en");
    expect(answerLanguage("我们做AI芯片的IP风险", "en")).toBe("zh");
    expect(answerLanguage("Which direction fits drone patents?", "zh")).toBe("en");
    expect(
      answerLanguage("SEP", undefined, [{ question: "方向9是什么", answer: "…", directions: [9] }]),
    ).toBe("zh");
  });

  it("answers SEP in Chinese when the user's chat is Chinese", async () => {
    const answer = await assistant.ask("SEP", { preferredLanguage: "zh" }).answer;
    expect(answer.language).toBe("zh");
    expect(answer.text).toContain("[方向");
  });

  it("answers traditional characters in traditional characters, the table's wording unchanged", async () => {
    expect(writesTraditional("低空經濟的專利預警要報哪個")).toBe(true);
    expect(writesTraditional("低空经济的专利预警要报哪个")).toBe(false);
    const answer = await assistant.ask("低空經濟的專利預警要報哪個").answer;
    expect(answer.citations[0]).toBe(3);
    expect(answer.text).toContain("低空經濟關鍵技術專利預警及對策");
    expect(answer.text).not.toContain("低空经济关键技术专利预警及对策");
  });
});
