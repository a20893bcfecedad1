/**
 * What a question says it is not about. "不是国内建池", "研究对象不是机器人", "不涉及标准", "而非终端产品",
 * "not the standard itself": the words after such a cue, to the end of their clause, name what the
 * applicant sets aside, so they are no evidence for a direction. A concession set before the real topic
 * ("虽然会覆盖到低空场景，…", "既看到了海外专利池的压力，但这次更想研究的是…") is background in the same way.
 *
 * The retriever removes these spans only when what is left still reaches the table: a question that is
 * nothing but a negation ("不是专利池的问题") keeps its words.
 */

/** Where a clause ends: punctuation, or a turn to what the question is about (而是, 但, 而). */
const CLAUSE_END = String.raw`(?=[，。；;,.!?！？：:]|而是|但(?:是)?|不过|只是|主要|重点|\bbut\b|\brather\b|$)`;

/**
 * Cues that set aside what follows. 是不是 and 不是吗 ask, 不仅是 / 不只是 / 不光是 include, 不是很 hedges:
 * none of them negates. 排除 is not a cue either: 排除风险, 排除妨碍 and 排除侵权嫌疑 are topics.
 */
const CUES = [
  "(?<!是|并|而|要|可|就|也|还|总)不是(?!吗|么|很|太|特别|非常|所有|每|一般|简单|单纯|只|仅|光)(?:关于|针对|研究|做|讲|谈|聚焦|指)?",
  "并(?:不是|非)",
  "而(?:不是|非)",
  "不(?:涉及|包括|包含|含|针对|研究|关注|讨论|考虑|做|聊|谈|碰|打算(?:做|研究)|准备(?:做|研究))",
  "(?:暂不|先不|无需|不需要|不用)(?:涉及|考虑|研究|讨论|关注|管)",
  "与(?:此|之)?无关的?",
  String.raw`\bnot (?:about |on |the |a |an |in |for |covering |including |focused on )*`,
  String.raw`\bwith no\b`,
  String.raw`\brather than\b`,
  String.raw`\binstead of\b`,
  String.raw`\bexcluding\b`,
  String.raw`\bother than\b`,
];

const NEGATED = new RegExp(`(?:${CUES.join("|")})[^，。；;,.!?！？：:]*?${CLAUSE_END}`, "gu");

/** "不属于任何专利池的权利人": what one is not part of, to the 的 that ends the attribute. */
const NOT_PART_OF = /不(?:属于|加入|参加|参与)[^，。；;,.!?！？：:的]*的?/gu;

/** "X 与此无关" negates what comes before the cue, to the start of its clause. */
const UNRELATED_AFTER =
  /[^，。；;,.!?！？：:]*?(?:与(?:此|本课题|本研究|我们)?无关|不在(?:我们的|本次)?(?:研究)?范围(?:内|之内)?)/gu;

/**
 * A concession before the real topic: 虽然/尽管/虽说 to the end of its clause, or a clause that a
 * following 但这次更想研究 / 但主要关注 / but we mainly turns away from.
 */
const CONCESSION = /(?:虽然|虽说|虽|尽管|\balthough\b|\beven though\b)[^，。；;,.!?！？]*/gu;
const TURNED_FROM =
  /[^。；;.!?！？]*?(?=[，,]?\s*(?:但|但是|不过|可是|然而)(?:我们)?(?:这次|本次|此次|这回)?(?:(?:更|主要|重点|真正|其实|实际上)(?:想|要|是|在|关注|研究|聚焦|侧重|放在)|(?:目的|目标|落脚点|用意)(?:是|在于)))/gu;

/**
 * Words that say what the study really is, after background that sounds like another row: "但真正想研究的是",
 * "其实这次申报的核心是", "我们课题的核心是", "研究重点是", "but our real focus is". Everything before the
 * first of them is motivation, not topic.
 */
const FOCUS =
  /真正(?:想|要)?(?:研究|做|关注|关心|在意|申报|感兴趣)|(?:申报|课题|研究|项目)的?(?:核心|重点|落脚点|焦点)(?:却|则|其实|还是)?(?:是|在于|放在|在)|(?:本|我们的?|这个|这次的?)(?:课题|项目|研究)(?:其实|实际上|主要|只|则)(?:是|聚焦|关注|研究)|(?:但|不过|可是)(?:是)?(?:本|我们的?|这个|这次的?)(?:课题|项目|研究)(?:聚焦|关注|研究|是)|(?<=[，。；;,.!?！？\s])(?:但|不过|而)?(?:我们)?(?:这次|本次|此次|这回|今年)(?:我们)?(?:想|打算|准备|计划|希望|要)(?:做|研究|申报|报|聚焦|关注|重点)|(?:我们|我司|我)(?:只|就只|仅)(?:做|研究|关注|聚焦|涉及)|(?:我们|我司|我)(?:真正|实际)?(?:要|想|打算)(?:做|研究|申报)的(?:其实|就)?是|(?<=(?:分不清|搞不清|拿不准|吃不准|不太清楚|不知道怎么选)[^，。；,;]{0,6}[，。；,;]\s*)(?=(?:我|我们)(?:要|想|打算|准备)(?:研究|做))|(?:想|要|打算)专门(?:研究|关注|申报)|(?<=(?:前两年|前几年|之前|以前|此前|过去|去年|早先|已经)[^。；;]{0,30}?(?:做了|做过|完成了?|研究过|研究了|做完)[^。；;]*[。；;]\s*(?:[^。；;]*[。；;]\s*)?[^。；;，,]{0,12}?)(?:现在|这次|本次|接下来|下一步)?(?:想|打算|准备|计划|希望)(?:研究|做|申报)|(?<![我们司])(?:想|要|打算|准备)(?:研究|做|申报)的(?:其实|就)?是|(?:现在|目前|眼下)?最(?:棘手|头疼|头痛|迫切)的(?:问题)?(?:是|在于)|问题(?:就)?出在|\bwhat we (?:now |really |actually )?want (?:to study|to research|funded)\b|\bthe question we (?:actually |really |now )?want\b|\bwe now want to study\b|\bthis (?:time|year),? we (?:want|plan|intend|would like) to\b|\b(?:our|the) (?:real|actual|main|core) (?:focus|project|question|topic|interest|aim)\b|\bwhat we (?:really|actually) (?:want|study|do)\b/;

/** Where what the question says it really studies begins (0 when it says no such thing). */
export function focusStart(text: string): number {
  return Math.max(0, text.search(FOCUS));
}

/** The question without the background before what it says it really studies. */
function fromFocus(text: string): string {
  const at = focusStart(text);
  return at > 0 ? text.slice(at) : text;
}

/** The question without what it says it is not about; unchanged when it sets nothing aside. */
export function withoutNegated(text: string): string {
  const focused = fromFocus(text);
  if (!MAY_NEGATE.test(focused)) return focused;
  return focused
    .replace(NOT_PART_OF, " ")
    .replace(NEGATED, " ")
    .replace(UNRELATED_AFTER, " ")
    .replace(CONCESSION, " ")
    .replace(TURNED_FROM, " ");
}

/** Cheap test before the patterns run: most questions have none of these characters or words. */
const MAY_NEGATE =
  /不|非|无关|虽|尽管|但|可是|然而|\bnot\b|\brather\b|\binstead\b|\bexcluding\b|\bother than\b|\bwith no\b|\balthough\b|\bthough\b/;
