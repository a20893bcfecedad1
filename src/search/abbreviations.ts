/**
 * Latin abbreviations and the table's Chinese for them: a row that says 标准必要专利 says SEP. Used where
 * a question's words are checked against a row's text (which row says more of them), and by the draft
 * review's English matching.
 */
export const CHINESE_FOR_LATIN: Readonly<Record<string, readonly string[]>> = {
  sep: ["标准必要专利"],
  frand: ["公平合理无歧视", "公平、合理、无歧视"],
  ntn: ["非地面网络"],
  // Section 337 investigations, by who runs them and what they order.
  "337": ["美国国际贸易委员会", "国际贸易委员会", "排除令"],
};
