/** What the applicant wants done with the directions found. */
export type Intent = "topic" | "policy" | "tips" | "compare" | "overview";

const TIPS =
  /怎么写|如何写|怎样写|咋写|写好|撰写|申报书|申请书|申报材料|写作|要点|技巧|注意(?:什么|事项|哪些|些)|突出(?:什么|哪些)|框架|提纲|大纲|思路|怎么准备|如何准备|准备什么|怎么报|如何申报|清单|模板|\bhow (?:do|to|should|can|would) (?:i |we )?(?:write|draft|prepare|structure)|\bwrit(?:e|ing)\b|\btips?\b|\bchecklist\b|\boutline\b|\bdraft(?:ing)?\b|\bstrong proposal\b/;
const POLICY =
  /政策|依据|指引|引用|援引|出处|(?:哪些|什么|哪个|相关)文件|\bpolic(?:y|ies)\b|\bbasis\b|\bcit(?:e|es|ed|ing)\b|\bdocuments?\b|\bgrounds?\b/;
const COMPARE =
  /区别|区分|不同|差异|差别|异同|对比|比较|(?:和|跟|与|同).{0,12}比|还是|哪个更|有何不同|一样吗|\bvs\.?\b|\bversus\b|\bdiffer(?:ence|ences|ent)?\b|\bcompare[ds]?\b|\bdistinguish\b|\bor\b/;
const OVERVIEW =
  /(?:有哪些|哪几个|全部|所有|列出|一共|几个|多少个)(?:研究)?方向|方向(?:列表|清单|有哪些|一览)|\b(?:list|all|which|what) (?:the )?(?:research )?directions\b|\boverview\b/;

/** Words that ask for a comparison outright; a bare "or" / 还是 ("能报吗还是不行") does not. */
const EXPLICIT_COMPARE =
  /区别|区分|不同|差异|差别|异同|对比|比较|(?:和|跟|与|同).{0,12}比|哪个更|\bvs\.?\b|\bversus\b|\bdiffer(?:ence|ences|ent)?\b|\bcompare[ds]?\b|\bdistinguish\b/;

export function comparesExplicitly(normalized: string): boolean {
  return EXPLICIT_COMPARE.test(normalized);
}

/** Every intent the question shows; `primary` orders them: tips over policy over compare over topic. */
export function detectIntents(normalized: string): { primary: Intent; all: Set<Intent> } {
  const all = new Set<Intent>();
  if (TIPS.test(normalized)) all.add("tips");
  if (POLICY.test(normalized)) all.add("policy");
  if (COMPARE.test(normalized)) all.add("compare");
  if (OVERVIEW.test(normalized)) all.add("overview");
  const primary = (["tips", "policy", "compare", "overview"] as const).find((i) => all.has(i)) ?? "topic";
  return { primary, all };
}
