/**
 * A proposal draft reviewed against the table: which direction it fits (and the runner-up), how it
 * covers that row's research scope, focus items and expected outputs, whether it cites the row's policy
 * documents, and what to strengthen. Everything is drawn from the row's own words and the draft's own
 * sentences; nothing here knows of a model, a chat or a file format.
 */
import type { Direction, Edition } from "../corpus/types.ts";
import { normalize } from "../search/normalize.ts";
import { ENGLISH_TERMS } from "./glossary.ts";
import {
  enoughMembers,
  enumerations,
  itemParts,
  type RowItem,
  resolveReferences,
  rowItems,
  topLevelParts,
} from "./items.ts";
import { ContentWords, has, type ItemModel, matchItem, type Paraphrase, windowOf } from "./match.ts";

export { type RowItem, rowItems } from "./items.ts";

export type Coverage = "covered" | "partly" | "missing";

/** One member of an item's enumeration, checked on its own (see `itemParts`). */
export interface CoveragePart {
  text: string;
  /** A member of a list of examples: the item needs half of them (and two), not all. */
  example: boolean;
  /** Of an item that offers a choice, the alternative the member belongs to (see `itemParts`). */
  choice?: number;
  status: Coverage;
  score: number;
  evidence?: string;
}

export interface CoverageItem extends RowItem {
  status: Coverage;
  /**
   * The members the item enumerates, each checked on its own ("光伏", "锂电池", "新能源汽车"); absent for
   * an item that names one thing.
   */
  parts?: CoveragePart[];
  /** 0–1: how much of the item the best sentence (or run of up to three sentences) of the draft has. */
  score: number;
  /** The draft's own sentence(s) that cover it best (absent when missing). */
  evidence?: string;
}

export interface DirectionFit {
  id: number;
  title: string;
  score: number;
  /** Sentences of the draft that point to this direction, with the terms they share with it. */
  evidence: { sentence: string; terms: string[] }[];
}

export interface PolicyCheck {
  /** The document as the table names it. */
  title: string;
  cited: boolean;
  evidence?: string;
}

export interface Suggestion {
  text: string;
  /** General writing advice, not drawn from the row: marked as such wherever it is shown. */
  general: boolean;
  /** The row item it strengthens. */
  item?: string;
}

/** The review's contract: what `ask --json --file` prints and what the renderers show. */
export interface DraftReview {
  fit: DirectionFit;
  runnerUp?: DirectionFit;
  /** True when the runner-up is nearly as good: the draft could be pitched either way. */
  close: boolean;
  /**
   * True when the evidence for even the best row is weak: no direction fits well, and `fit` is only
   * the closest row, a possibility to consider (coverage is checked against it all the same).
   */
  weak: boolean;
  coverage: CoverageItem[];
  policy: PolicyCheck[];
  suggestions: Suggestion[];
}

/** Words the table uses for every row; sharing them says nothing about a draft's fit. */
const GENERIC =
  /提出|建议|研究|分析|识别|梳理|结合|形成|构建|探索|聚焦|针对|围绕|对比|选择|重点|我国|国内外|全球|主要|具体|方面|问题|前沿|相关|领域|产业|企业|等|的|与|及|和|在|中|对|可|如|或|以|为|其|并|同时|关键|典型|体系|机制|策略|路径|模式|态势|布局|知识产权|专利(?!池)/g;
/** An expected output is delivered only where the draft says it delivers something. */
const OUTPUT_CUE =
  /提出|形成|构建|给出|编制|撰写|制定|发布|预期|成果|报告|指南|指引|建议|方案|清单|手册|deliverable|output|recommend|guide|playbook|framework|report|handbook|propos/;
/** A bullet or list number that opens a line ("1．", "（二）", "三、", "- "), not the 6 of 6G. */
const LIST_MARK =
  /^(?:[\s#>*\-•·]+|(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.．、)）]|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|第[一二三四五六七八九十\d]{1,3}[，、,]?)+/u;
/** Each part of a sentence list: 。！？；, line breaks, and list bullets. */
const SENTENCE_END = /(?<=[。！？；!?;])|(?<=[a-z\d)]\.)\s+(?=[A-Z])|\n+/;

/** Calibrated on the dev drafts (test/eval/drafts-dev), never on the blind ones. */
const COVERED = 0.5;
const PARTLY = 0.25;
/** A best row scoring under this has too little evidence: no direction fits well. */
const WEAK_FIT = 6;
/** A runner-up this close to the best makes the fit "close". */
const CLOSE = 0.8;

/** The draft as sentences, each trimmed, long enough to say something, at most 300 characters. */
export function sentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.replace(LIST_MARK, "").trim())
    .filter((s) => s.replace(/\s/g, "").length >= 6)
    .map((s) => (s.length > 300 ? `${s.slice(0, 299)}…` : s));
}

