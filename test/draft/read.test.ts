import { describe, expect, it } from "vitest";
import { DraftReadError, readDraft } from "../../src/draft/read.ts";
import { docx, docxEntries, OLE_DOC, PNG, pdf, zip } from "../support/draft-files.ts";

const BODY = ["本课题研究低空经济无人机专利预警。", "第二段：分析全球专利竞争态势与主要主体布局策略。"];

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "read";
  } catch (error) {
    if (!(error instanceof DraftReadError)) throw error;
    return error.reason;
  }
}

describe("reading a draft", () => {
  it("a .docx written as a zip gives its paragraphs", async () => {
    const draft = await readDraft(docx(BODY), "申报书.docx");
    expect(draft).toMatchObject({ format: "docx", truncated: false });
    expect(draft.text).toContain("本课题研究低空经济无人机专利预警。");
    expect(draft.text).toContain("第二段");
  });

  it("a PDF with Chinese text gives its text and pages, whatever its name says", async () => {
    const bytes = pdf([BODY, ["第二页：提出专利布局优化建议。"]]);
    const draft = await readDraft(bytes, "renamed.docx");
    expect(draft).toMatchObject({ format: "pdf", pages: 2 });
    expect(draft.text).toContain("无人机专利预警");
    expect(draft.text).toContain("提出专利布局优化建议");
  });

  it("a .txt in GB18030 (Chinese Windows) and a .md in UTF-8 are read", async () => {
    const gbk = Buffer.from([0xce, 0xde, 0xc8, 0xcb, 0xbb, 0xfa]); // 无人机
    const text = await readDraft(Buffer.concat(Array.from({ length: 10 }, () => gbk)), "a.txt");
    expect(text.text).toContain("无人机无人机");
    const md = await readDraft(Buffer.from(`# 标题\n\n${BODY.join("\n")}`), "a.md");
    expect(md.format).toBe("text");
  });

  it("cuts the text at the character limit and says so", async () => {
    const draft = await readDraft(Buffer.from("专利".repeat(500)), "a.txt", { limits: { maxChars: 100 } });
    expect(draft.text).toHaveLength(100);
    expect(draft.truncated).toBe(true);
  });

  it.each([
    ["old Word", OLE_DOC, "a.doc", "old-word"],
    ["WPS named .docx", OLE_DOC, "a.docx", "old-word"],
    ["an image", PNG, "a.png", "image"],
    ["a scan", pdf([[], [], []]), "a.pdf", "scanned"],
    ["an encrypted PDF", pdf([BODY], { encrypted: true }), "a.pdf", "encrypted"],
    ["a broken PDF", Buffer.from("%PDF-1.7\nnothing here"), "a.pdf", "broken"],
    ["a broken zip", Buffer.from("PK\u0003\u0004garbage"), "a.docx", "broken"],
    ["a zip without a Word document", zip([{ name: "a.txt", data: "x" }]), "a.docx", "broken"],
    ["a spreadsheet", zip([{ name: "xl/workbook.xml", data: "x" }]), "a.xlsx", "unsupported"],
    ["an empty document", docx([""]), "a.docx", "empty"],
    ["not a PDF named .pdf", Buffer.from("hello hello hello hello hello"), "a.pdf", "broken"],
  ])("%s is refused with its reason", async (_name, bytes, fileName, expected) => {
    expect(await reason(readDraft(bytes, fileName))).toBe(expected);
  });

  it("bounds bytes, pages, decompressed size (declared or real) and time", async () => {
    expect(await reason(readDraft(docx(BODY), "a.docx", { limits: { maxBytes: 100 } }))).toBe("too-large");
    expect(await reason(readDraft(pdf([BODY, BODY, BODY]), "a.pdf", { limits: { maxPages: 2 } }))).toBe(
      "too-large",
    );
    const declared = zip([{ name: "word/document.xml", data: "<x/>", declaredSize: 2_000_000_000 }]);
    expect(await reason(readDraft(declared, "a.docx"))).toBe("too-large");
    // A directory that understates a part: the part itself stops inflating at the limit.
    const entries = docxEntries(Array.from({ length: 2_000 }, () => "专利".repeat(50)));
    const lying = zip(entries.map((e) => ({ ...e, declaredSize: 10 })));
    expect(await reason(readDraft(lying, "a.docx", { limits: { maxDocumentXmlBytes: 50_000 } }))).toBe(
      "too-large",
    );
    // A text part over its own limit is refused from the directory, before anything is inflated.
    const bigText = docx(Array.from({ length: 2_000 }, () => "专利".repeat(50)));
    expect(await reason(readDraft(bigText, "a.docx", { limits: { maxDocumentXmlBytes: 50_000 } }))).toBe(
      "too-large",
    );
    const long = pdf(Array.from({ length: 30 }, () => Array.from({ length: 40 }, () => BODY[1] as string)));
    expect(await reason(readDraft(long, "a.pdf", { limits: { timeoutMs: 1 } }))).toBe("timeout");
  });
});
