import { create, insert, type Orama, search } from "@orama/orama";
import type { Direction, Edition } from "../corpus/types.ts";
import { CHINESE_FOR_LATIN } from "./abbreviations.ts";
import { asksAboutThisProgramme } from "./intent.ts";
import { normalize } from "./normalize.ts";
import { SearchTokenizer } from "./tokenize.ts";
import { VocabularyMatcher } from "./vocabulary.ts";

const schema = {
  id: "string",
  title: "string",
  core: "string",
  keywords: "string",
  context: "string",
  suggestion: "string",
  policy: "string",
} as const;

const END = "\u0001";

/** Field boosts: a title or an applicant's keyword says more than a word deep in the suggestion. */
const BOOST = { title: 2, core: 4, keywords: 1.6, context: 0.6, suggestion: 1, policy: 0.4 };
const FIELDS = Object.keys(BOOST) as (keyof typeof BOOST)[];

/** A direction a search found, with the words that made it match (for "why this direction"). */
export interface Match {
  direction: Direction;
  score: number;
  /** Keywords or title words of the direction that the question contains, most specific first. */
  matched: string[];
}

interface Phrase {
  text: string;
  /** The text as the rows' text is normalized (for `rowSays`). */
  normalized: string;
  tokens: string[];
  weight: number;
  /** What the phrase counts for in `evidence`: its weight, or for a context word only context lists say, its rarity there. */
  evidence: number;
  /** A context word (美国, 诉讼): evidence only together with another. */
  context: boolean;
  /** An industry or technology word (无人机, 光伏): says where, not which IP problem. */
  industry: boolean;
  /** An industry or context word no other direction's row says: naming it tells the rows apart. */
  exclusive: boolean;
  /** The direction whose list it is on, and its place among all phrases (their order decides ties). */
  row: number;
  order: number;
}

/** A question's distinct tokens and the phrases it says (all of a phrase's tokens), in phrase order. */
interface Heard {
  tokens: Set<string>;
  said: Phrase[];
  byRow: Map<number, Phrase[]>;
}

/**
 * Words that make a question one about intellectual property or this programme. An industry word
 * counts as evidence only beside one of these ("无人机专利预警"), never alone in a question that asks
 * for something else ("无人机多少钱一台", "新能源汽车驾照怎么考").
 */
const IP_ANCHOR =
  /专利|知识产权|产权|侵权|政策依据|政策指引|依据|指引|申报书|怎么写|(?:这个|这|该|此|那个)题|题目|选题|区别|对比|比较|商标|版权|著作权|秘密|许可|标准|风险|预警|合规|布局|诉讼|纠纷|维权|保护|申报|课题|方向|研究|项目|出海|出口|海外|对策|治理|专利池|池子|建池|组池|外流|泄露|泄密|壁垒|卡脖子|337|调查|反补贴|倾销|法律|法务|律所|律师|知产|(?:能|可以|可|该|要|去|想)报(?!销|告|道|价|纸|警|关)|(?:能|可以|可|该|要|去|想)申(?:吗|么|不|嘛|报)|freedom[- ]to[- ]operate|\bfto\b|自由实施|报(?:啥|什么|哪)|\bip\b|patent|licen[cs]|compliance|\brisks?\b|research|proposal|direction|standard|litigation|infring|copyright|trade secret|export/;
/**
 * The IP words among those: beside an off-topic ask ("用Python写代码", "怎么充电最保护电池") only these
 * make the question one about the table; 保护, 研究, 怎么写 or 方向 are everyday words there.
 */
const IP_WORD =
  /专利|知识产权|产权|侵权|商标|版权|著作权|秘密|泄密|泄露|外流|许可|合规|诉讼|纠纷|维权|337|反补贴|倾销|知产|\bip\b|patent|licen[cs]|compliance|litigation|infring|copyright|trade secret|freedom[- ]to[- ]operate|\bfto\b|自由实施|\bleak\w*\b(?= (?:of |our |the |their |company |trade |core )*(?:secrets?|data|technolog|know-how|information|source|designs?|ip)\b)|\b(?:secrets?|data|technology|know-how|information|source code|designs?)\s+leak|misappropriat|\bconfidential|\bpoach/;
/** IP problems the table is about: beside one, a context word (美国, 出海) is evidence. */
const IP_PROBLEM =
  /侵权|诉讼|起诉|被诉|纠纷|维权|风险|预警|布局|许可|泄露|外流|壁垒|infring|litigation|lawsuit|sued|dispute|\brisks?\b/;
/** Filing, fees and office procedure: ordinary IP questions, not the table's. */
const IP_PROCEDURE =
  /申请|注册|办理|年费|费用|多少钱|代理|审查|授权|续展|驳回|复审|无效宣告|怎么查|查询|\bfile\b|\bfiling\b|\bregister\b|\bfees?\b|\bcost\b/;
/**
 * Words that ask for something no direction is about, whatever table word the question names: an
 * industry or a row's own keyword (训练, 蒸馏, 空域) is no evidence beside them, only an IP word is. The
 * classes: prices and purchases; licences and permits for oneself; courses, exams, studies and jobs;
 * coding help and using a product; markets and shares; how a technology works, and its news.
 */