/** Character bigrams of the Han runs, and whole Latin/number tokens (SEP, FRAND, 6G, 337). */
function grams(text: string, stripGeneric: boolean): Set<string> {
  const out = new Set<string>();
  const source = stripGeneric ? text.replace(GENERIC, "|") : text;
  for (const run of source.match(/\p{Script=Han}+/gu) ?? []) {
    if (run.length === 1) continue;
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  for (const word of source.match(/[a-z0-9][a-z0-9+\-.]*[a-z0-9+]|[a-z0-9]{2,}/g) ?? [])
    if (!/^\d{1,2}$/.test(word)) out.add(word);
  return out;
}

interface Prepared {
  sentences: string[];
  normalized: string[];
  /** Which paragraph each sentence is in: a window of sentences never crosses a blank line. */
  paragraph: number[];
  /**
   * Sentences that only frame the work: the title, and sections on background, significance, the team,
   * schedule or budget. A reader counts an item said only there as touched on, not as researched.
   */
  framing: boolean[];
  /**
   * Framing sentences about the project rather than its subject: who applies, the team, schedule and
   * budget. A word there in another sense (层级管理, 谈判经验) does not touch an item by one part.
   */
  admin: boolean[];
  /** Sentences that say the draft leaves something aside ("暂不作为研究重点", "仅顺带涉及"), or in a section of later work. */
  aside: boolean[];
  /**
   * Of an aside sentence whose cue sits in a later clause with its own subject ("重点选取重大技术装备…，人工
   * 智能等其他领域仅在案例部分偶有涉及"), the clauses before it, which are not set aside; else undefined.
   */
  beforeAside: (string | undefined)[];
  /** Sentences that say what the draft will not do (我们不是要做…); they point to no row. */
  rejects: boolean[];
  /**
   * The sentences as coverage reads them: without the titles of documents others issued
   * ("四部门印发的《通用航空装备创新应用实施方案》"), whose words are not the draft's own.
   */
  own: string[];
  all: string;
}

/** A sentence that cites documents others issued, and one where the draft delivers its own. */
const CITES =
  /印发|发布|出台|施行|颁布|公布|实施的|提出的|明确提出|指出|》(?:中|里)?(?:要求|规定|强调|明确|提到|指明)/;
const DELIVERS = /形成|编制|撰写|提交|完成|产出|\d+\s*(?:份|册|套|篇)/;

/**
 * A sentence that sets its subject aside or touches it in passing: what it names is partly covered. The
 * ways drafts say so, by group.
 */
const ASIDE = new RegExp(
  [
    // Deferred: left for later, another phase or another team.
    "暂不|留待|待后续|另行|视进度(?:补充|增补|增加|而定)|(?:拟|将)?纳入后续|(?:二期|下一阶段|后续阶段)(?:研究|工作)?中?(?:处理|研究|开展|考虑)",
    "(?:后续|今后|下一步|未来)[^。；]{0,24}进一步(?:研究|探讨|关注)|(?:后续|今后|远期)(?:的)?(?:拓展|扩展|延伸)",
    "(?:后续|今后)研究(?:的)?储备|列为观察|延伸观察",
    // ...or where this work may later be carried over (后续可扩展, 后面可以照搬), another study, a later phase.
    "(?:后续|后面|以后|今后|将来)(?:还|也)?(?:可|可以|能|再)(?:再)?(?:拓展|扩展|延伸|照搬|推广到|复制到|沿用)",
    "另有(?:课题|项目|专题|研究)|另(?:立|设)(?:课题|专题|项目)|(?:放到|留到|放在|纳入)(?:二期|下一阶段|后续阶段|后续课题|后续研究)|后续课题|作为后续研究(?:方向|内容)?|(?:在|到|于)(?:二期|下一阶段|后续阶段)",
    // A token output: a few suggestions, a few points (提出若干建议, 列出若干常见要点).
    "若干(?:建议|要点|意见|思考|考虑|条|点)|若干常见|列几句|几句注意事项",
    // Bounded: outside the project's scope, not a focus, not a section of its own.
    "不在[^。；，]{0,12}范围(?:之内|以内|内)?|(?:范围|视野)之外|不属于本(?:项目|课题)|不纳入",
    "不作为[^。；，]{0,8}重点|不[作做再]?展开|不单独(?:展开|开展|开题|设题|成章|研究|分析|讨论|评估|论证|写|列)",
    "不[作做](?:专门|专题|深入|系统)(?:的)?(?:分析|研究|评估|讨论)?|不予?涉及|受(?:篇幅|时间|经费)所?限|篇幅(?:不大|有限|较小)",
    // In passing: touched once, briefly, on the side.
    "顺带|附带|一笔带过|略作|简析|偶有涉及|带一下|提一下|(?:只|仅)?提一句|一句带过|带几条|带一笔|列个名|列一下名",
    "点到为止|点一下|从略|一并提及|顺便提及|不再重复|原则性(?:的)?(?:意见|建议|判断)|(?:只|仅)(?:留|保留)(?:一|一个|一小)?(?:节|段|句)",
    "(?:仅作|只作|仅做|只做)?简要(?:描述|说明|交代|介绍|涉及|提及|梳理|分析|思考|讨论|展望|引用|提出|回顾|概述|综述)|简单(?:交代|介绍|提及|说明)",
    "(?:仅|只)在[^。；]{0,16}(?:涉及|提及|提到|标注|列出|列举|列示|说明|关注|交代|作为|列为|体现|引用|提出|点)",
    "视情况|酌情|(?:作为|列为)附(?:录|件)|附上",
    // For reference: background, comparison, a point of reference.
    "作为背景(?:材料|资料)?|背景(?:部分|里|中)?(?:引用|交代|说明|带过|提及)|(?:仅|只)作为?(?:延伸|拓展|扩展|补充|对比|比较|参照|参考|背景|铺垫|了解)",
    "作(?:为)?(?:对比|对照|参照)|可(?:供|为)[^。；]{0,20}(?:参考|借鉴)|参照[^。；]{0,20}(?:通行|已有|现有)?(?:的)?做法",
    // Tentative: a first thought, a direction rather than a result, an open question about the draft itself,
    // something optional, or no time for it.
    "初步(?:设想|思考|考虑|看法|意见)|方向性(?:的)?(?:建议|思考|意见|表述|说明)|还没想好|尚未想好|没想好",
    "(?:要不要|需不需要|是否需要|该不该|用不用)(?:写|做|研究|加|放|纳入|展开|保留|单独|单列|拆|列|比)|(?:写|做|列|加|放|展开)(?:吗|么)[?？]|[（(]可选[）)]|选做",
    "没(?:有)?(?:精力|时间)(?:深入|展开|做|细做)|无暇(?:深入|顾及|展开)|(?:也|亦)(?:需|要|应|应当|值得)(?:关注|留意|注意)[。.!！]?$",
    // Left out (不放进来, 不碰), as time permits, an open question, background, a paragraph, a tracking
    // brief, a few principles, left to others to add.
    "不放进[来去]|不碰|视进度|如有时间|时间(?:允许|不够|有限)|开放(?:性)?问题|作为[^。；，]{0,4}背景|背景概述",
    "写一段|一段(?:即可|就行|就好)|(?:仅|只)作为[^。；]{0,20}提及|不作为研究内容|不是本(?:项目|课题|研究)的?重点",
    "(?:仅|只)(?:做|作)跟踪|几条原则|给几条|留给[^。；]{0,8}(?:补充|处理)|没有(?:材料|数据|资料)|能(?:不能|否)具体|呢[?？]$",
    String.raw`\bleave (?:them|it|this|these) out\b|\bif time permits\b|\b(?:would |will )?only flag\b|\bappended\b|\bopen question\b`,
    // Not written on its own, or only kept as the row words it (申报书里写…，原样保留这句话).
    "不(?:打算|准备|想)?单独写|(?:就|先|暂时?|这次|本次)?不(?:再)?写(?![作字])|原样保留|原样照搬|照抄",
    // Said of something else: the same problem elsewhere, a link to another system, an exception.
    "(?:类似|同样)的?(?:问题|情况)|(?:也|还)(?:可|需|应)?与[^。；]{2,30}(?:衔接|对接)|除[^。；，,]{1,20}(?:外|以外|之外)[，,]",
    // Undecided: whether to take it in is still open (是否纳入尚未确定, 视经费落实情况再定, 下次会议再议).
    "是否(?:纳入|列入|一并纳入|单列|展开)|尚未(?:确定|决定|定下|明确)|待定(?!价)|(?:再|另)(?:定|议)(?![义价位向制])|未展开|(?<!被|监|电|影)视(?![为频角野觉图线])[^。；，]{0,12}(?:情况|而定|决定)",
    // ...asked of the reader whether the draft should take it in (是否需要作为独立内容单列？要不要把…放进来？).
    "(?:是否需要|是否要|要不要|需不需要|有没有必要|该不该)[^。；？?]{0,24}(?:作为|单列|纳入|涉及|放进|放入|写入|写进|展开|量化|论证|保留|列入)[^。；？?]{0,12}[?？]",
    // ...optional, another team's, or a later stage's (可选子课题, 另一团队也在做, 第二阶段再展开, 后续拟在…试用,
    // 远期议题, 在结语中提出, 简述, 暂无人手; not a plan's phases, 第二阶段：…).
    "可选(?:子课题|扩展|方向|内容|部分|项)|作为可选|另一(?:个)?团队|另有团队|其他团队[^。；，]{0,4}在做|(?:放到|留到|留待|移到|在)第二(?:阶段|期)[^。；，]{0,4}(?:再|考虑|处理)|第二(?:阶段|期)再|后续拟|远期(?:议题|设想)|结语(?:中|里)|简述(?!如下)|暂无(?:人手|人力|精力)",
    String.raw`\bplaceholder\b|\bif (?:page limits|space|time|budget|resources) (?:allows?|permits?)\b|\bnot (?:plan to )?(?:treat|cover|examine|study|analy[sz]e) (?:it |this |them )?in depth\b|\bonly as context\b|\bwill (?:only )?note\b|\bunless you think\b|\b(?:have|has) not (?:yet )?(?:been )?included\b|\bplease (?:tell|let) (?:us|me) (?:know )?(?:if|whether)\b|\bshould (?:we|the (?:project|proposal|study)) (?:also )?(?:include|add|cover)\b|\b(?:in|for) a separate (?:project|study|proposal|application)\b|\bbetter handled (?:elsewhere|separately|in)\b`,
    // English drafts.
    String.raw`\bnot (?:a |the |our )?(?:focus|priority)|\b(?:only )?(?:touch(?:es|ed)? (?:on )?(?:this |it |them )?)?briefly\b|\bone short (?:chapter|section|paragraph)\b|\bin passing\b|\b(?:out of |beyond (?:the |our )?)scope\b`,
    String.raw`\bnot (?:be )?(?:analy[sz]ed|studied|examined|covered)\b|\bnot a (?:primary|main|core)\b|\bfor completeness\b|\b(?:just|only) cite\b|\brather than redo\b|\bleave\b[^.;]{0,40}\baside\b|\bset aside\b|\bdeferred\b|\blimited scope\b`,
  ].join("|"),
  "i",
);

/**
 * A line that heads a section: a short line without a sentence's end ("二、研究内容", "研究方法与进度安排",
 * "1. Background"), or a short label before a colon ("团队情况：…", "研究内容："). Returns its label.
 */
export function headingOf(line: string): string | undefined {
  const bare = line.replace(LIST_MARK, "").trim();
  // A message's header (刘老师 → 课题组群, 张三 -> 项目组): who writes to whom, not a section.
  if (/→|->|⇒/.test(bare)) return undefined;
  const label = /^([^：:。，,；;]{2,12})[：:]/.exec(bare);
  if (label) return label[1];
  if (bare.length >= 2 && bare.length <= 20 && !/[。！？；，,.!?;]$/.test(bare) && !/[。，；]/.test(bare))
    return bare;
  return undefined;
}

/** Sections that frame a proposal rather than say what it will research or deliver. */
const FRAMING_SECTION =
  /背景|立项依据|依据|意义|必要性|缘起|由来|起因|动因|为什么|为何|问题的提出|现状|基础|团队|课题组|成员|(?:研究|项目|参与|主要)人员|人员(?:组成|构成|分工|安排|情况|配置)|承担单位|单位简介|进度|时间安排|计划安排|经费|预算|background|significance|team|schedule|timeline|budget/i;

/**
 * A sentence that says what the draft will not do: a direction turned down or another team's (我们不是要做…,
 * 与本次想做的不是一回事, 交给其他团队, we will not study…). What it names points to no row.
 */
const REJECTS = new RegExp(
  [
    "不是(?:要|想|打算)?(?:做|研究|搞)|不是一回事|不是(?:我们|本(?:项目|课题))(?:要|想)?(?:做|研究)的?|并非本(?:项目|课题)",
    "(?:我们|本(?:项目|课题))(?:不|不再|并不)(?:做|研究|搞|打算|考虑|涉及)|(?:交给|交由|留给)(?:其他|别的|另外的?|兄弟)[^。；]{0,6}(?:团队|课题|部门|单位)",
    "否(?:了|掉|决)|放弃(?:了)?[^。；]{0,10}(?:题目|方向|选题|思路)",
    String.raw`\bwe (?:will|do|shall) not (?:study|cover|address|research|examine)\b|\bnot (?:what|the subject of) (?:this|our) (?:study|project)\b|\b(?:is|are) left to (?:others|other teams)\b`,
  ].join("|"),
  "i",
);

/** A section of work left for later (后续工作, 下一步计划, 研究展望): what it names is not done here. */
const DEFERRED_SECTION =
  /后续(?:工作|研究|计划|安排|设想)|下一步|远期|展望|二期|future work|next steps|outlook/i;

/** A section listing what the draft delivers. */
const OUTPUT_SECTION = /预期成果|成果形式|研究成果|deliverable|output/i;

/** Framing sections about the project's running, not its subject. */
const ADMIN_SECTION =
  /团队|课题组|成员|(?:研究|项目|参与|主要)人员|人员(?:组成|构成|分工|安排|情况|配置)|承担单位|单位简介|进度|时间安排|计划安排|经费|预算|team|schedule|timeline|budget/i;

/** A sentence about who does the work ("项目团队由8名律师组成…"), wherever it stands: framing, not work. */
const TEAM_SENTENCE =
  /^(?:本?(?:项目|课题)(?:团队|组)(?:由|成员|现有|共有|核心)|(?:团队|课题组|项目组)成员|(?:项目|课题)负责人|主办律师|(?:our|the) (?:project )?team (?:is|has|consists|includes|brings|comprises))/i;

/** Labels of a line that names who applies: framing about the project, not its subject. */
const APPLICANT_LINE = /^(?:申报|牵头|合作|承担)单位$|^applicant$/i;

/** Labels of a line that names the project or who applies: framing, like a title. */
const NAME_LINE =
  /^(?:项目|课题)?(?:名称|题目)$|^(?:申报|牵头|合作|承担)单位$|^(?:project\s*)?title$|^applicant$/i;

/** Sections that say what the draft will do; they win over a framing word ("预期成果及意义"). */
const CONTENT_SECTION =
  /研究内容|内容|预期成果|成果|研究方法|方法|目标|任务|技术路线|content|deliverable|output|objective|method|aim/i;

/** Words that name no subject of their own: the project, this part, a time. */
const NO_SUBJECT =
  /本期|本次|本项目|本课题|本研究|本报告|这部分|此部分|该部分|这一块|这块|此处|这里|暂时|目前|我们|课题组|其|该|此|这|也|都|均|则|等/g;

/**
 * The clauses of a Chinese sentence before the one that sets something aside, when that clause names its
 * own subject: "…垄断风险，并简要讨论对后发企业创新的影响" sets aside only the influence on innovation, while
 * "关于专利池，本期不展开" sets aside the 专利池 of its first clause. Undefined when the whole sentence is aside.
 */
function clausesBeforeAside(sentence: string): string | undefined {
  if ((sentence.match(/\p{Script=Han}/gu)?.length ?? 0) < sentence.length / 2) return undefined;
  const clauses = sentence.split(/(?<=[，,：:])/);
  const at = clauses.findIndex((c) => ASIDE.test(c));
  // Only a clause that turns to something else ("并…", "其他领域…") has a subject of its own; otherwise
  // it comments on the first clause's subject, as Chinese does ("光伏我们代理的案子少，只顺带提一下").
  if (at <= 0 || !/^(?:并|另外|此外|另|其余|其他|至于)|其他|其余/.test(clauses[at] as string))
    return undefined;
  const rest = (clauses[at] as string)
    .replace(ASIDE, "")
    .replace(NO_SUBJECT, "")
    .replace(/^[并且而但同时另外此外及和与对]+/, "")
    .replace(/[^\p{Script=Han}a-z0-9]/giu, "");
  return rest.length >= 2 ? clauses.slice(0, at).join("") : undefined;
}

/** Words of an aside that name nothing (可以顺带提一下吧). */
const NOTHING_NAMED =
  /可以|就行|就好|即可|一下|研究|分析|讨论|考虑|处理|框架|一段|一节|一章|简单|[可下吧呢啊了的再也还只仅列写做]|这个|那个|问题|部分/g;

/** Every aside cue of a sentence, to strip them (ASIDE finds the first). */
const ASIDE_CUES = new RegExp(ASIDE.source, "gi");

/** An aside sentence that names no subject of its own: it sets aside what the sentence before it said. */
function subjectless(sentence: string): boolean {
  const rest = sentence
    .replace(ASIDE_CUES, "")
    .replace(NO_SUBJECT, "")
    .replace(NOTHING_NAMED, "")
    .replace(/[^\p{Script=Han}a-z0-9]/giu, "");
  return rest.length < 2;
}

/** A sentence that only names a point: a few words, no clause of its own. */
function isLabel(sentence: string): boolean {
  const bare = sentence.replace(LIST_MARK, "").trim();
  return bare.length <= 40 && bare.split(/\s+/).length <= 6 && !/[，,；;：:]/.test(bare);
}

/** The draft once, in the form every comparison uses (normalized, synonyms applied). */
function prepare(text: string, edition: Edition): Prepared {
  const list: string[] = [];
  const paragraph: number[] = [];
  const framing: boolean[] = [];
  const admin: boolean[] = [];
  let inFraming = false;
  let inAdmin = false;
  let inOutputs = false;
  let inDeferred = false;
  const outputs: boolean[] = [];
  const deferred: boolean[] = [];
  let first = true;
  text.split(/\n\s*\n/).forEach((block, p) => {
    for (const line of block.split("\n")) {
      const heading = headingOf(line);
      // The title (a first line that is a heading) names the topic; it frames like a background.
      const isTitle =
        first &&
        heading !== undefined &&
        heading === line.trim() &&
        !FRAMING_SECTION.test(heading) &&
        !CONTENT_SECTION.test(heading);
      if (line.trim()) first = false;
      // "项目名称：…", "申报单位：…": a line that names the project or its applicant, not a section.
      const label = heading !== undefined && NAME_LINE.test(heading);
      if (heading !== undefined && !isTitle && !label) {
        inFraming = FRAMING_SECTION.test(heading) && !CONTENT_SECTION.test(heading);
        inAdmin = inFraming && ADMIN_SECTION.test(heading);
        inOutputs = OUTPUT_SECTION.test(heading);
        inDeferred = DEFERRED_SECTION.test(heading);
      }
      for (const s of sentences(line)) {
        list.push(s);
        paragraph.push(p);
        const team = TEAM_SENTENCE.test(s);
        framing.push(isTitle || label || inFraming || team);
        admin.push((label && APPLICANT_LINE.test(heading)) || inAdmin || team);
        outputs.push(inOutputs);
        deferred.push(inDeferred);
      }
    }
  });
  const normalized = list.map((s) => normalize(s, edition.companion.synonyms));
  const rejects = normalized.map((s) => REJECTS.test(s));
  const said = normalized.map((s, i) => deferred[i] || rejects[i] || ASIDE.test(s));
  // A point's label ("6. Antitrust defence.", "（三）反垄断抗辩。") is as aside as the sentence it heads,
  // and a sentence is as aside as the one after it that only sets it aside ("…也算前沿问题吧？可以顺带提一下。").
  const aside = said.map(
    (a, i) =>
      a ||
      (paragraph[i - 1] !== paragraph[i] &&
        paragraph[i + 1] === paragraph[i] &&
        said[i + 1] === true &&
        isLabel(list[i] as string)) ||
      (paragraph[i + 1] === paragraph[i] &&
        said[i + 1] === true &&
        !rejects[i + 1] &&
        !deferred[i + 1] &&
        subjectless(normalized[i + 1] as string)),
  );
  // Under 预期成果 a title is the draft's own deliverable, published (面向行业公开发布) or not.
  const own = normalized.map((s, i) =>
    CITES.test(s) && !DELIVERS.test(s) && !outputs[i] ? s.replace(/《[^《》]*》/g, "《》") : s,
  );
  const beforeAside = own.map((s, i) =>
    said[i] && !rejects[i] && !deferred[i] ? clausesBeforeAside(s) : undefined,
  );
  return {
    sentences: list,
    normalized,
    paragraph,
    framing,
    admin,
    aside,
    beforeAside,
    rejects,
    own,
    all: normalized.join("\n"),
  };
}

const WORDS = new WeakMap<Edition, ContentWords>();

/** The content-word segmenter of an edition: the table's vocabulary, weights from all its items. */
function contentWords(edition: Edition): ContentWords {
  let words = WORDS.get(edition);
  if (!words) {
    const vocabulary: string[] = [];
    for (const d of edition.table.directions) {
      const aliases = edition.companion.directions.get(d.id);
      vocabulary.push(
        d.title,
        ...(aliases ? [...aliases.core, ...aliases.keywords, ...aliases.context] : []),
      );
    }
    const items = edition.table.directions.flatMap((d) =>
      rowItems(d).map((i) => normalize(i.text, edition.companion.synonyms, true)),
    );
    const norm = (t: string) => normalize(t, edition.companion.synonyms, true);
    const paraphrases = [...edition.companion.paraphrases].flatMap(([item, terms]) =>
      [...terms].map(
        ([term, alternatives]): Paraphrase => ({
          item: norm(item),
          term: norm(term),
          alternatives: alternatives.map(norm),
        }),
      ),
    );
    words = new ContentWords(
      vocabulary.map((v) => normalize(v, edition.companion.synonyms, true)),
      items,
      paraphrases,
    );
    WORDS.set(edition, words);
  }
  return words;
}

/** The terms that point to a direction, with their weight: its core words, keywords and title. */
function directionTerms(edition: Edition, direction: Direction): Map<string, number> {
  const terms = new Map<string, number>();
  const aliases = edition.companion.directions.get(direction.id);
  // The problem decides, not the industry: an industry word (储能, 动力电池) weighs half of a problem word,
  // so a battery makers' pool is 7's, not 4's.
  const industries = edition.companion.industries;
  const put = (term: string, weight: number) => {
    const t = normalize(term, edition.companion.synonyms, true).trim();
    const w = industries.has(t) ? weight / 2 : weight;
    if (t.length >= 2 && (terms.get(t) ?? 0) < w) terms.set(t, w);
  };
  for (const k of aliases?.keywords ?? []) put(k, 1);
  for (const k of aliases?.core ?? []) put(k, 3);
  for (const chunk of direction.title.split(/[（）()、，与及等或]/)) if (chunk.length >= 3) put(chunk, 3);
  return terms;
}

/** Escapes a term for a RegExp; Latin terms match as whole words ("sep" not in "september"). */
function termPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return /^[a-z0-9]/.test(term) ? new RegExp(`(?<![a-z])${escaped}(?![a-z])`, "g") : new RegExp(escaped, "g");
}

