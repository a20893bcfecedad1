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
    for (const raw of sentence.split("，")) {
      const clause = raw.replace(/^(?:可|并|同时|也可)?(?:选择)?/, "").trim();
      if (!clause) continue;
      const list = TOPIC_LIST.exec(clause)?.[1];
      if (OUTPUT.test(clause)) outputs.push(clause);
      else if (list) focus.push(...list.split("、").map((item) => item.trim()));
      else focus.push(clause);
    }
  }
  // A first sentence can itself end in an output ("…，提出…建议").
  if (outputs.length === 0) {
    const tail = scope.split("，").find((c) => OUTPUT.test(c));
    if (tail) outputs.push(tail);
  }
  return { scope, focus, outputs };
}
