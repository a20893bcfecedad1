import { toSimplified } from "./chinese-script.ts";

// Traditional → simplified is OpenCC's tw2s (characters), not its vocabulary tables ("twp"): they
// rewrite simplified words too (核心 → 内核, 新增 → 添加); the few phrases that differ across the strait
// (人工智慧, 營業秘密) are synonyms in the corpus's companion file instead.

/** Any CJK ideograph; the cheap test that decides whether the converter needs to run at all. */
const HAN = /\p{Script=Han}/u;

/**
 * Brings what an applicant types and what the table says to one form before tokenization:
 * full-width → half-width (NFKC), traditional → simplified, lower case, and the corpus's synonyms
 * (智慧财产权 → 知识产权) so that variants meet the table's own words. `simplified` skips the conversion
 * for text known to be simplified already (the table and the team's keywords), which is most of start-up.
 */
export function normalize(text: string, synonyms?: ReadonlyMap<string, string>, simplified = false): string {
  let out = text.normalize("NFKC").toLowerCase();
  if (!simplified && HAN.test(out)) out = toSimplified(out);
  if (synonyms && synonyms.size > 0) {
    const pattern = synonymPattern(synonyms);
    out = out.replace(pattern, (variant) => synonyms.get(variant) ?? variant);
  }
  return out;
}

const patterns = new WeakMap<ReadonlyMap<string, string>, RegExp>();

/** Every variant in one pattern, longest first (授权金 before 授权): one pass over the text, not one per synonym. */
function synonymPattern(synonyms: ReadonlyMap<string, string>): RegExp {
  let pattern = patterns.get(synonyms);
  if (!pattern) {
    const variants = [...synonyms.keys()].sort((a, b) => b.length - a.length);
    pattern = new RegExp(variants.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    patterns.set(synonyms, pattern);
  }
  return pattern;
}