function fitOf(edition: Edition, direction: Direction, draft: Prepared): DirectionFit {
  const terms = directionTerms(edition, direction);
  let score = 0;
  const perSentence = draft.normalized.map(() => ({ weight: 0, terms: [] as string[] }));
  // The title and opening say what the draft is about; they count double.
  const opening = draft.normalized.slice(0, 3).join("\n");
  for (const [term, weight] of terms) {
    const pattern = termPattern(term);
    if (!pattern.test(draft.all)) continue;
    // What the draft says it will not do points to no row (the 6G title a meeting turned down).
    let count = 0;
    draft.normalized.forEach((s, i) => {
      if (!draft.rejects[i]) count += s.match(pattern)?.length ?? 0;
    });
    if (count === 0) continue;
    score += weight * Math.log2(1 + Math.min(count, 8));
    if (pattern.test(opening)) score += weight;
    draft.normalized.forEach((s, i) => {
      if (new RegExp(pattern.source).test(s)) {
        const entry = perSentence[i] as { weight: number; terms: string[] };
        entry.weight += weight;
        entry.terms.push(term);
      }
    });
  }
  // A document of the row's 政策指引 the draft cites, shared by as few rows as possible (光伏's 意见 is 7's
  // alone; the 十五五 plan is nearly every row's).
  for (const [k, check] of policyOf(direction, draft, edition).entries()) {
    const key = direction.documents[k]?.key;
    if (!check.cited || key === undefined) continue;
    const citing = edition.table.directions.filter((d) => d.documents.some((doc) => doc.key === key)).length;
    score += 3 / Math.max(1, citing);
  }
  // The row's own wording, bigram by bigram, adds a little: drafts echo the table they answer.
  const row = grams(normalize(direction.suggestion, edition.companion.synonyms, true), true);
  const draftGrams = grams(draft.all, false);
  let shared = 0;
  for (const g of row) if (draftGrams.has(g)) shared++;
  score += (4 * shared) / Math.max(1, row.size);
  const evidence = perSentence
    .map((e, i) => ({ ...e, i }))
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .slice(0, 2)
    .sort((a, b) => a.i - b.i)
    .map((e) => ({ sentence: draft.sentences[e.i] as string, terms: e.terms.slice(0, 5) }));
  return { id: direction.id, title: direction.title, score: Math.round(score * 100) / 100, evidence };
}

