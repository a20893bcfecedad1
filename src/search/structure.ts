import { parseChineseNumber } from "../corpus/numerals.ts";
import type { Table } from "../corpus/types.ts";
import { toNumber } from "./references.ts";

/** ① … ⑳, ❶ … ❿, ➀ … ➉: circled numbers people pick from a list (NFKC turns them into bare digits). */
const CIRCLED: [number, number][] = [
  [0x2460, 0x2473],
  [0x2776, 0x277f],
  [0x2780, 0x2789],
  [0x278a, 0x2793],
];

function circledNumber(ch: string): number | undefined {
  const code = ch.codePointAt(0) ?? 0;
  for (const [from, to] of CIRCLED) if (code >= from && code <= to) return code - from + 1;
  return undefined;
}

/** Direction numbers written as circled numbers in the question as typed: "⑤", "①和②的区别". */
export function circledReferences(question: string): number[] {
  const out: number[] = [];
  for (const ch of question) {
    const n = circledNumber(ch);
    if (n !== undefined && !out.includes(n)) out.push(n);
  }
  return out;
}

/** A question that is only a number ("5", "第5", "5?"): the direction of that number. */
export function bareNumber(normalized: string): number | undefined {
  const m = /^(?:第|no\.?|#)?\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:个|项|号)?\s*[?？!！.。]*$/.exec(
    normalized,
  );
  return m ? (/\d/.test(m[1] ?? "") ? Number(m[1]) : parseChineseNumber(m[1] ?? "")) : undefined;
}

const NOT_A_ROW = "(?!问题|问|阶段|环节|步|人|月|年|天|周|部分)";
const ORDINAL = new RegExp(
  "(?:的)?(?:第\\s*(\\d{1,2}|[一二三四五六七八九十两]{1,2})\\s*(?:个|项|条|号)" +
    NOT_A_ROW +
    "|(最后|末尾|倒数第\\s*(?:一|1))\\s*(?:的|面的?)?(?:那|这)?\\s*一?\\s*(?:个|项|条)" +
    NOT_A_ROW +
    "|倒数第\\s*(二|2|三|3)\\s*(?:个|项|条)" +
    NOT_A_ROW +
    "|(头|首)\\s*一?\\s*(?:个|项|条)" +
    NOT_A_ROW +
    ")",
);
const PART_WORD = /(?<!第)(?:那|这|该)?\s*(?:一)?\s*(?:部分|板块|大类|类|块|组)/;

/** Words every part title shares: a part named only by them is not named. */
const GENERIC_PART = /知识产权|研究|机制|与|和|的/g;

/**
 * The table's own structure as people refer to it: a part named by its title's words
 * ("标准必要专利那部分") and an ordinal within it ("的第一个" → 9), "最后一个" (of a part or the table),
 * "倒数第二个". Returns the direction numbers meant, or undefined when the question does not use them.
 */
export function structureReferences(normalized: string, table: Table): number[] | undefined {
  const english = englishStructure(normalized, table);
  if (english) return english;
  const text = normalized.replace(/\s+/g, "");
  let part: number | undefined;
  let after = text;
  const partWord = new RegExp(PART_WORD.source, "g");
  for (const m of text.matchAll(partWord)) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 10), m.index ?? 0);
    const numbered = /第(\d|[一二三])$/.exec(before);
    const found = numbered
      ? Number(/\d/.test(numbered[1] ?? "") ? numbered[1] : parseChineseNumber(numbered[1] ?? ""))
      : bestPart(before, table);
    if (found !== undefined && table.parts.some((p) => p.number === found)) {
      part = found;
      after = text.slice((m.index ?? 0) + m[0].length);
      break;
    }
  }
  const ordinal = ORDINAL.exec(part === undefined ? text : after);
  if (!ordinal) return undefined;
  // "最后一个" of the whole table only where the question is about the table's rows, not in a long plan.
  if (part === undefined && !/方向|^.{0,12}$/.test(text)) return undefined;
  const rows = table.directions.filter((d) => part === undefined || d.part.number === part);
  const pick = (i: number) => {
    const d = rows[i < 0 ? rows.length + i : i];
    return d ? [d.id] : [];
  };
  if (ordinal[2]) return pick(-1);
  if (ordinal[3])
    return pick(-(/\d/.test(ordinal[3]) ? Number(ordinal[3]) : (parseChineseNumber(ordinal[3]) ?? 1)));
  if (ordinal[4]) return pick(0);
  // "第三个" without a part is the table's own numbering, which the direction references already read.
  if (part === undefined) return undefined;
  const n = /\d/.test(ordinal[1] ?? "") ? Number(ordinal[1]) : parseChineseNumber(ordinal[1] ?? "");
  return n === undefined ? undefined : pick(n - 1);
}

