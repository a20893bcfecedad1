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
  /**
   * The words a draft is checked against when they differ from the table's: a reference resolved
   * from the row's own text (具体产业 → 光伏、锂电池、人工智能等产业).
   */
  context?: string;
}

/**
 * The row's own words for what an item refers back to: "结合具体产业实践" in a row that opens "以光伏、
 * 锂电池、人工智能等产业为切入点" is practice in those industries. The text unchanged when it refers to
 * nothing.
 */
export function resolveReferences(text: string, direction: Direction): string {
  if (!text.includes("具体产业")) return text;
  const industries = /([^，。、以]+(?:、[^，。、]+)+等(?:重点)?产业)/.exec(direction.suggestion)?.[1];
  return industries ? text.replace("具体产业", industries) : text;
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
      for (const text of splitClause(clause)) {
        const context = resolveReferences(text, direction);
        items.push({ kind, text, ...(context !== text ? { context } : {}) });
      }
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
 * ones. Naming one member of a list is naming the list and its category (the item's words); covering
 * the item takes half of its members (`enumerations`).
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

/**
 * The enumerations of an item whose members a reader counts: each example list ("美、欧、中、英等主要司法辖区",
 * "（如…）"), and the example members `itemParts` finds outside them ("光伏、锂电池、新能源汽车三个…产业",
 * "覆盖预警、应对、救济的…"). The item is covered only when the draft works on enough of each (see
 * `enoughMembers`). Members keep their one-character form (美, 欧) here.
 */
export function enumerations(text: string): string[][] {
  // "选择量子科技（如…）、6G（如…）或脑机接口（如…）": a choice of one, whose examples are not counted.
  if (/或/.test(unbracketed(text))) return [];
  const lists = exampleLists(text).map((l) => l.members);
  const listed = lists.flat();
  const rest = itemParts(text)
    .filter((p) => p.example && !listed.some((m) => m.includes(p.text)))
    .map((p) => p.text);
  return rest.length > 1 ? [...lists, rest] : lists;
}

/** Of an enumeration of n members, how many a draft must work on to cover it: half, rounded up, and two. */
export const enoughMembers = (n: number): number => Math.min(n, Math.max(2, Math.ceil(n / 2)));

/** One member of an item's enumeration, as a reader checks it on its own. */
export interface ItemPart {
  text: string;
  /** A member of a list of examples (等, 如…): half of them (and two) cover the item, one touches it. */
  example: boolean;
  /**
   * Of an item that offers a choice (A（如…）或B（如…）), which alternative the member belongs to (0, 1…):
   * the alternative itself and its examples. One alternative covered covers the item.
   */
  choice?: number;
}

/** "…中的具体方向", "…中的": what closes a choice after its last alternative. */
const CHOICE_TAIL = /中的?[^、（）()]*$/;

/**
 * The members of an item that offers a choice, in order: each alternative ("量子科技", "6G", "脑机接口")
 * followed by its bracketed examples ("天地一体化量子通信", "量子计算"), each tagged with its alternative,
 * so that a reader's "量子科技 missing, 6G covered" is checked one by one.
 */
function choiceParts(text: string): ItemPart[] {
  const parts: ItemPart[] = [];
  topLevelParts(text.replace(/或/g, "、")).forEach((piece, choice) => {
    const bracket = piece.search(/[（(]/);
    const head = (bracket >= 0 ? piece.slice(0, bracket) : piece)
      .replace(/^选择/, "")
      .replace(PART_LEAD, "")
      .replace(CHOICE_TAIL, "")
      .trim();
    const add = (t: string, example: boolean) => {
      if ((t.match(/[\p{Script=Han}a-zA-Z0-9]/gu) ?? []).length >= 2 && !parts.some((p) => p.text === t))
        parts.push({ text: t, example, choice });
    };
    add(head, false);
    const inside = /[（(](?:如)?([^（）()]+)[）)]/.exec(piece)?.[1];
    for (const member of inside?.split(/[、，]/) ?? []) add(member.replace(/等$/, "").trim(), true);
  });
  return parts.some((p) => p.choice !== 0) ? parts : [];
}

/** Openings a member does not need ("识别我国在技术路线", "以光伏"). */
const PART_LEAD =
  /^(?:同时|并|可)?(?:提出|形成|构建|给出|研究|分析|识别|梳理|跟踪|聚焦|面向|围绕|结合|针对|探索|以)?(?:覆盖)?(?:我国在|我国)?/;
/** 与 and 和 as conjunctions, not inside 参与, 给与, 和解, 平和. */
const CONJUNCTION = /(?<![参给])与(?!会)|(?<![平调])和(?![解谐])/g;
/** A head that relates the things joined ("标准与专利协同机制"): one relation, not two objects. */
const RELATION_HEAD = /(?:协同|衔接|联动|互动|关系|融合|平衡|结合)(?:机制|路径|模式)?$/;
/** "…新能源汽车三个重点出口产业": the count and collective that close a list of fields. */
const COLLECTIVE_TAIL = /[一二三四五六七八九十两\d]+(?:个|类|大)?[^、]*(?:产业|领域|行业)$/;

/**
 * The members an item enumerates, each a thing a reader may check on its own: the examples of its
 * lists ("音视频、通信等…领域", "（如神经信号采集、解码算法…）", "光伏、锂电池、新能源汽车三个…产业") and the
 * distinct objects it joins with 、及与和 ("垄断风险与创新抑制问题", "专利布局优化、风险预警及产业创新路径建议").
 * Of an item that offers alternatives (或), its alternatives and their examples (`choiceParts`). None
 * for an item that relates what it joins ("标准与专利协同机制") or whose list only qualifies one head
 * ("标准提案与技术研发、专利布局的协同机制"). Members of fewer than two characters
 * (美, 欧) are left to the item.
 */
export function itemParts(text: string): ItemPart[] {
  if (/或/.test(unbracketed(text))) return choiceParts(text);
  const parts: ItemPart[] = [];
  const add = (raw: string, example: boolean) => {
    const t = raw.replace(PART_LEAD, "").replace(/等$/, "").trim();
    if ((t.match(/[\p{Script=Han}a-zA-Z0-9]/gu) ?? []).length >= 2 && !parts.some((p) => p.text === t))
      parts.push({ text: t, example });
  };
  for (const m of text.matchAll(/[（(](?:如)?([^（）()]+)[）)]/g))
    for (const member of (m[1] as string).split(/[、，]/)) add(member, true);
  const flat = unbracketed(text);
  // "低空经济（智能飞行、无人机…）等产业中的关键共性技术": what is studied in the fields, a thing of its own.
  const studied = parts.length > 0 ? /中的([^、，的]{2,})$/.exec(flat)?.[1] : undefined;
  if (studied) add(studied, false);
  // "美、欧、中、英等主要司法辖区": members too short to check alone, checked together as one member.
  const short = /((?:\p{Script=Han}、)+\p{Script=Han})等([^在的，、]{2,8}?)(?=在|的|$)/u.exec(flat);
  if (short) add(`${short[1]}等${short[2]}`, false);
  const pieces = topLevelParts(flat.replace(CONJUNCTION, "、"));
  if (pieces.length < 2) return parts;
  const last = pieces[pieces.length - 1] as string;
  const of = last.indexOf("的");
  if (RELATION_HEAD.test(last)) {
    // "标准提案与技术研发、专利布局的协同机制": three things to bring together, each a member; a relation of
    // two ("标准与专利协同机制") is one thing.
    if (pieces.length >= 3) {
      const head = last.lastIndexOf("的");
      for (const piece of [...pieces.slice(0, -1), head > 0 ? last.slice(0, head) : last]) add(piece, false);
    }
    return parts;
  }
  if (of >= 0 && of <= 4 && !last.includes("等")) {
    // "覆盖预警、应对、救济的全链条…体系": what the head covers, each a member of it, not an item.
    if (!/与|和/.test(flat))
      for (const piece of [...pieces.slice(0, -1), last.slice(0, of)]) add(piece, true);
    return parts;
  }
  // "降低交易成本、减少诉讼方面的积极作用": 方面的… is said of every member; the last is 减少诉讼.
  const aspect = /^(.{2,}?)方面的[^、]+$/.exec(last);
  if (aspect) pieces[pieces.length - 1] = aspect[1] as string;
  const collective = COLLECTIVE_TAIL.test(last);
  const lastList = pieces.map((p) => p.includes("等")).lastIndexOf(true);
  pieces.forEach((piece, i) => {
    const at = piece.lastIndexOf("等");
    if (collective && i === pieces.length - 1) {
      add(piece.replace(COLLECTIVE_TAIL, ""), true);
      return;
    }
    if (at < 0) {
      // A member of a list closed by a later 等 is an example; "…企业在国际合作": what follows 在.
      add(
        piece.includes("在") ? piece.slice(piece.lastIndexOf("在") + 1) : piece,
        i < lastList || collective,
      );
      return;
    }
    // "英等主要司法辖区在 SEP 禁令救济": the member before 等, and what follows the category.
    add(piece.slice(0, at), true);
    const rest = piece.slice(at + 1);
    const cut = rest.search(/[在的中](?!.*[在的中])/);
    if (cut >= 0) add(rest.slice(cut + 1), i < lastList);
  });
  return parts;
}