/** The alternatives of an item that offers a choice (A、B或C), each one item; otherwise the item. */
export function alternatives(item: string): string[] {
  if (!/或/.test(item.replace(/（[^（）]*）|\([^()]*\)/g, ""))) return [item];
  const parts = topLevelParts(item.replace(/或/g, "、"));
  return parts.length > 1 ? parts : [item];
}

/** The clause that names the row's field or object of study, not a task within it. */
const FIELD = /^(?:聚焦|面向|围绕|针对|选择)/;

/** Windows of one, two and three neighbouring sentences; a wider one must say more to win. */
const WINDOW_DISCOUNT = [1, 0.95, 0.9];
const RANK: Record<Coverage, number> = { covered: 2, partly: 1, missing: 0 };

/** Covered takes more than half of the item's weight: one of two equal words is only part of it. */
const statusOf = (score: number): Coverage =>
  score > COVERED ? "covered" : score >= PARTLY ? "partly" : "missing";

/**
 * How well one row item is covered, and the draft sentence(s) that show it: the best window of up to
 * three neighbouring sentences of one paragraph, since a draft often spreads one point over several.
 * Among windows that reach the same status, the tightest wins, so evidence quotes as little as it can.
 */
function coverageOfOne(
  item: RowItem,
  draft: Prepared,
  edition: Edition,
  others: string[] = [],
  mask: string[] = [],
): CoverageItem {
  const words = contentWords(edition);
  const normalized = normalize(item.context ?? item.text, edition.companion.synonyms, true);
  const otherTexts = others.map((o) => normalize(o, edition.companion.synonyms, true));
  // "选择量子科技（…）、6G（…）或脑机接口（…）中的具体方向": covering one alternative covers the item.
  const models: ItemModel[] = alternatives(normalized).map((text) =>
    words.model(text, item.kind === "output", otherTexts),
  );
  const field = FIELD.test(item.text);
  // Which sentences say something of the item on their own: a window is as framing as those are.
  // Another alternative's member that shares a word (空天地一体化 for 天地一体化量子通信) says nothing of it.
  const masks = mask.map((m) => normalize(m, edition.companion.synonyms, true)).filter(Boolean);
  const ownTexts =
    masks.length === 0
      ? draft.own
      : draft.own.map((t) => masks.reduce((text, m) => text.replaceAll(m, "□"), t));
  const says = ownTexts.map((t) => models.some((m) => matchItem(m, windowOf([t])).score > 0));
  let best = { status: "missing" as Coverage, score: 0, size: 0, from: -1 };
  for (let i = 0; i < draft.normalized.length; i++) {
    for (let size = 1; size <= WINDOW_DISCOUNT.length; size++) {
      const last = i + size - 1;
      if (last >= draft.normalized.length || draft.paragraph[last] !== draft.paragraph[i]) break;
      const texts = ownTexts.slice(i, last + 1);
      if (item.kind === "output" && !texts.some((t) => OUTPUT_CUE.test(t))) continue;
      const window = windowOf(
        texts,
        ownTexts.slice(i, last + 1).filter((_, k) => !draft.admin[i + k]),
      );
      const score =
        Math.max(...models.map((m) => matchItem(m, window).score)) * (WINDOW_DISCOUNT[size - 1] as number);
      // Said only where the draft frames itself (title, background, team): touched on, at most partly.
      // Not the row's field ("聚焦…产业"): a title or background is where a draft says its field.
      const framingOnly =
        !field && draft.framing.slice(i, last + 1).every((framing, k) => framing || !says[i + k]);
      // What a draft says it leaves aside or only touches in passing is partly covered at most.
      let asideOnly = draft.aside.slice(i, last + 1).some(Boolean);
      // ...unless the clauses before the one that sets something aside cover the item on their own.
      if (asideOnly && statusOf(score) === "covered") {
        const before = texts.map((t, k) => (draft.aside[i + k] ? (draft.beforeAside[i + k] ?? "") : t));
        const kept = windowOf(
          before,
          before.filter((_, k) => !draft.admin[i + k]),
        );
        const keptScore =
          Math.max(...models.map((m) => matchItem(m, kept).score)) * (WINDOW_DISCOUNT[size - 1] as number);
        const delivers = item.kind !== "output" || before.some((t) => OUTPUT_CUE.test(t));
        asideOnly = !delivers || statusOf(keptScore) !== "covered";
      }
      const status = (framingOnly || asideOnly) && statusOf(score) === "covered" ? "partly" : statusOf(score);
      const better =
        RANK[status] > RANK[best.status] ||
        (RANK[status] === RANK[best.status] &&
          (status === "missing"
            ? score > best.score
            : size < best.size || (size === best.size && score > best.score)));
      if (better) best = { status, score, size, from: i };
    }
  }
  let evidence: string | undefined;
  if (best.status !== "missing" && best.from >= 0) {
    // Quote the sentences of the window that say something of the item, in the draft's own words.
    const quoted = [];
    for (let j = best.from; j < best.from + best.size; j++)
      if (says[j]) quoted.push(draft.sentences[j] as string);
    evidence = (quoted.length > 0 ? quoted : [draft.sentences[best.from] as string]).join(" ");
  }
  return {
    ...item,
    status: best.status,
    score: Math.round(best.score * 100) / 100,
    ...(evidence ? { evidence } : {}),
  };
}

