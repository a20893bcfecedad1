/**
 * The review's rule on top of the general fact guard (src/answer/fact-guard.ts): a review must not
 * state requirements either, so a sentence about a deadline, an amount, a page limit or an eligibility
 * rule the row does not contain is dropped even when it names no date or number.
 */

/** Sentence kinds the table never states: when, how much, how long, who may apply. */
const UNSUPPORTED =
  /截止|截至|期限|deadline|申报时间|申报日期|受理时间|提交时间|经费|资助|补贴|奖励|万元|亿元|\d+\s*元|金额|预算|funding|budget|grant of|页以内|不超过\s*\d+\s*(?:页|字)|字数|page limit|申报条件|申报资格|资格要求|须具备|eligib|\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月\s*\d{1,2}\s*日|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d/i;

/** Drops each sentence or bullet that states such a fact, unless the row's own text has its numbers. */
export function dropUnsupportedFacts(text: string, rowText: string): string {
  const kept: string[] = [];
  for (const line of text.split("\n")) {
    const parts = line.split(/(?<=[。！？!?；;])/);
    const survivors = parts.filter((part) => {
      if (!UNSUPPORTED.test(part)) return true;
      const numbers = part.match(/\d+/g) ?? [];
      // "2025-2026年稳增长行动方案" is the row's own title: its years are not a new fact.
      return (
        numbers.length > 0 &&
        numbers.every((n) => rowText.includes(n)) &&
        !/截止|期限|deadline|经费|资助|万元|元/.test(part)
      );
    });
    const joined = survivors.join("");
    if (joined.trim() || line.trim() === "") kept.push(joined);
  }
  return kept.join("\n").replace(/\n{3,}/g, "\n\n");
}
