import type { Edition, PolicyDocument } from "../corpus/types.ts";
import { normalize } from "./normalize.ts";

/** Parts of document titles that every title shares; matching them says nothing about which one is meant. */
const GENERIC =
  /国务院关于|关于|知识产权|的|意见|规定|方案|纲要|通知|办法|实施|行动|专项|工作|[“”"‘’'\s()（）\d\-－—~年]+/g;

const SPECIAL: Record<PolicyDocument["kind"], RegExp | undefined> = {
  document: undefined,
  "work-report": /政府工作报告|government work report/,
  // 十五五 (15th), 十四五 (14th)…: 十 + a digit + 五; never 第十五个.
  "five-year-plan": /十[一二三四五六七八九]五|(?:\d+th|fifteenth)\s+five[- ]year|five[- ]year plan/,
};

/** Words that say a question is about a document, not about a topic its title happens to contain. */
const DOCUMENT_MARKER =
  /意见|规划|纲要|方案|规定|报告|文件|政策|行动|《|》|引用|援引|依据|指引|出处|policy|document|opinions?|provisions?|outline|cite/;
/** The kinds of document a title ends with: "光伏…意见" names the 意见 whose title has 光伏. */
const TITLE_KIND = /(意见|规定|纲要|方案|规划|报告)(?:（[^）]*）)?$/;

const topicWordsCache = new WeakMap<Edition, string[]>();

/** The directions' own words (titles, team keywords): topic words, not document names. */
function topicWords(edition: Edition): string[] {
  let words = topicWordsCache.get(edition);
  if (!words) {
    words = [
      ...edition.table.directions.map((d) => normalize(d.title, undefined, true)),
      // And what the rows themselves say (制造业 of 制造业重点产业链): the table's words, no document's name.
      ...edition.table.directions.map((d) => normalize(d.suggestion, undefined, true)),
      ...[...edition.companion.directions.values()].flatMap((a) =>
        [...a.core, ...a.keywords].map((k) => normalize(k, undefined, true)),
      ),
      ...edition.companion.industries,
    ];
    topicWordsCache.set(edition, words);
  }
  return words;
}

/** Each document's aliases (longest first) and title, normalized once per edition, not once per question. */
interface DocumentForms {
  document: PolicyDocument;
  aliases: string[];
  title: string;
  kind: string | undefined;
  /** The content words of its English title (photovoltaic, strengthening), from the companion. */
  english: string[];
}
const formsCache = new WeakMap<Edition, DocumentForms[]>();

function documentForms(edition: Edition): DocumentForms[] {
  let forms = formsCache.get(edition);
  if (!forms) {
    forms = edition.documents.map(({ document }) => {
      const title = normalize(document.title);
      return {
        document,
        aliases: (edition.companion.documents.get(document.key)?.aliases ?? [])
          .map((a) => normalize(a))
          .sort((a, b) => b.length - a.length),
        title,
        kind: TITLE_KIND.exec(title)?.[1],
        english: englishWords(edition.companion.documents.get(document.key)?.titleEn ?? ""),
      };
    });
    formsCache.set(edition, forms);
  }
  return forms;
}

/** A policy document a question names, and the words of the question that name it. */
export interface DocumentReference {
  document: PolicyDocument;
  named: string[];
  /** Named by part of its title only, not by a name, an alias or its English title. */
  partial?: true;
}

/** The substrings (2+ characters) of `title` that also occur in `text`, longest first from each position. */
function sharedSpans(title: string, text: string, pairs: ReadonlySet<string>): string[] {
  const spans: string[] = [];
  for (let i = 0; i < title.length; ) {
    // No span starts here unless its first two characters are two of the text's (most positions).
    if (!pairs.has(title.slice(i, i + 2))) {
      i++;
      continue;
    }
    let len = title.length - i;
    while (len >= 2 && !text.includes(title.slice(i, i + len))) len--;
    if (len >= 2) {
      spans.push(title.slice(i, i + len));
      i += len;
    } else i++;
  }
  return spans;
}

/** What a question says right before a word for a document (文件, 意见, 规定…): where it names one. */
function nameBefore(text: string): string {
  const spans: string[] = [];
  for (const m of text.matchAll(/文件|意见|规定|方案|纲要|规划/g))
    spans.push(text.slice(Math.max(0, (m.index ?? 0) - 10), m.index));
  return spans.join("|");
}

/**
 * Policy documents a question names, however loosely: "涉外纠纷处理规定", "强国纲要", "十五五规划",
 * "政府工作报告", or a short name from the companion file. A title matches when enough of its distinctive
 * part is in the question; among titles matched that way only those close to the best are kept
 * ("人工智能+行动" is not "人工智能+制造").
 */
export function documentReferences(
  normalizedQuestion: string,
  edition: Edition,
  policyAsked: boolean,
): DocumentReference[] {
  const compact = normalizedQuestion.replace(/[“”"‘’'\s]+/g, "");
  const sure: DocumentReference[] = [];
  const partial: (DocumentReference & { score: number })[] = [];
  const forms = documentForms(edition);
  for (const { document, aliases } of forms) {
    const special = SPECIAL[document.kind]?.exec(normalizedQuestion);
    const alias = aliases.find(
      (a) => normalizedQuestion.includes(a) || compact.includes(a.replace(/\s+/g, "")),
    );
    if (special || alias) sure.push({ document, named: [special?.[0] ?? alias ?? ""] });
  }
  // "the Opinions on Further Strengthening IP Protection in the Photovoltaic Industry": its English title.
  for (const named of englishTitlesNamed(normalizedQuestion.toLowerCase(), edition))
    if (!sure.some((s) => s.document === named.document)) sure.push(named);
  // Words that surely name one document cannot also half-name another ("人工智能+制造" is not "人工智能+行动").
  let rest = normalizedQuestion;
  for (const named of sure.flatMap((s) => s.named)) rest = rest.replaceAll(named, " ");
  const text = rest.replace(/[“”"‘’'\s]+/g, "");
  const marked = policyAsked || DOCUMENT_MARKER.test(text);
  const topics = topicWords(edition);
  const pairs = new Set<string>();
  for (let i = 0; i + 2 <= text.length; i++) pairs.add(text.slice(i, i + 2));
  // Words said right before a word for a document ("那份光伏保护文件"): where the question names one.
  const named = nameBefore(text);
  // A span that is only a topic word (人工智能, 光伏) names a document only where the question speaks of documents.
  // So is one that is a topic word and a character beside it (入人工智能 of 写入人工智能国际标准).
  const topical = (span: string) =>
    topics.some((w) => w.includes(span)) ||
    topics.reduce((rest, w) => (w.length >= 2 ? rest.replaceAll(w, "") : rest), span).length <= 1;
  for (const { document, title: full, kind } of forms) {
    if (document.kind !== "document" || sure.some((s) => s.document === document)) continue;
    const title = full.replace(GENERIC, "");
    const spans = sharedSpans(title, text, pairs);
    // Unmarked, a title is named by a run of three or more of its characters that is no topic word, not
    // by two-character words scattered through a plan (智能…制造 of 智能飞行…制造商 is not 人工智能+制造).
    if (!marked && !spans.some((s) => s.length >= 3 && !topical(s))) continue;
    const hit = spans.reduce((n, s) => n + s.length, 0);
    // Words of the title said there name it; the same words scattered through a plan ("纠纷…处理")
    // may only be its topic.
    const close =
      named !== "" && spans.filter((s) => named.includes(s)).reduce((n, s) => n + s.length, 0) >= 3;
    const score = hit / Math.max(title.length, 1) + (close ? 0.5 : 0);
    if (hit >= 3 && score >= (policyAsked ? 0.25 : 0.3)) partial.push({ document, named: spans, score });
    else {
      // "光伏…意见": a distinctive word of the title beside the kind of document the title is.
      if (kind && text.includes(kind) && spans.some((s) => s.length >= 2))
        partial.push({ document, named: [...spans, kind], score: 0.3 });
      // "光伏相关的政策文件": a distinctive word of the title said just before 文件.
      else if (/(?:相关|有关|方面)的?(?:政策)?文件/.test(named === "" ? "" : text)) {
        const said = spans.filter(
          (s) => s.length >= 2 && !/^(?:产业|保护|加强|进一步)$/.test(s) && named.includes(s),
        );
        if (said.length > 0) partial.push({ document, named: said, score: 0.3 });
      }
    }
  }
  // "…关于光伏知识产权保护的意见": the kind of document the question names (意见) tells titles apart
  // that share its topic words (知识产权, 纠纷处理): a 规定 it half-names is not the 意见 it asks about.
  const kindNamed = (p: { document: PolicyDocument }) => {
    const kind = forms.find((f) => f.document === p.document)?.kind;
    return kind !== undefined && text.includes(kind);
  };
  const kinded = [...sure, ...partial].some(kindNamed) ? partial.filter(kindNamed) : partial;
  const best = Math.max(0, ...kinded.map((p) => p.score));
  return [
    ...sure,
    ...kinded
      .filter((p) => p.score >= best * 0.8)
      .map(({ document, named }) => ({ document, named, partial: true as const })),
  ];
}

/** A question asking which directions cite a document, or which direction a document is the basis of. */
const CITATION_ASK =
  /(?:是|属于|算)?哪(?:个|些|一个|几个)方向的?(?:政策)?(?:依据|指引|出处)|哪(?:个|些|几个)方向(?:的政策指引)?(?:里|中)?(?:引用|援引|提到|提及|依据|写了)|被哪(?:个|些|几个)方向(?:引用|援引|提到)|在哪(?:个|些)方向的政策指引|有(?:没有)?(?:哪个)?方向(?:引用|援引|提到)|\bwhich directions?\b[^.?!]{0,40}?\b(?:cites?|citing|rel(?:y|ies) on|refers? to|mentions?|policy (?:basis|guidance))\b|\bcited by which\b/;
/** A document's name: 《…》, or words ending in the kind of document a name ends with. */
const QUOTED_TITLE = /《([^》]{2,40})》/;
const BARE_TITLE =
  /(?:^|引用了?|援引了?|提到了?|提及了?|依据了?)((?:[\p{Script=Han}a-z0-9+“”"（）()·-]){2,24}?(?:法|条例|规划|纲要|意见|办法|规定|指南|方案|决定|计划|战略))(?=是|被|在|属于|有|[，,？?。]|$)/u;
const ENGLISH_TITLE =
  /\b(?:cites?|citing|rel(?:y|ies) on|refers? to|mentions?)\s+(?:the\s+)?(?:china's\s+)?([a-z][a-z' -]{3,60}?\b(?:law|regulations?|plan|outline|opinions?|measures|provisions|guidelines?|strategy))\b/;

/**
 * The name of a document a question asks about that no row cites ("《反不正当竞争法》是哪个方向的政策依据？",
 * "Which directions cite China's Anti-Monopoly Law?"): the table answers that none does. Undefined when the
 * question asks no such thing, or when the name is one of the table's documents however loosely written;
 * `onlyQuoted`: only a name written out in 《》, which is sure to be a whole title.
 */
export function unknownDocument(
  normalizedQuestion: string,
  edition: Edition,
  onlyQuoted = false,
): string | undefined {
  const lowered = normalizedQuestion.toLowerCase();
  if (!CITATION_ASK.test(lowered)) return undefined;
  const quoted = QUOTED_TITLE.exec(lowered)?.[1];
  if (onlyQuoted && quoted === undefined) return undefined;
  const name = quoted ?? (BARE_TITLE.exec(lowered) ?? ENGLISH_TITLE.exec(lowered))?.[1];
  if (!name) return undefined;
  const title = normalize(name);
  // Known when the words that name a table document are most of the name: 《新一代人工智能发展规划》 shares
  // only 人工智能 with the "人工智能+" opinions, so it is another document.
  const own = title.replace(GENERIC, "").length;
  const forms = documentForms(edition);
  // ...and, for a title written out in 《》, when it says no more than a document's title and names do:
  // 新一代 is in none of the "人工智能+" opinions' words. 发展, 规划 and the like are words any title has.
  const foreign = (r: DocumentReference) => {
    if (quoted === undefined) return 0;
    const form = forms.find((f) => f.document === r.document);
    const words = [form?.title ?? "", ...(form?.aliases ?? [])].join("");
    return [...title.replace(GENERIC, "").replace(/发展|规划|建设|计划|战略/g, "")].filter(
      (c) => /\p{Script=Han}/u.test(c) && !words.includes(c),
    ).length;
  };
  const known = documentReferences(title, edition, true).some(
    (r) =>
      (!r.partial && quoted !== undefined) ||
      (r.named.reduce((n, w) => n + w.replace(GENERIC, "").length, 0) >= own * 0.5 && foreign(r) <= 1),
  );
  return known || englishTitlesNamed(lowered, edition).length > 0 ? undefined : name;
}

/**
 * The table documents an English question names by their English titles (most of their content words),
 * with the words of the question that name each.
 */
function englishTitlesNamed(lowered: string, edition: Edition): DocumentReference[] {
  if (!/[a-z]/.test(lowered)) return [];
  const said = new Set(englishWords(lowered));
  return documentForms(edition).flatMap(({ document, english }) => {
    const named = english.filter((w) => said.has(w));
    return english.length >= 2 && named.length >= Math.ceil(english.length * 0.6)
      ? [{ document, named }]
      : [];
  });
}

/** Words every English document title shares; matching them says nothing about which one is meant. */
const ENGLISH_GENERIC = new Set(
  "the and for on of in state council opinions provisions outline plan action implementation".split(" "),
);
const englishWords = (text: string) =>
  (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 2 && !ENGLISH_GENERIC.has(w));

/** A question for every document the table cites ("表中引用了哪些政策文件？", "list the policy documents"). */
const ALL_DOCUMENTS =
  /(?:引用|涉及|提到|提及|列出?|援引)了?(?:哪些|几份|多少份?|什么)(?:政策)?文件|(?:所有|全部|一共有?|总共有?)(?:哪些|几份|多少份?)?(?:的)?政策(?:文件|依据)|政策文件(?:一览|清单|列表|有哪些|有几份|共几份)|\b(?:which|what) (?:policy )?documents (?:does|do|are) (?:the table|it|they|cited)|\blist (?:all )?(?:of )?(?:the )?(?:policy )?documents\b|\ball (?:the )?(?:policy )?documents\b/;

/** Whether a question asks for every document the table cites rather than one row's or one document's. */
export function asksForAllDocuments(normalizedQuestion: string): boolean {
  return ALL_DOCUMENTS.test(normalizedQuestion.toLowerCase());
}