/**
 * An item with its members checked one by one, the way a careful reader reads an enumeration: one
 * member covered touches the item (partly, however little else of it the draft says); the item as a
 * whole covered while a distinct object it joins is missing ("专利布局优化、风险预警及产业创新路径建议"
 * with only 风险预警) is only partly covered. An enumeration of members ("美、欧、中、英等主要司法辖区",
 * "光伏、锂电池、新能源汽车") is covered only when the draft works on at least half of them, and two
 * (`enumerationsWorked`): one member alone is partly, as every independent labeller reads it.
 */
function coverageOf(item: RowItem, draft: Prepared, edition: Edition, others: string[] = []): CoverageItem {
  const whole = coverageOfOne(item, draft, edition, others);
  const members = itemParts(item.text);
  if (members.length < 2) {
    if (whole.status !== "covered" || enumerationsWorked(item, [], draft, edition, others)) return whole;
    return { ...whole, status: "partly" };
  }
  const parts: CoveragePart[] = members.map((m) => {
    // Of a choice, the other alternatives' members that contain this member's words are masked.
    const mask =
      m.choice === undefined
        ? []
        : members
            .filter((o) => o.choice !== m.choice && !m.text.includes(o.text) && sharesWord(o.text, m.text))
            .map((o) => o.text);
    const one: RowItem = { kind: item.kind, text: m.text };
    const c = coverageOfOne(one, draft, edition, others, mask);
    // A member that is itself a list ("美、欧、中、英等主要司法辖区") needs half of it, as an item does.
    const status =
      c.status === "covered" && !enumerationsWorked(one, [], draft, edition, others) ? "partly" : c.status;
    return {
      text: m.text,
      example: m.example,
      ...(m.choice !== undefined ? { choice: m.choice } : {}),
      status,
      score: c.score,
      ...(c.evidence ? { evidence: c.evidence } : {}),
    };
  });
  // Of a choice, the alternatives a draft did not take up are not its subject: at most a mention in
  // passing ("量子科技、6G同属未来产业，但不在本课题范围之内"), which a reader counts as missing.
  const taken = new Set(
    parts.filter((p) => p.choice !== undefined && p.status === "covered").map((p) => p.choice),
  );
  if (taken.size > 0)
    for (const p of parts)
      if (p.choice !== undefined && !taken.has(p.choice) && p.status === "partly") p.status = "missing";
  let status = whole.status;
  const touched = parts.find((p) => p.status === "covered");
  // A member said at all (垄断风险 by one sentence on 反垄断) touches the item too.
  if (status === "missing" && (touched || parts.some((p) => p.choice === undefined && p.status === "partly")))
    status = "partly";
  if (status === "covered" && !enumerationsWorked(item, parts, draft, edition, others)) status = "partly";
  // A distinct object a research item joins that the draft does not say at all: only partly done. Not
  // for an output, whose joined forms ("合规与保护策略") a reader takes as one deliverable.
  if (
    status === "covered" &&
    item.kind !== "output" &&
    parts.some((p) => !p.example && p.choice === undefined && p.status === "missing")
  )
    status = "partly";
  return {
    ...whole,
    status,
    ...(status !== "missing" && !whole.evidence && touched?.evidence ? { evidence: touched.evidence } : {}),
    parts,
  };
}