/** The part whose title shares the longest distinctive run (2+ characters) with the words before 部分. */
function bestPart(before: string, table: Table): number | undefined {
  let best: { n: number; len: number } | undefined;
  for (const p of table.parts) {
    const title = p.title.replace(GENERIC_PART, "|");
    for (let len = Math.min(before.length, 8); len >= 2; len--) {
      const tail = before.slice(before.length - len).replace(/^(?:那|这|的)+|(?:那|这|的)+$/g, "");
      if (tail.length >= 2 && title.includes(tail)) {
        if (!best || tail.length > best.len) best = { n: p.number, len: tail.length };
        break;
      }
    }
    // The words may sit anywhere before 部分 ("专利池相关的那部分"): any distinctive run of 3+.
    for (let i = 0; i + 3 <= before.length; i++) {
      const span = before.slice(i, i + 3);
      if (title.includes(span) && (!best || best.len < 3)) best = { n: p.number, len: 3 };
    }
  }
  return best?.n;
}

const EN_ORDINAL =
  "(first|second|third|fourth|fifth|sixth|\\d(?:st|nd|rd|th)|last|final|penultimate|second[- ]to[- ]last)";
const EN_ROW = "(?:research\\s+)?(?:direction|one|item|row|topic)s?";
const EN_PART = "(?:part|section)\\s+(\\d|one|two|three)";
/** "the last direction in part three", "part 2's first direction", "the final direction". */
const EN_IN_PART = new RegExp(
  `\\b${EN_ORDINAL}\\s+${EN_ROW}\\s+(?:in|of|under|from)\\s+(?:the\\s+)?${EN_PART}\\b`,
);
const EN_PART_FIRST = new RegExp(
  `\\b${EN_PART}(?:'s|’s)?\\s*(?:,\\s*)?(?:the\\s+)?${EN_ORDINAL}\\s+${EN_ROW}`,
);
const EN_LAST = /\b(?:the\s+)?(last|final|penultimate|second[- ]to[- ]last)\s+(?:research\s+)?direction\b/;

/** The same in English: an ordinal within a part, or the table's last directions. */
function englishStructure(normalized: string, table: Table): number[] | undefined {
  let ordinal: string | undefined;
  let part: number | undefined;
  const inPart = EN_IN_PART.exec(normalized);
  const partFirst = inPart ? undefined : EN_PART_FIRST.exec(normalized);
  if (inPart) [ordinal, part] = [inPart[1], toNumber(inPart[2] ?? "")];
  else if (partFirst) [ordinal, part] = [partFirst[2], toNumber(partFirst[1] ?? "")];
  else ordinal = EN_LAST.exec(normalized)?.[1];
  if (ordinal === undefined) return undefined;
  if (part !== undefined && !table.parts.some((p) => p.number === part)) return undefined;
  const rows = table.directions.filter((d) => part === undefined || d.part.number === part);
  const fromEnd = /penultimate|second[- ]to[- ]last/.test(ordinal) ? 2 : /last|final/.test(ordinal) ? 1 : 0;
  const index = fromEnd > 0 ? rows.length - fromEnd : (toNumber(ordinal) ?? 0) - 1;
  const d = rows[index];
  return d ? [d.id] : [];
}
