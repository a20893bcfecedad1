import type { PolicyDocument } from "./types.ts";

/** A document as the table names it: 《title》 for a titled document, the plain name otherwise. */
export function documentName(document: PolicyDocument): string {
  return document.kind === "document" ? `《${document.title}》` : document.title;
}

/** A stable identity for a document title: no spaces, no quotation marks, no brackets' width differences. */
export function documentKey(title: string): string {
  return title
    .normalize("NFKC")
    .replace(/[\s“”"‘’'「」『』]/g, "")
    .replace(/[（]/g, "(")
    .replace(/[）]/g, ")");
}

const ISSUER_BEFORE =
  /((?:国务院|国家知识产权局|工信部|工业和信息化部|国家发展改革委|商务部|中共中央|国务院办公厅)(?:、(?:国务院|国家知识产权局|工信部|工业和信息化部|国家发展改革委|商务部))*)(?:联合)?(?:印发|发布)?$/;
const YEAR_BEFORE = /(\d{4})\s*年\s*(?:[^，。；《]*?)$/;

/**
 * Finds the policy documents a 政策指引 cell names: every 《…》 title, a government work report,
 * and a Five-Year Plan outline ("十五五"规划纲要), with the year and issuer where the text gives them.
 * Documents are returned in order of appearance, each once.
 */
export function extractPolicyDocuments(basis: string): PolicyDocument[] {
  const found: { at: number; document: PolicyDocument }[] = [];

  for (const m of basis.matchAll(/《([^》]+)》/g)) {
    const title = m[1] ?? "";
    const at = m.index ?? 0;
    // Only the clause before the title can say who issued it and when.
    const before =
      basis
        .slice(0, at)
        .split(/[；;。]/)
        .pop() ?? "";
    const document: PolicyDocument = { key: documentKey(title), kind: "document", title };
    const year = YEAR_BEFORE.exec(before);
    if (year?.[1]) document.year = Number(year[1]);
    const issuer = ISSUER_BEFORE.exec(before.replace(/\s+/g, "")) ?? /^(国务院)关于/.exec(title);
    if (issuer?.[1]) document.issuer = issuer[1];
    found.push({ at, document });
  }

  for (const m of basis.matchAll(/(?:(\d{4})\s*年\s*)?政府工作报告/g)) {
    const year = m[1] ? Number(m[1]) : undefined;
    const title = "政府工作报告";
    const document: PolicyDocument = {
      key: year ? `${year}年${title}` : title,
      kind: "work-report",
      title: year ? `${year} 年${title}` : title,
    };
    if (year) document.year = year;
    found.push({ at: m.index ?? 0, document });
  }

  // "十五五"规划纲要 and "十五五"规划 name the same outline.
  for (const m of basis.matchAll(/[“"]?(十[一二三四五六七八九]?五)[”"]?\s*规划(纲要)?/g)) {
    const plan = m[1] ?? "";
    found.push({
      at: m.index ?? 0,
      document: {
        key: `${plan}规划纲要`,
        kind: "five-year-plan",
        title: `国家“${plan}”规划纲要`,
        issuer: "国家",
      },
    });
  }

  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.document)
    .filter((d) => !seen.has(d.key) && seen.add(d.key));
}