/** Whether two members share a run of two or more Han characters or a Latin token (天地 of 空天地一体化). */
function sharesWord(a: string, b: string): boolean {
  for (let i = 0; i + 1 < a.length; i++)
    if (/\p{Script=Han}{2}/u.test(a.slice(i, i + 2)) && b.includes(a.slice(i, i + 2))) return true;
  return false;
}

/**
 * Whether the draft works on enough members of each enumeration of the item: a reader counts
 * "美、欧、中、英等主要司法辖区" covered when the draft studies at least half of them (and two), and only
 * partly when it studies the US alone, however fully.
 */
function enumerationsWorked(
  item: RowItem,
  parts: CoveragePart[],
  draft: Prepared,
  edition: Edition,
  others: string[],
): boolean {
  return enumerations(item.text).every((members) => {
    const worked = members.filter((member) => {
      const part = parts.find((p) => member.includes(p.text));
      if (part) return part.status === "covered";
      if ((member.match(/[\p{Script=Han}a-zA-Z0-9]/gu) ?? []).length >= 2)
        return coverageOfOne({ kind: item.kind, text: member }, draft, edition, others).status === "covered";
      return abbreviationWorked(member, members, draft);
    }).length;
    return worked >= enoughMembers(members.length);
  });
}

/**
 * A one-character member (美 of 美、欧、中、英) is worked on where a sentence of the draft's own work names
 * it as a country or bloc (美国, 欧盟, 英国, the UK) or beside a sibling (中美, 美欧), not as any
 * character (其中).
 */
