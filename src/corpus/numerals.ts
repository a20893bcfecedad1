/** Chinese numerals as the tables and their readers write them. */
const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Reads a Chinese numeral up to 99 (十五 → 15, 二十 → 20, 三 → 3); undefined when it is not one. */
export function parseChineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (m) return (m[1] ? (CN_DIGITS[m[1]] ?? 0) : 1) * 10 + (m[2] ? (CN_DIGITS[m[2]] ?? 0) : 0);
  if (text.length === 1 && text in CN_DIGITS) return CN_DIGITS[text];
  return undefined;
}

/** 1 → 一, 10 → 十, 12 → 十二: how the tables number their parts. */
export function chineseNumeral(n: number): string {
  const digits = "零一二三四五六七八九";
  if (n < 10) return digits[n] ?? String(n);
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ""}`;
  return String(n);
}