const OFF_TOPIC_ASK = new RegExp(
  [
    // prices, purchases, repairs
    /多少钱|价格|报价|便宜|哪家好|哪个牌子|怎么买|购买|买哪|哪款|划算|回本|值得买|\bhow much\b[^?]{0,60}\bcost\b|推荐(?:一款|几款|个)|性价比|充电|充到|充满|过充|电量|续航|保养|维修|修理|(?:哪里|哪儿|去哪)修|故障|省电|\bprice\b|\bbuy\b|\bcharg(?:e|ing)\b|\brepair\b|\bfix(?:ing)? (?:a|my|the|our) |faucet|plumb/
      .source,
    // licences and permits for oneself
    /驾照|考证|执照|报备/.source,
    // courses, exams, studies, jobs
    /培训班|课程|教程|怎么学|入门|证书|考试|考研|读研|读博|排名|招聘|面试|实习|就业|工资|薪资|取代[^，。,.;；!?！？]{0,8}工作|\bcourses?\b|\btutorial\b/
      .source,
    // coding help, using a product
    /编程|写(?:个|一个|段|一段)?[^，。,.;；!?！？]{0,10}代码|debug|调试|pytorch|cuda|显存|python|java|本地部署|说明书|怎么用|刷机|刷到|怎么装|使用(?:方法|技巧)|(?<!source )\bcode\b/
      .source,
    // markets and shares
    /股票|股价|基金|理财|比特币|加密货币|\bbitcoin\b|\bcrypto|龙头股|概念股|涨幅|涨得|涨停|跌停|抄底|市值|\bstocks?\b/
      .source,
    // a document's own dates: the table says which rows cite it, not when it runs
    /从哪年到哪年|起止(?:年份|时间)|哪(?:一)?年(?:发布|出台|印发|开始)|什么时候(?:发布|出台|印发)|(?:发布|印发)(?:时间|日期)/
      .source,
    // sport and fitness (训练量 is no model's training)
    /马拉松|跑步|健身|减肥|减脂|配速|训练量|\bmarathon\b|\bworkout\b/.source,
    // where to open a shop, which city pays most
    /开(?:个|一个|一家|家)[^，。,.;；!?！？]{0,12}?店|(?:哪个|哪些)城市/.source,
    // market figures and technical specifications
    /出口额|销量|销售额|市场规模|产值|出货量|参数对比|(?:列|给)(?:个|一下)?参数|量子比特数?|\bmarket size\b|\bsales figures\b/
      .source,
    // how it works, science news
    /原理|机理|旅游|旅行|景点|门票|观光|打卡|\btouris[tm]|\bsightseeing\b|\bexplain (?:in (?:simple|plain|layman'?s?) (?:terms|english|words) |simply |briefly )how\b|新进展|医院|手术|看病|挂号|治好|网速|画质|剪视频|导出哪|自动驾驶\s*l\d|\bl[2-5]\s*(?:和|与|跟|级)|\bhow (?:does|do|can) (?!i\b|we\b|you\b|my\b|our\b)[^?]{0,50}?\b(?:work|speed up|improve|reduce|boost)\b|\bplease explain\b|\bexplain (?:it |this )?(?:with|using) (?:an? )?examples?\b/
      .source,
  ].join("|"),
);
/**
 * Phrases an off-topic ask can hide behind; a keyword typed alone is still a question about the table,
 * and so is one inside a frame that only points at a topic ("跟量子有关的有没有", "那个关于出海的呢").
 */
const FILLER =
  /[\s\p{P}\p{S}]|的|呢|吗|吧|啊|呀|哪个|方向|报哪个|是哪个|相关|有关|关于|涉及|有没有|那个|这个|跟|方面|领域|这块|那块|我们|我|做|是|第几个?|几号|来着|编号|序号|那种|这种|算不算|算在|里面|也算|算进去|进去|在内/gu;
/** How much more a matched problem word counts than its BM25 share: the problem decides, not the industry. */
const PROBLEM_BONUS = 2.5;
/** A direction ranked below this fraction of the best, with no keyword of its own matched, is noise. */
const NOISE = 0.35;
/** Between rows no problem word tells apart, the industry a question names decides (卫星互联网: 5, not 10). */
const INDUSTRY_BONUS = 1;
/** The share of its score a direction keeps when it matches only the industry of a problem question. */
const INDUSTRY_ONLY = 0.5;
/**
 * The share of its score a row about named industries keeps when the question names only other
 * industries and says only that row's context words (手机企业在印度被诉SEP侵权: 印度 and 被诉 are 4's
 * context, but phones are none of 4's industries).
 */
const OTHER_INDUSTRY = 0.5;
/** Within this share of the best score, two rows are nearly tied: their own context words decide. */
const TIE = 0.9;

/**
 * The searchable form of one edition: an Orama index over the directions (title, team keywords,
 * suggestion, policy basis) with our tokenizer, plus the phrase lists that explain a match and decide
 * whether a question is about the table at all.
 */
export class DirectionIndex {
  readonly tokenizer: SearchTokenizer;
  private readonly db: Orama<typeof schema>;
  private readonly byId = new Map<string, Direction>();
  private readonly phrases = new Map<number, Phrase[]>();
  /** In how many directions each token occurs (title, keywords, suggestion). */
  private readonly documentFrequency = new Map<string, number>();
  /** In how many policy bases each token occurs. */
  private readonly policyFrequency = new Map<string, number>();
  private readonly industries: Set<string>;
  private readonly rows = new Map<number, { text: string; keywords: Set<string> }>();
  private readonly normalizedTerms = new Map<string, string>();
  /** Problem phrases of four to six Han characters, split in two halves: [head, tail, phrase]. */
  private readonly splitPhrases = new Map<string, [string, string][]>();
  private readonly splitTexts: string[] = [];
  /** Runs of 4+ characters of one row's problem phrases that no other row says → the phrase. */
  private readonly partials = new Map<string, string>();
  /** The industry words with Chinese characters, for isIndustry's containment checks. */
  private hanIndustries?: string[];
  /** Phrases by their first token: a question is checked against those its own tokens start. */
  private readonly phrasesByToken = new Map<string, Phrase[]>();
  /** What each recent question says, keyed by the tokenizer's memoized token list of it. */
  private readonly heardCache = new WeakMap<readonly string[], Heard>();
  /** Typos and pinyin over the corpus's own words. */
  readonly vocabulary: VocabularyMatcher;
  /** Rows whose title names the industries they are about (新三样: 光伏, 锂电池, 新能源汽车). */
  private readonly scoped = new Set<number>();
  /** Per row with a kind of patent (SEPs: row 9), the token lists of the words that say it. */
  private readonly kinds = new Map<number, string[][]>();

  constructor(readonly edition: Edition) {
    const { table, companion } = edition;
    const vocabulary: string[] = [];
    for (const d of table.directions) {
      const aliases = companion.directions.get(d.id);
      vocabulary.push(
        d.title,
        ...(aliases ? [...aliases.core, ...aliases.keywords, ...aliases.context] : []),
      );
    }
    this.tokenizer = new SearchTokenizer(vocabulary, companion.synonyms);
    const tokenizer = this.tokenizer;
    this.industries = new Set([...companion.industries].map((w) => normalize(w, companion.synonyms, true)));

    // Each field is tokenized once: Orama's insert asks for the same texts again.
    const fieldTokens = new Map<string, string[]>();
    const tokensOf = (text: string, prop?: string) => {
      const known = fieldTokens.get(text);
      if (known) return known;
      const phrases = prop === "core" || prop === "keywords" || prop === "context";
      const tokens = phrases ? tokenizer.phraseTokens(text) : tokenizer.tokenize(text, true);
      fieldTokens.set(text, tokens);
      return tokens;
    };
    this.db = create({
      schema,
      components: {
        tokenizer: {
          language: "chinese",
          normalizationCache: new Map(),
          // Orama passes the property when indexing and none when searching. Its radix tree matches
          // prefixes (专利 would hit 专利池), and its `exact` option compares raw text, so every token
          // ends in a terminator that makes a prefix match an exact one.
          tokenize: (raw: string, _language?: string, prop?: string) =>
            (prop === undefined ? tokenizer.queryTokens(raw) : tokensOf(raw, prop)).map((t) => `${t}${END}`),
        },
      },
    });

    for (const d of table.directions) {
      const aliases = companion.directions.get(d.id);
      const fields = {
        id: String(d.id),
        title: d.title,
        core: (aliases?.core ?? []).join(" | "),
        keywords: [aliases?.titleEn ?? "", ...(aliases?.keywords ?? [])].join(" | "),
        context: (aliases?.context ?? []).join(" | "),
        suggestion: d.suggestion,
        policy: d.policyBasis,
      };
      this.byId.set(fields.id, d);
      insert(this.db, fields);

      const seen = new Set(
        (["title", "core", "keywords", "suggestion"] as const).flatMap((prop) =>
          tokensOf(fields[prop], prop),
        ),
      );
      for (const token of seen)
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
      for (const token of new Set(tokensOf(d.policyBasis))) {
        this.policyFrequency.set(token, (this.policyFrequency.get(token) ?? 0) + 1);
      }

      const phrases: Phrase[] = [];
      // Without team keywords (a new table), the title's own word pairs stand in for them.
      const texts = aliases
        ? [...aliases.core, ...aliases.keywords]
        : tokenizer.tokenize(d.title, true).filter((t) => /^\p{Script=Han}{2}$/u.test(t));
      for (const [list, context] of [
        [texts, false],
        [aliases?.context ?? [], true],
      ] as const) {
        for (const text of list) {
          const tokens = [...new Set(tokenizer.tokenize(text, true))];
          const industry = this.isIndustry(normalize(text, companion.synonyms, true));
          if (tokens.length > 0)
            phrases.push({
              text,
              normalized: normalize(text, companion.synonyms, true),
              tokens,
              weight: 0,
              evidence: 0,
              context,
              industry,
              exclusive: false,
              row: d.id,
              order: 0,
            });
        }
      }
      this.phrases.set(d.id, phrases);
      const kinds = (aliases?.kind ?? [])
        .map((k) => [...new Set(tokenizer.tokenize(k, true))])
        .filter((t) => t.length > 0);
      if (kinds.length > 0) this.kinds.set(d.id, kinds);
      const title = normalize(d.title, companion.synonyms, true);
      if (phrases.some((p) => p.industry && !p.context && title.includes(p.normalized)))
        this.scoped.add(d.id);
    }
    // A context word the rows' text never says (journals, publishing: English beside a Chinese table)
    // counts as evidence by how many rows list it as context, so two of them together are evidence;
    // it still does not rank (国外 would pull every question abroad to the one row that lists it).
    const contextRows = new Map<string, number>();
    for (const list of this.phrases.values())
      for (const p of list)
        if (p.context) for (const t of p.tokens) contextRows.set(t, (contextRows.get(t) ?? 0) + 1);
    const n = table.directions.length;
    for (const list of this.phrases.values()) {
      for (const p of list) {
        p.weight = Math.max(...p.tokens.map((t) => this.idf(t)));
        p.evidence =
          p.weight > 0 || !p.context
            ? p.weight
            : Math.max(...p.tokens.map((t) => Math.log(n / Math.max(contextRows.get(t) ?? n, 1))));
      }
    }
    for (const [id, list] of this.phrases)
      for (const p of list)
        p.exclusive =
          (p.industry || p.context) &&
          table.directions.every((d) => d.id === id || !this.rowSays(d.id, p.text));
    let order = 0;
    for (const list of this.phrases.values())
      for (const p of list) {
        p.order = order++;
        const [first] = p.tokens as [string];
        const starting = this.phrasesByToken.get(first) ?? [];
        starting.push(p);
        this.phrasesByToken.set(first, starting);
      }
    const split = new Set<string>();
    for (const list of this.phrases.values())
      for (const p of list) {
        const text = normalize(p.text, companion.synonyms, true);
        if (p.industry || p.context || !/^\p{Script=Han}{4,6}$/u.test(text) || split.has(text)) continue;
        split.add(text);
        this.splitTexts.push(text);
        for (let cut = 2; cut <= text.length - 2; cut++) {
          const head = text.slice(0, cut);
          const list = this.splitPhrases.get(head) ?? [];
          list.push([text.slice(cut), text]);
          this.splitPhrases.set(head, list);
        }
      }
    // Four or more characters of a longer problem phrase that only one row says (核心技术 of 核心技术外流).
    for (const [id, list] of this.phrases)
      for (const p of list) {
        const text = normalize(p.text, companion.synonyms, true);
        if (p.industry || p.context || !/^\p{Script=Han}{5,10}$/u.test(text)) continue;
        for (let len = 4; len < text.length; len++)
          for (let at = 0; at + len <= text.length; at++) {
            const part = text.slice(at, at + len);
            if (this.partials.has(part)) continue;
            const rows = table.directions.filter((d) => this.rowSaysNormalized(d.id, part));
            this.partials.set(part, rows.length === 1 && rows[0]?.id === id ? text : "");
          }
      }
    for (const [part, phrase] of this.partials) if (!phrase) this.partials.delete(part);
    this.vocabulary = new VocabularyMatcher(
      vocabulary.map((v) => normalize(v, companion.synonyms, true)),
      (token) => this.documentFrequency.has(token) || this.documentFrequency.has(stemLike(token)),
      table.directions.map((d) => normalize(d.title, companion.synonyms, true)),
      companion.synonyms,
    );
  }

  /**
   * Whether a direction's row says this word: its title or suggestion contains it, or the team lists it
   * as one of the direction's own keywords (exactly, so 具身大模型 does not say 大模型).
   */
  rowSays(id: number, term: string): boolean {
    let t = this.normalizedTerms.get(term);
    if (t === undefined) {
      t = normalize(term, this.edition.companion.synonyms, true);
      this.normalizedTerms.set(term, t);
    }
    return this.rowSaysNormalized(id, t);
  }

  private rowSaysNormalized(id: number, t: string): boolean {
    let row = this.rows.get(id);
    if (!row) {
      const d = this.byId.get(String(id));
      const aliases = this.edition.companion.directions.get(id);
      const syn = this.edition.companion.synonyms;
      row = {
        text: d ? normalize(`${d.title} ${d.suggestion}`, syn, true) : "",
        keywords: new Set(
          aliases ? [...aliases.core, ...aliases.keywords].map((k) => normalize(k, syn, true)) : [],
        ),
      };
      this.rows.set(id, row);
    }
    return row.text.includes(t) || row.keywords.has(t);
  }

  /**
   * Problem words a question writes with a word or two inside (全球许可费率 for 全球费率, 国内的专利池 for
   * 国内专利池): the phrase, to be searched as well. Halves of two or more characters, a gap of one to four
   * (打包统一对外许可 for 打包许可). A how inside (许可费怎么分配) counts only where `study` says the question
   * speaks of a study.
   */
  gapped(text: string, study = false): string[] {
    const found: string[] = [];
    for (let at = 0; at + 2 <= text.length; at++) {
      for (let len = 2; len <= 4; len++) {
        for (const [tail, phrase] of this.splitPhrases.get(text.slice(at, at + len)) ?? []) {
          const head = text.slice(at, at + len);
          const gap = text.slice(at + len, at + len + 5);
          const end = gap.indexOf(tail.slice(0, 1));
          if (end < 1 || found.includes(phrase)) continue;
          const inside = gap.slice(0, end);
          if (!text.startsWith(tail, at + len + end) || !/^\p{Script=Han}+$/u.test(inside)) continue;
          // Not a question word (纠纷怎么处理), and not a longer word the table knows (标准必要专利 ⊅ 标准专利).
          // A how (许可费怎么分配) only in a question about a study: "纠纷怎么处理" alone is one's own case.
          if (/到底|是|还|吗|呢|该/.test(inside) || (!study && /怎|么|如何/.test(inside))) continue;
          const span = text.slice(at, at + len + end + tail.length);
          const across = (t: string) => {
            const i = span.indexOf(t);
            return t !== phrase && i >= 0 && i < head.length && i + t.length > head.length;
          };
          if (this.splitTexts.some(across)) continue;
          // Nor words the table itself writes with that gap (标准与专利协同 is direction 5's, not 标准专利).
          if (this.edition.table.directions.some((d) => this.rowSaysNormalized(d.id, span))) continue;
          found.push(phrase);
        }
      }
    }
    return found;
  }

  /**
   * Problem phrases a question names only in part (核心技术 for 核心技术外流): the phrases of which it
   * contains a run of four or more characters that one row alone says, in a question that names an
   * IP or research word (华为的核心技术是什么 names none).
   */
  partial(text: string): string[] {
    const found = new Set<string>();
    // A part of a phrase is weaker than the phrase: only in a question that asks about IP or the table.
    const q = text.toLowerCase();
    if (OFF_TOPIC_ASK.test(q) ? !IP_WORD.test(q) : !IP_ANCHOR.test(q)) return [];
    for (const run of text.match(/\p{Script=Han}{4,}/gu) ?? [])
      for (let len = Math.min(run.length, 9); len >= 4; len--)
        for (let at = 0; at + len <= run.length; at++) {
          const phrase = this.partials.get(run.slice(at, at + len));
          if (phrase) found.add(phrase);
        }
    return [...found];
  }

  /** Inverse document frequency over the directions: 0 for a word every direction has. */
  idf(token: string): number {
    const n = this.edition.table.directions.length;
    const df = this.documentFrequency.get(token) ?? 0;
    return df === 0 ? 0 : Math.log(n / df);
  }

  /** Inverse document frequency over the policy bases. */
  policyIdf(token: string): number {
    const df = this.policyFrequency.get(token) ?? 0;
    return df === 0 ? 0 : Math.log(this.edition.table.directions.length / df);
  }

  /** Directions ranked by relevance to a question (BM25 over the fields, boosted), best first. */
  search(question: string, limit = 10): Match[] {
    const heard = this.hear(question);
    if (heard.tokens.size === 0) return [];
    const result = search(this.db, {
      term: question,
      properties: FIELDS,
      boost: BOOST,
      threshold: 1,
      limit,
      relevance: { k: 1.2, b: 0.3, d: 0.5 },
    }) as Awaited<ReturnType<typeof search<Orama<typeof schema>>>>;
    // Where a question names an industry, the IP problem it names decides between the rows.
    const industry = heard.said.some((p) => p.industry);
    const matches = result.hits.flatMap((hit) => {
      const direction = this.byId.get(hit.document.id);
      if (!direction) return [];
      const problem = industry ? this.problemWeight(direction.id, heard) : 0;
      const place = industry ? this.industryWeight(direction.id, heard) : 0;
      return [
        {
          direction,
          score: hit.score + PROBLEM_BONUS * problem + INDUSTRY_BONUS * place,
          matched: this.matchedPhrases(direction.id, heard),
          problem,
        },
      ];
    });
    // Beside a problem word, a direction that matches only the industry is the wrong row for it.
    if (matches.some((m) => m.problem > 0))
      for (const m of matches) if (m.problem === 0) m.score *= INDUSTRY_ONLY;
    for (const m of matches) if (this.elsewhere(m.direction.id, heard)) m.score *= OTHER_INDUSTRY;
    matches.sort((a, b) => b.score - a.score);
    // A row that only shares the question's common words (专利态势: 8's title says 态势) is not above one
    // whose own keyword the question names (RIS, one of 5's).
    const keyed = matches.findIndex((m) => m.matched.length > 0);
    if (keyed > 0 && matches[0]?.matched.length === 0) {
      const [m] = matches.splice(keyed, 1) as [(typeof matches)[number]];
      m.score = Math.max(m.score, (matches[0]?.score ?? 0) * 1.01);
      matches.unshift(m);
    }
    this.preferCovering(matches, heard);
    this.breakTieByContext(matches, heard);
    const best = matches[0]?.score ?? 0;
    // Only directions with evidence of their own: a keyword matched, or a score near the best.
    return matches
      .filter((m, i) => i === 0 || (m.score > 0 && (m.matched.length > 0 || m.score >= best * NOISE)))
      .map(({ problem: _, ...m }) => m);
  }

  /**
   * Two rows nearly tied on the words they share (SEP: 9 and 10) are told apart by the context words
   * the question says that only one of them lists (法院, 判例: 9's; 提案, 研发: 10's): that one goes first.
   */
  private breakTieByContext(matches: (Match & { problem: number })[], heard: Heard): void {
    const [top, next] = matches;
    if (!top || !next || next.score < top.score * TIE) return;
    if (!top.matched.some((t) => next.matched.includes(t))) return;
    const contextOf = (id: number) =>
      new Set((heard.byRow.get(id) ?? []).filter((p) => p.context).map((p) => p.normalized));
    const a = contextOf(top.direction.id);
    const b = contextOf(next.direction.id);
    const onlyA = [...a].filter((t) => !b.has(t) && !this.rowSaysOrLists(next.direction.id, t)).length;
    const onlyB = [...b].filter((t) => !a.has(t) && !this.rowSaysOrLists(top.direction.id, t)).length;
    if (onlyB > onlyA) {
      next.score = top.score * 1.01;
      matches.sort((x, y) => y.score - x.score);
    }
  }

  /** Whether a row says a (normalized) word in its text or keywords, or lists it as its own context word. */
  rowSaysOrLists(id: number, term: string): boolean {
    return (
      this.rowSaysNormalized(id, term) ||
      (this.phrases.get(id) ?? []).some((p) => p.context && p.normalized === term)
    );
  }

  /** A normalized table word as the team's lists write it (6g → 6G), for showing it. */
  display(term: string): string {
    for (const list of this.phrases.values()) for (const p of list) if (p.normalized === term) return p.text;
    return term;
  }

  /** The table's words a question names (see namedTerms), normalized. */
  namedWords(question: string): string[] {
    return this.namedTerms(this.hear(question)).terms;
  }

  /**
   * The words of the table a question names (any row's keyword, industry or context word it contains),
   * normalized, without those inside a longer one named (人形 inside 人形机器人).
   */
  private namedTerms(heard: Heard): { terms: string[]; all: string[]; industries: Set<string> } {
    const named = new Set<string>();
    const industries = new Set<string>();
    for (const p of heard.said)
      if (p.weight > 0 || p.context) {
        named.add(p.normalized);
        if (p.industry) industries.add(p.normalized);
      }
    const texts = [...named];
    return {
      terms: texts.filter((t) => !texts.some((o) => o !== t && o.includes(t))),
      all: texts,
      industries,
    };
  }

  /**
   * A row that says every word of the question the best-ranked row says, and more of them (出海 beside
   * 专利池: the overseas pools, not the domestic ones), is the better row: it goes first.
   */
  private preferCovering(matches: (Match & { problem: number })[], heard: Heard): void {
    const [top] = matches;
    if (!top) return;
    const { terms, all, industries } = this.namedTerms(heard);
    if (terms.length < 2) return;
    // Which row says more of the question's words: its text and keywords, where a row that says
    // 标准必要专利 says SEP (and SEPs) too; the best row's own context words (诺基亚 and 中国法院 are 9's)
    // count for it as well, so a row must say more in its own text to go above it.
    const says = (id: number, t: string) =>
      this.rowSaysNormalized(id, t) ||
      (CHINESE_FOR_LATIN[stemLike(t)] ?? []).some((zh) => this.rowSaysNormalized(id, zh));
    const covers = (id: number) => terms.filter((t) => says(id, t));
    const own = terms.filter((t) => says(top.direction.id, t) || this.rowSaysOrLists(top.direction.id, t));
    const placed = (said: string[]) => said.some((t) => industries.has(t));
    let better: { id: number; said: number } | undefined;
    // Between rows beside it, the one that says more of the words inside them too (专利池 of 专利池组建).
    let beside: { id: number; said: number; parts: number } | undefined;
    for (const d of this.edition.table.directions) {
      if (d.id === top.direction.id || this.elsewhere(d.id, heard)) continue;
      const said = covers(d.id);
      if (said.length > own.length && own.every((t) => said.includes(t))) {
        if (!better || said.length > better.said) better = { id: d.id, said: said.length };
      } else if (said.length === own.length && placed(said) && !placed(own)) {
        const parts = all.filter((t) => says(d.id, t)).length;
        if (!beside || parts > beside.parts) beside = { id: d.id, said: said.length, parts };
      }
    }
    if (better) this.moveTo(matches, better.id, 0, top.score * 1.01, heard);
    // As many of its words and the industry it names, where the best row says none of it (6G beside
    // 专利池: the emerging fields' pools): not first, the best row's own words may decide, but shown next.
    else if (beside) {
      const next = matches.find((m) => m.direction.id !== top.direction.id && m.direction.id !== beside.id);
      const current = matches.find((m) => m.direction.id === beside.id)?.score ?? 0;
      // Shown, too, however far the best row's own words put it ahead: no noise.
      const score = Math.min(
        top.score * 0.99,
        Math.max(current, (next?.score ?? 0) * 1.01, top.score * NOISE),
      );
      this.moveTo(matches, beside.id, 1, score, heard);
    }
  }

  private moveTo(
    matches: (Match & { problem: number })[],
    id: number,
    position: number,
    score: number,
    heard: Heard,
  ): void {
    const at = matches.findIndex((m) => m.direction.id === id);
    const found = at >= 0 ? matches.splice(at, 1)[0] : undefined;
    const direction = found?.direction ?? this.byId.get(String(id));
    if (!direction) return;
    matches.splice(position, 0, {
      direction,
      score,
      matched: found?.matched ?? this.matchedPhrases(id, heard),
      problem: found?.problem ?? 0,
    });
  }

  /**
   * An industry word, a part of one (人形 of 人形机器人) or a word built on one without an IP word
   * (物流无人机, but not 光伏专利池).
   */
  private isIndustry(text: string): boolean {
    if (this.industries.has(text)) return true;
    if (!/\p{Script=Han}/u.test(text)) return false;
    this.hanIndustries ??= [...this.industries].filter((w) => w.length >= 2 && /\p{Script=Han}/u.test(w));
    const anchored = IP_ANCHOR.test(text);
    for (const word of this.hanIndustries) {
      if (word.includes(text) && text.length >= 2) return true;
      if (!anchored && text.includes(word)) return true;
    }
    return false;
  }

  /**
   * A row about named industries (4: 光伏, 锂电池, 新能源汽车) for a question that names only other
   * industries (手机) and only that row's context words (印度, 被诉): the place rules the row out.
   */
  private otherIndustry(id: number, heard: Heard): boolean {
    if (!this.scoped.has(id) || !this.onlyOthersIndustries(id, heard)) return false;
    return (heard.byRow.get(id) ?? []).every((p) => p.context || p.weight === 0);
  }

  /**
   * Whether a row about one kind of patent (SEPs) is heard only in words any patent suit says (禁令,
   * 应诉, 德国): the question names other rows' industries and no word of the row's kind or industries
   * (光伏企业在德国被申请临时禁令 is a PV export suit, row 4, not an SEP one).
   */
  private kindless(id: number, heard: Heard): boolean {
    const kinds = this.kinds.get(id);
    if (!kinds || !this.onlyOthersIndustries(id, heard)) return false;
    return !kinds.some((tokens) => tokens.every((t) => heard.tokens.has(t)));
  }

  /** Whether a question names industries and none of them is a row's own (said or listed by it). */
  private onlyOthersIndustries(id: number, heard: Heard): boolean {
    const industries = heard.said.filter((p) => p.industry);
    return (
      industries.length > 0 && !industries.some((p) => p.row === id || this.rowSaysOrLists(id, p.normalized))
    );
  }

  /** Whether a question names only other fields than a row's (otherIndustry or kindless): it keeps half. */
  private elsewhere(id: number, heard: Heard): boolean {
    return this.otherIndustry(id, heard) || this.kindless(id, heard);
  }

  /** The weight of the most specific industry word of a direction the question names. */
  private industryWeight(id: number, heard: Heard): number {
    let best = 0;
    for (const p of heard.byRow.get(id) ?? []) if (p.industry && p.exclusive) best = Math.max(best, p.weight);
    return best;
  }

  /** The weight of the IP-problem words (not industry, not context) of a direction the question names. */
  private problemWeight(id: number, heard: Heard): number {
    let sum = 0;
    for (const p of heard.byRow.get(id) ?? []) {
      if (p.industry || p.weight === 0) continue;
      // A context word only this row says (著作权) is half a problem word; a shared one (标准) is none.
      if (p.context && !p.exclusive) continue;
      sum += p.context ? p.weight / 2 : p.weight;
    }
    return sum;
  }

  /**
   * How strongly a question points at this table at all: the weight of the most specific keyword or title
   * word it contains. Words every direction shares (专利, 知识产权) weigh nothing, so "商标注册要多少钱" or
   * "how long does a patent take" do not count as questions about a direction.
   */
  evidence(question: string): number {
    // An ask no direction is about: only an IP word makes it one about the table.
    if (asksElsewhere(question.toLowerCase())) return 0;
    const heard = this.hear(question);
    let best = 0;
    let industry = 0;
    const industryWords: string[] = [];
    const context = new Map<string, number>();
    // A context word only the context lists say counts in a question that names an IP or research word.
    const anchored = IP_ANCHOR.test(question.toLowerCase());
    for (const p of heard.said) {
      if (p.context) {
        const weight = p.weight > 0 || anchored ? p.evidence : 0;
        context.set(p.text, Math.max(context.get(p.text) ?? 0, weight));
      } else if (p.industry) {
        industry = Math.max(industry, p.weight);
        industryWords.push(p.text.toLowerCase());
      } else best = Math.max(best, p.weight);
    }
    // An industry word alone is where, not what: it counts beside an IP word, or typed on its own.
    if (industry > best && this.industryCounts(question, industryWords)) best = industry;
    // Context words count only in company: 美国 alone is a visa question, 欧美+专利诉讼+出海 is not.
    const weights = [...context.values()].sort((a, b) => b - a);
    const together = weights.length >= 2 ? weights.slice(1).reduce((a, b) => a + b, 0) : 0;
    // Or beside an IP problem word, in a question that is not about filing or fees: 美国+专利侵权+起诉
    // (a dispute abroad) is the table's; 美国专利怎么申请 (a filing procedure) is not.
    // The problem word is another than the context word itself: 离婚诉讼 is no dispute the table knows.
    const q = question.toLowerCase();
    const [only] = context.keys();
    const others = only === undefined ? q : q.replaceAll(only.toLowerCase(), " ");
    // And the problem is one a row listing the context word is about (著作权 beside 侵权 is a game
    // stream's copyright case: the one row with 著作权 says nothing of infringement).
    const problem = IP_PROBLEM.exec(others)?.[0];
    const beside =
      weights.length === 1 &&
      problem !== undefined &&
      only !== undefined &&
      !IP_PROCEDURE.test(q) &&
      this.sameRow(only, problem)
        ? (weights[0] ?? 0)
        : 0;
    // A context word that is itself about the table's problems (出海, 诉讼), typed alone or inside a
    // frame that only points at a topic ("关于出海的呢"): a question about it; 美国 alone is not.
    const alone =
      weights.length === 1 &&
      only !== undefined &&
      IP_ANCHOR.test(only.toLowerCase()) &&
      q.replaceAll(only.toLowerCase(), "").replace(FILLER, "") === ""
        ? (weights[0] ?? 0)
        : 0;
    return Math.max(best, together, beside, alone);
  }

  /** Whether a row that lists this context word also says the problem word (its text or any of its words). */
  private sameRow(context: string, problem: string): boolean {
    for (const [id, list] of this.phrases) {
      if (!list.some((p) => p.context && p.text === context)) continue;
      if (this.rowSaysNormalized(id, problem) || list.some((p) => p.normalized.includes(problem)))
        return true;
    }
    return false;
  }

  private industryCounts(question: string, words: string[]): boolean {
    const q = question.toLowerCase();
    if (asksElsewhere(q)) return false;
    if (IP_ANCHOR.test(q)) return true;
    let rest = q;
    for (const w of [...words].sort((a, b) => b.length - a.length))
      rest = withoutMistyped(rest.replaceAll(w, ""), w);
    // Initials that spelled the words ("xny qc") are the words too.
    return rest.replace(/\b[b-df-hj-np-tv-z]{2,}\b/g, "").replace(FILLER, "").length <= 3;
  }

  /** The phrases a question says, found from its tokens through the phrases' first tokens. */
  private hear(question: string): Heard {
    const list = this.tokenizer.queryTokens(question);
    const known = this.heardCache.get(list);
    if (known) return known;
    const tokens = new Set(list);
    const said: Phrase[] = [];
    for (const t of tokens)
      for (const p of this.phrasesByToken.get(t) ?? []) if (saysAll(p, tokens)) said.push(p);
    said.sort((a, b) => a.order - b.order);
    const byRow = new Map<number, Phrase[]>();
    for (const p of said) {
      const row = byRow.get(p.row);
      if (row) row.push(p);
      else byRow.set(p.row, [p]);
    }
    const heard = { tokens, said, byRow };
    this.heardCache.set(list, heard);
    return heard;
  }

  private matchedPhrases(id: number, heard: Heard): string[] {
    const hits = (heard.byRow.get(id) ?? []).filter((p) => p.weight > 0 && !p.context);
    // Keep the most specific: drop a phrase contained in a longer matched one (人形 inside 人形机器人).
    const texts = hits
      .sort((a, b) => b.weight - a.weight || b.text.length - a.text.length)
      .map((p) => p.text);
    return texts.filter((t, i) => !texts.some((o, j) => j < i && o.toLowerCase().includes(t.toLowerCase())));
  }
}

/** Whether a question's tokens contain all of a phrase's. */
function saysAll(p: Phrase, tokens: ReadonlySet<string>): boolean {
  for (const t of p.tokens) if (!tokens.has(t)) return false;
  return true;
}

/** An ask no direction is about (a price, a course, coding help…), in a question with no IP word. */
export function asksElsewhere(lowered: string): boolean {
  return OFF_TOPIC_ASK.test(lowered) && !IP_WORD.test(lowered) && !asksAboutThisProgramme(lowered);
}

/** The text without the word typed with one character wrong (脑机接扣 for 脑机接口): it names the word too. */
function withoutMistyped(text: string, word: string): string {
  if (word.length < 3 || !/^\p{Script=Han}+$/u.test(word)) return text;
  let out = text;
  for (let i = 0; i + word.length <= out.length; i++) {
    let differ = 0;
    for (let k = 0; k < word.length && differ <= 1; k++) if (out[i + k] !== word[k]) differ++;
    if (differ === 1) {
      out = `${out.slice(0, i)}${out.slice(i + word.length)}`;
      i--;
    }
  }
  return out;
}

/** An ASCII token as the index stores it (the tokenizer's stem drops a plural s). */
function stemLike(token: string): string {
  return token.endsWith("s") ? token.slice(0, -1) : token;
}