function abbreviationWorked(member: string, members: string[], draft: Prepared): boolean {
  const m = member.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (!m) return false;
  const siblings = members
    .map((s) => s.trim())
    .filter((s) => s.length === 1)
    .join("")
    .replace(/[\\\]^-]/g, "");
  const said = new RegExp(`${m}[国盟洲方]|${m}(?=[${siblings}])|(?<=[${siblings}])${m}`);
  // In English, by the glossary's names (united_states, eu, uk).
  const english = ENGLISH_TERMS[member.trim()] ?? [];
  return draft.own.some(
    (s, i) =>
      !draft.framing[i] &&
      !draft.aside[i] &&
      !draft.admin[i] &&
      (said.test(s) || (english.length > 0 && has(windowOf([s.toLowerCase()]), "", english))),
  );
}

/** Whether the draft names each policy document of the row (by title, short title or alias). */
function policyOf(direction: Direction, draft: Prepared, edition: Edition): PolicyCheck[] {
  return direction.documents.map((doc) => {
    const names = [doc.title, doc.key, ...(edition.companion.documents.get(doc.key)?.aliases ?? [])]
      .map((n) => normalize(n, edition.companion.synonyms, true).replace(/[“”"《》\s]/g, ""))
      .filter((n) => n.length >= 3);
    const at = draft.normalized.findIndex((s) => {
      const flat = s.replace(/[“”"《》\s]/g, "");
      return names.some((n) => flat.includes(n));
    });
    return {
      title: doc.title,
      cited: at >= 0,
      ...(at >= 0 ? { evidence: draft.sentences[at] as string } : {}),
    };
  });
}

const KIND_LABEL = { scope: "研究范围", focus: "研究重点", output: "预期成果" } as const;

/** Concrete steps tied to the row's items, then general advice marked as such. */
function suggestionsOf(direction: Direction, coverage: CoverageItem[], policy: PolicyCheck[]): Suggestion[] {
  const out: Suggestion[] = [];
  for (const c of coverage.filter((c) => c.kind === "output" && c.status !== "covered")) {
    out.push({
      item: c.text,
      general: false,
      text:
        c.status === "missing"
          ? `写明预期成果：方向${direction.id}的申报建议要求「${c.text}」，申报书中尚未看到对应的成果表述，建议单列一节说明成果形式和内容。`
          : `把预期成果写具体：申报建议要求「${c.text}」，申报书已有相关表述，但建议明确成果的形式、对象和可操作的要点。`,
    });
  }
  for (const c of coverage.filter((c) => c.kind !== "output" && c.status === "missing").slice(0, 4)) {
    out.push({
      item: c.text,
      general: false,
      text:
        c.kind === "focus"
          ? `补充${KIND_LABEL[c.kind]}「${c.text}」：申报书中没有找到对应内容；这是表中列出的可选重点，若与课题相关，建议在研究内容中单列。`
          : `补充${KIND_LABEL[c.kind]}「${c.text}」：这是方向${direction.id}申报建议的基本要求，申报书中没有找到对应内容。`,
    });
  }
  for (const c of coverage.filter((c) => c.kind !== "output" && c.status === "partly").slice(0, 3)) {
    out.push({
      item: c.text,
      general: false,
      text: `展开「${c.text}」：申报书有所涉及（见引用的句子），建议写出具体的研究问题、方法和预期结论。`,
    });
  }
  const missingDocs = policy.filter((p) => !p.cited).map((p) => `《${p.title}》`);
  if (missingDocs.length > 0) {
    out.push({
      general: false,
      text: `在立项依据中引用方向${direction.id}的政策指引：${missingDocs.join("、")}，并说明课题如何回应它。`,
    });
  }
  out.push(
    {
      general: true,
      text: "通用建议：写明数据来源与检索范围（专利数据库、检索式、时间范围），便于评审判断结论是否可靠。",
    },
    {
      general: true,
      text: "通用建议：研究内容、方法与预期成果一一对应，每项成果说明由哪部分研究产出。",
    },
  );
  return out;
}

/** The texts of a row's items other than the one(s) `self` picks: what makes a word shared in the row. */
function otherItems(direction: Direction, self: (item: RowItem) => boolean): string[] {
  return rowItems(direction)
    .filter((i) => !self(i))
    .map((i) => i.context ?? i.text);
}

/** How well a draft covers one item given as text (a labeller's wording): the review's own test. */
export function coverageOfText(item: string, text: string, edition: Edition): CoverageItem {
  // A wording taken from a row item ("企业操作指引" of 提出政策建议及企业操作指引) has that item's kind.
  const flat = (s: string) => s.replace(/\s/g, "");
  const row = edition.table.directions.find((d) =>
    rowItems(d).some((i) => flat(i.text).includes(flat(item))),
  );
  const from = row && rowItems(row).find((i) => flat(i.text).includes(flat(item)));
  const kind =
    from?.kind === "output" || /^(?:并|同时|最终)?(?:提出|形成|构建|给出)/.test(item) ? "output" : "focus";
  const context = row ? resolveReferences(item, row) : item;
  const others = row ? otherItems(row, (i) => flat(i.text).includes(flat(item))) : [];
  return coverageOf(
    { kind, text: item, ...(context !== item ? { context } : {}) },
    prepare(text, edition),
    edition,
    others,
  );
}

/** Reviews a draft against the table; the best-fitting row is the one its coverage is checked against. */
export function reviewDraft(
  text: string,
  edition: Edition,
  options: { direction?: number } = {},
): DraftReview {
  const draft = prepare(text, edition);
  const fits = edition.table.directions
    .map((d) => fitOf(edition, d, draft))
    .sort((a, b) => b.score - a.score || a.id - b.id);
  const pinned = options.direction !== undefined ? fits.find((f) => f.id === options.direction) : undefined;
  const fit = pinned ?? (fits[0] as DirectionFit);
  const runnerUp = fits.find((f) => f.id !== fit.id);
  const direction = edition.table.directions.find((d) => d.id === fit.id) as Direction;
  const coverage = rowItems(direction).map((item) =>
    coverageOf(
      item,
      draft,
      edition,
      otherItems(direction, (i) => i.text === item.text),
    ),
  );
  const policy = policyOf(direction, draft, edition);
  return {
    fit,
    ...(runnerUp && runnerUp.score > 0 ? { runnerUp } : {}),
    close: runnerUp !== undefined && runnerUp.score >= fit.score * CLOSE,
    weak: pinned === undefined && fit.score < WEAK_FIT,
    coverage,
    policy,
    suggestions: suggestionsOf(direction, coverage, policy),
  };
}
