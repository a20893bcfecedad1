import type { Direction } from "../corpus/types.ts";

/** A proposal checklist drawn from one row; every item is the table's own words. */
export interface Checklist {
  /** What the direction asks applicants to study (the first sentence, 建议…). */
  scope: string;
  /** Research focus items, split from "可选择重点研究A、B、C等…" and similar. */
  focus: string[];
  /** What a proposal should deliver: the "提出…建议", "形成…指南" clauses. */
  outputs: string[];
}

const OUTPUT = /^(?:并|同时|最终)?(?:提出|形成|构建|给出)/;
/** Clauses that only say what the next one is about ("针对…等", "结合…案例", "围绕…"). */
const LEAD_IN = /^(?:针对|围绕|结合|面向|就|以)/;
/** "重点研究A、B、C等前沿问题": a list of topics to pick from, one item each. */
const TOPIC_LIST = /^(?:重点研究|研究|梳理)(.+、.+?)等[^、]*$/;

/** Splits a 申报建议 cell into scope, focus items and expected outputs. */
export function checklist(direction: Direction): Checklist {
  const sentences = direction.suggestion
    .split("。")
    .map((s) => s.trim())
    .filter(Boolean);
  const scope = (sentences[0] ?? "").replace(/^建议/, "");
  const focus: string[] = [];
  const outputs: string[] = [];
  for (const sentence of sentences.slice(1)) {
    // "针对A、B等，提出…建议": a lead-in is no item by itself; it stays with the clause it introduces.
    let leadIn = "";
    for (const raw of sentence.split("，")) {
      const clause = raw.replace(/^(?:可|并|同时|也可)?(?:选择)?/, "").trim();
      if (!clause) continue;
      if (LEAD_IN.test(clause)) {
        leadIn += `${clause}，`;
        continue;
      }
      const list = TOPIC_LIST.exec(clause)?.[1];
      if (OUTPUT.test(clause)) outputs.push(leadIn + clause);
      else if (list && !leadIn) focus.push(...list.split("、").map((item) => item.trim()));
      else focus.push(leadIn + clause);
      leadIn = "";
    }
    if (leadIn) focus.push(leadIn.slice(0, -1));
  }
  // A first sentence can itself end in an output ("…，提出…建议").
  if (outputs.length === 0) {
    const tail = scope.split("，").find((c) => OUTPUT.test(c));
    if (tail) outputs.push(tail);
  }
  return { scope, focus, outputs };
}
