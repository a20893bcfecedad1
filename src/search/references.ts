import { parseChineseNumber } from "../corpus/numerals.ts";

const NUM = "(\\d{1,3}|[零〇一二两三四五六七八九十]{1,3})";
const EN_NUMBERS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];
const ORDINALS = [
  "zeroth",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
];
const EN_NUM = `(\\d{1,3}|${EN_NUMBERS.join("|")})`;
const JOIN =
  "\\s*(?:和|与|跟|及|同|、|,|/|&|以及|还是|对比|比较|\\bvs\\.?|\\bversus|\\band|\\bor|\\bwith)\\s*";
/** What may not follow a number for it to be a direction number: units, years, 6G, "十五五". */
const NOT_A_DIRECTION =
  "(?![\\d.]|\\s*(?:g\\b|年|月|日|%|万|亿|元|部分|次|批|届|代|五|号文|个月|天|周|小时|件))";

const PATTERNS: RegExp[] = [
  // 方向3, 方向三, 方向 7 和 8, 方向7、8
  new RegExp(
    `(?:方向|序号|编号)(?!一致|一样|一下|上|一般|一些|一定|一直|一起|一切|一同|一体|一种|一块)\\s*(?:第|no\\.?|#)?\\s*${NUM}\\s*(?:号|个|项)?${NOT_A_DIRECTION}((?:${JOIN}(?:方向|第)?\\s*${NUM}\\s*(?:号|个|项)?${NOT_A_DIRECTION})*)`,
    "g",
  ),
  // 第三个方向, 第9个, 第2项, 第十个方向, 第7和第8个方向
  // Not another list's ordinal: the world's first pool (世界上第一个), a licence's or a law's article (第3条).
  new RegExp(
    `(?<!世界上|历史上|史上|全球|全国|国内|国际上|许可证|协议|合同|法|条例|公约|办法|细则|license\\s?)第\\s*${NUM}\\s*(?:个|项|条(?!之|第|款|规定)|号|类)(?!问题|问|原因|方面|阶段|步|部分|环节|要点|人|月)(?:研究)?(?:方向)?((?:${JOIN}(?:第)?\\s*${NUM}\\s*(?:个|项|条|号)?(?:研究)?(?:方向)?)*)`,
    "g",
  ),
  new RegExp(`第\\s*${NUM}((?:${JOIN}第\\s*${NUM})+)\\s*(?:个|项|条|号)?\\s*(?:研究)?方向`, "g"),
  new RegExp(`第\\s*${NUM}\\s*(?:研究)?方向((?:${JOIN}(?:第)?\\s*${NUM}\\s*(?:研究)?方向?)*)`, "g"),
  // 7号方向, 3号
  new RegExp(`(?<![\\d.])${NUM}\\s*号\\s*(?:研究)?方向`, "g"),
  // direction 3, directions 7 and 8, direction no. 5, direction #5, direction seven
  new RegExp(
    `\\bdirections?\\s*(?:no\\.?\\s*|number\\s*|#\\s*)?${EN_NUM}\\b((?:${JOIN}(?:direction\\s*)?(?:#\\s*)?${EN_NUM}\\b)*)`,
    "g",
  ),
  // the 3rd direction, the third direction
  new RegExp(
    `\\b(?:the\\s+)?(\\d{1,2}(?:st|nd|rd|th)|${ORDINALS.join("|")})\\s+(?:research\\s+)?direction\\b`,
    "g",
  ),
  // #3, No. 3, item 3, topic 3
  new RegExp(`(?:#\\s*|\\bno\\.\\s*|\\bnumber\\s+|\\bitem\\s+|\\btopic\\s+)${EN_NUM}\\b`, "g"),
];

/**
 * "7 和 8 有什么区别", "9 vs 10": bare numbers count only where a comparison is asked for, and not as the
 * numbers of something else (对比文件1和2, 权利要求1和3, claims 1 and 2).
 */
const BARE_PAIR = new RegExp(
  `(?<![\\d.a-z]|文件|权利要求|实施例|附图|图|表|条|款|附件|步骤|页|段|claims?\\s|figs?\\.?\\s|figures?\\s)(\\d{1,2})${NOT_A_DIRECTION}${JOIN}(\\d{1,2})${NOT_A_DIRECTION}`,
  "g",
);

/** 3, three, third, 3rd, 三: the number a token writes. */
export function toNumber(token: string): number | undefined {
  const ordinal = ORDINALS.indexOf(token);
  if (ordinal >= 0) return ordinal;
  if (/^\d+(?:st|nd|rd|th)$/.test(token)) return Number.parseInt(token, 10);
  const en = EN_NUMBERS.indexOf(token);
  return en >= 0 ? en : parseChineseNumber(token);
}

function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(
    new RegExp(`\\d{1,2}(?:st|nd|rd|th)|${ORDINALS.join("|")}|${NUM}|${EN_NUM}`, "g"),
  )) {
    const n = toNumber(m[0]);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/**
 * Direction numbers a question names, in the order named, each once: 方向3, 第三个方向, 方向三, 第9个,
 * 第十个方向, direction 3, #3, and "7 和 8" when comparing. Numbers outside the table are returned too,
 * so the caller can say which numbers exist.
 */
export function directionReferences(normalized: string, comparing: boolean): number[] {
  const found: { at: number; n: number }[] = [];
  for (const pattern of PATTERNS) {
    for (const m of normalized.matchAll(pattern)) {
      const at = m.index ?? 0;
      for (const n of numbersIn(m[1] ?? "")
        .slice(0, 1)
        .concat(numbersIn(m[2] ?? "")))
        found.push({ at, n });
    }
  }
  if (comparing) {
    for (const m of normalized.matchAll(BARE_PAIR)) {
      for (const n of [m[1], m[2]]) found.push({ at: m.index ?? 0, n: Number(n) });
    }
  }
  const seen = new Set<number>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.n)
    .filter((n) => !seen.has(n) && seen.add(n));
}

/** Part numbers a question names: 第二部分, part 2. */
export function partReferences(normalized: string): number[] {
  const parts = new Set<number>();
  for (const m of normalized.matchAll(new RegExp(`第\\s*${NUM}\\s*部分|\\bpart\\s*${EN_NUM}\\b`, "g"))) {
    const n = toNumber(m[1] ?? m[2] ?? "");
    if (n !== undefined) parts.add(n);
  }
  return [...parts];
}
