/**
 * The things a row's 申报建议 asks for, split the way a careful reader splits them: one item per
 * distinct object ("…法规动态、337调查、反补贴调查及专利诉讼趋势" is four things to cover), but one item
 * for a list of examples of one thing ("移动通信、智能网联汽车、音视频等领域的典型案例" is one case
 * study), whose members are kept so that naming one of them counts.
 */
import type { Direction } from "../corpus/types.ts";

export type ItemKind = "scope" | "focus" | "output";

/** One thing the row asks for: part of its scope, a research focus item, or an expected output. */
export interface RowItem {
  kind: ItemKind;
  /** The table's words. */
  text: string;
}

const OUTPUT = /^(?:并|同时|最终)?(?:提出|形成|构建|给出)/;
/** "重点研究A、B、C等前沿问题": topics to pick from, one item each. */
const TOPIC_LIST = /^(?:重点研究|研究|梳理)(.+、.+?)等([^、]*)$/;
/** Heads that make a 等-list a list of examples of one thing, not of separate topics. */
const EXAMPLE_HEAD = /案例|领域|产业|场景|方面|环境|国家|地区/;
/** "光伏、锂电池、新能源汽车三个重点出口产业": the members are one scope, not separate asks. */
const COLLECTIVE_HEAD = /(?:产业|领域|行业|场景|国家|地区)$/;
/** The verb or preposition that opens a clause, not part of a list's first member. */
const LEAD = /^(?:围绕|聚焦|跟踪|面向|分析|识别我国在|识别|梳理|结合|针对|研究|以)\s*/;
/** A clause that only qualifies the next one ("可针对智能飞行、无人机、低空物联网等"). */
const QUALIFIER_ONLY = /等$/;

/** Splits at 、 and 及 outside brackets: the top-level members of an enumeration. */
export function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "（" || ch === "(") depth++;
    else if (ch === "）" || ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "、" || ch === "及")) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Text with bracketed parts removed, for testing its top-level grammar. */
const unbracketed = (s: string) => s.replace(/（[^（）]*）|\([^()]*\)/g, "");

/**
 * One clause as items. An enumeration of distinct objects is split; the modifier that opens it stays
 * with its first member ("跟踪美欧、印度、巴西等主要贸易伙伴的知识产权法规动态"). Not split: alternatives
 * (或), "…方面的…", lists ending in 等 (examples), and "A、B的C" where the list qualifies one head.
 */
export function splitClause(clause: string): string[] {
  const parts = topLevelParts(clause);
  if (parts.length < 2) return [clause];
  const flat = unbracketed(clause);
  if (/或|方面/.test(flat)) return [clause];
  const last = unbracketed(parts[parts.length - 1] as string);
  if (last.includes("等")) return [clause];
  const of = last.indexOf("的");
  if ((of >= 0 && of <= 4) || COLLECTIVE_HEAD.test(last)) return [clause];
  // The last member before the final one that carries 等 or 的 closes the modifier group the
  // enumeration opens with ("美欧、印度、巴西等主要贸易伙伴的…").
  let group = 0;
  parts.forEach((p, i) => {
    if (i < parts.length - 1 && /[等的]/.test(unbracketed(p))) group = i;
  });
  const head = clause.slice(0, clause.indexOf(parts[group] as string) + (parts[group] as string).length);
  const rest = parts.slice(group + 1);
  if (rest.length === 0) return [clause];
  return [head, ...rest];
}

/** What the row asks for, item by item, in the table's words. */
export function rowItems(direction: Direction): RowItem[] {
  const sentences = direction.suggestion
    .split("。")
    .map((s) => s.trim())
    .filter(Boolean);
  const items: RowItem[] = [];
  sentences.forEach((sentence, index) => {
    for (const raw of sentence.replace(/^建议/, "").split("，")) {
      const clause = raw.replace(/^(?:可|并|也可)?(?:选择(?=重点))?/, "").trim();
      if (!clause || QUALIFIER_ONLY.test(clause)) continue;
      if (OUTPUT.test(clause)) {
        items.push({ kind: "output", text: clause });
        continue;
      }
      const kind = index === 0 ? "scope" : "focus";
      const topics = TOPIC_LIST.exec(clause);
      if (topics?.[1] && !EXAMPLE_HEAD.test(topics[2] ?? "")) {
        for (const topic of topics[1].split("、")) if (topic.trim()) items.push({ kind, text: topic.trim() });
        continue;
      }
      for (const text of splitClause(clause)) items.push({ kind, text });
    }
  });
  return items;
}

/** An example list inside an item, and the category its members are examples of. */
export interface ExampleList {
  members: string[];
  /** "低空经济" for 低空经济（智能飞行、无人机…）, "新兴领域" for 6G、人工智能、车联网等新兴领域. */
  category: string;
}

/**
 * The example lists inside an item: bracketed ones ("（如神经信号采集、解码算法…）") and "A、B、C等…"
 * ones. Naming one member of a list is naming the list and its category.
 */
export function exampleLists(text: string): ExampleList[] {
  const lists: ExampleList[] = [];
  for (const m of text.matchAll(/[（(](?:如)?([^（）()]+)[）)]/g)) {
    const members = (m[1] as string).split(/[、，]/).map((s) => s.replace(/等$/, "").trim());
    const before =
      text
        .slice(0, m.index)
        .split(/[、，）)]/)
        .pop() ?? "";
    if (members.length > 1)
      lists.push({ members: members.filter(Boolean), category: before.replace(LEAD, "") });
  }
  const flat = unbracketed(text);
  for (const m of flat.matchAll(/([^，、等]+(?:、[^，、等]+)+)等/g)) {
    const members = (m[1] as string).split("、").map((s) => s.replace(LEAD, "").trim());
    const after = /^[^的中为在，、]*/.exec(flat.slice((m.index ?? 0) + m[0].length))?.[0] ?? "";
    if (members.length > 1) lists.push({ members: members.filter(Boolean), category: after });
  }
  return lists;
}
