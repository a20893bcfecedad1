import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { CorpusError, parseTable } from "../../src/corpus/parse.ts";
import { extractPolicyDocuments } from "../../src/corpus/policy.ts";

const TABLE = "corpus/2026-miit-ip-plan-directions.txt";
const raw = readFileSync(TABLE, "utf8");

describe("the published 2026 table", () => {
  const table = parseTable(raw, TABLE);

  it("has ten directions in three parts, numbered 1–10", () => {
    expect(table.year).toBe(2026);
    expect(table.directions.map((d) => d.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(table.parts.map((p) => [p.number, p.title])).toEqual([
      [1, "重点产业知识产权分析与风险防控预警"],
      [2, "专利池建设与运行机制研究"],
      [3, "标准必要专利治理与布局研究"],
    ]);
    expect(table.directions.map((d) => d.part.number)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 3, 3]);
  });

  it("keeps every cell verbatim", () => {
    for (const d of table.directions) {
      expect(raw).toContain(`${d.id}\t${d.title}\t${d.suggestion}\t${d.policyBasis}`);
    }
    expect(table.directions[6]?.title).toBe("国内重点产业专利池建设与市场化运行机制");
  });

  it("names the line of each row", () => {
    const lines = raw.split("\n");
    for (const d of table.directions) expect(lines[d.source.line - 1]?.startsWith(`${d.id}\t`)).toBe(true);
  });

  it("finds the policy documents of each basis, with year and issuer where given", () => {
    const d4 = table.directions[3];
    expect(d4?.documents).toEqual([
      {
        key: "国务院关于涉外知识产权纠纷处理的规定",
        kind: "document",
        title: "国务院关于涉外知识产权纠纷处理的规定",
        year: 2025,
        issuer: "国务院",
      },
      {
        key: "电子信息制造业2025-2026年稳增长行动方案",
        kind: "document",
        title: "电子信息制造业2025-2026年稳增长行动方案",
        issuer: "工信部",
      },
      { key: "十五五规划纲要", kind: "five-year-plan", title: "国家“十五五”规划纲要", issuer: "国家" },
    ]);
    expect(table.directions[0]?.documents.map((d) => [d.kind, d.year])).toEqual([
      ["work-report", 2026],
      ["document", undefined],
    ]);
    expect(table.directions[6]?.documents[0]).toMatchObject({ year: 2025, issuer: "国家知识产权局、工信部" });
    // 1 and 7 are the only directions that do not cite the 15th Five-Year Plan.
    const citing = table.directions.filter((d) => d.documents.some((doc) => doc.kind === "five-year-plan"));
    expect(citing.map((d) => d.id)).toEqual([2, 3, 4, 5, 6, 8, 9, 10]);
  });
});

describe("malformed tables fail with the file and line", () => {
  const header = "序号\t方向\t申报建议\t政策指引";
  const part = "第一部分：测试部分\t\t\t";
  const row = (n: number, cells = 4) => [String(n), "标题", "建议", "依据"].slice(0, cells).join("\t");
  const table = (...lines: string[]) => ["2027 年测试项目建议表", "", header, part, ...lines].join("\n");
  const failure = (text: string) => {
    try {
      parseTable(text, "next.txt");
    } catch (error) {
      expect(error).toBeInstanceOf(CorpusError);
      return (error as Error).message;
    }
    throw new Error("expected the table to be rejected");
  };

  it("a row with a missing cell", () =>
    expect(failure(table(row(1), row(2, 3)))).toMatch(/^next\.txt:6: direction 2 has 3 cell/));
  it("a duplicate number", () =>
    expect(failure(table(row(1), row(1)))).toMatch(/^next\.txt:6: direction 1 appears twice/));
  it("a stray line", () =>
    expect(failure(table(row(1), "随便写的一行"))).toMatch(/^next\.txt:6: unrecognised line/));
  it("a wrong header", () =>
    expect(failure(["2027 年表", "序号\t方向\t建议"].join("\n"))).toMatch(/^next\.txt:2: header row/));
  it("a row before any part", () =>
    expect(failure(["2027 年表", header, row(1)].join("\n"))).toMatch(
      /^next\.txt:3: direction 1 comes before any part/,
    ));
  it("no rows at all", () =>
    expect(failure(["2027 年表", header, part].join("\n"))).toMatch(/no direction rows/));
  it("a title without a year", () =>
    expect(failure(["项目建议表", header, part, row(1)].join("\n"))).toMatch(/year/));
  it("an empty cell", () => expect(failure(table("1\t标题\t\t依据"))).toMatch(/direction 1 has/));

  it("accepts Windows line endings and a byte-order mark", () => {
    expect(
      parseTable(`\uFEFF${table(row(1), row(2))}`.replaceAll("\n", "\r\n"), "x.txt").directions,
    ).toHaveLength(2);
  });
});

describe("the corpus folder", () => {
  it("picks up another table dropped beside this year's, newest first", () => {
    const dir = mkdtempSync(join(tmpdir(), "corpus-"));
    writeFileSync(join(dir, "2026.txt"), raw);
    writeFileSync(
      join(dir, "2027.txt"),
      [
        "2027 年测试项目建议表",
        "序号\t方向\t申报建议\t政策指引",
        "第一部分：甲",
        "1\t氢能知识产权\t建议研究氢能。\t《氢能产业发展中长期规划》",
      ].join("\n"),
    );
    const editions = loadCorpus(dir);
    expect(editions.map((e) => e.table.year)).toEqual([2027, 2026]);
    expect(editions[0]?.documents[0]?.document.title).toBe("氢能产业发展中长期规划");
  });

  it("rejects a companion file that names a direction the table lacks", () => {
    const dir = mkdtempSync(join(tmpdir(), "corpus-"));
    writeFileSync(join(dir, "t.txt"), raw);
    writeFileSync(
      join(dir, "t.keywords.json"),
      JSON.stringify({ directions: { "11": { titleEn: "x", focus: { zh: "x", en: "x" }, core: ["x"] } } }),
    );
    expect(() => loadCorpus(dir)).toThrow(/t\.keywords\.json: direction 11 is not in t\.txt/);
  });

  it("rejects paraphrases of an item no row says, or of a term their item lacks", () => {
    const dir = mkdtempSync(join(tmpdir(), "corpus-"));
    writeFileSync(join(dir, "t.txt"), raw);
    const write = (paraphrases: unknown) =>
      writeFileSync(join(dir, "t.keywords.json"), JSON.stringify({ directions: {}, paraphrases }));
    write({ 模型蒸馏: { 蒸馏: ["知识蒸馏"] } });
    expect(loadCorpus(dir)[0]?.companion.paraphrases.get("模型蒸馏")?.get("蒸馏")).toEqual(["知识蒸馏"]);
    write({ 氢能储运: { 储运: ["运输"] } });
    expect(() => loadCorpus(dir)).toThrow(/paraphrases: "氢能储运" is in no row's 申报建议/);
    write({ 模型蒸馏: { 训练: ["预训练"] } });
    expect(() => loadCorpus(dir)).toThrow(/paraphrases: "训练" is not a term of "模型蒸馏"/);
  });

  it("extracts documents from text it has never seen", () => {
    expect(
      extractPolicyDocuments("2024 年商务部《对外贸易法》；国家“十四五”规划").map((d) => [
        d.title,
        d.year,
        d.issuer,
      ]),
    ).toEqual([
      ["对外贸易法", 2024, "商务部"],
      ["国家“十四五”规划纲要", undefined, "国家"],
    ]);
  });
});
