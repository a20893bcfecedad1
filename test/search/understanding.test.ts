import { describe, expect, it } from "vitest";
import { TableAnswerer } from "../../src/answer/table-answer.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { loadTexts } from "../../src/i18n.ts";
import { asksAboutProgramme, detectIntents } from "../../src/search/intent.ts";
import { Retriever } from "../../src/search/retrieve.ts";
import { VocabularyMatcher } from "../../src/search/vocabulary.ts";
import { OFFICIAL_NOTICE, wrongFacts } from "../eval/evaluate.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);
const answerer = new TableAnswerer(edition, loadTexts("locales"));
const ids = (q: string) => retriever.retrieve(q).matches.map((m) => m.direction.id);
const body = (q: string) => answerer.answer(retriever.retrieve(q)).body;

describe("facts come from the documents index (class 1)", () => {
  it("does not take a topic word that is part of a document's title for a document reference", () => {
    const r = retriever.retrieve("人工智能模型蒸馏的侵权风险");
    expect(r.understanding.documents).toEqual([]);
    expect(r.matches[0]?.direction.id).toBe(1);
    expect(body("人工智能模型蒸馏的侵权风险")).not.toContain("的方向共");
  });
  it("states the number of citing directions the index has, and lists exactly them", () => {
    const citing = edition.documents.find((e) => e.document.title.includes("十五五"))?.citedBy ?? [];
    const text = body("十五五规划被哪些方向引用？");
    expect(text).toContain(`的方向共 ${citing.length} 个`);
    expect(wrongFacts(edition, text)).toEqual([]);
  });
  it("keeps the index's count when the question narrows the documents' directions", () => {
    const text = body("十五五里关于产业安全的要求是哪些方向");
    expect(wrongFacts(edition, text)).toEqual([]);
  });
  it("the checker catches a count that disagrees with the index", () => {
    const fake =
      "引用《国务院关于深入实施“人工智能+”行动的意见》的方向共 10 个：\n- 方向1「x」\n- 方向2「y」";
    expect(wrongFacts(edition, fake).length).toBeGreaterThan(0);
  });
});

describe("intent words inside a plan (class 2)", () => {
  it("reads 政策建议 as an output the plan promises, not a policy question", () => {
    const q = "我们打算梳理大模型训练数据和开源协议的侵权风险，最终形成政策建议报告，请问选哪个方向？";
    expect(detectIntents(q).primary).toBe("topic");
    expect(retriever.retrieve(q).understanding.intent).toBe("topic");
    expect(body(q)).toContain("最匹配的方向");
  });
  it("answers the plan's question (which direction) over words of the plan (框架)", () => {
    expect(detectIntents("我们想构建一套大模型合规治理框架，报哪个方向").primary).toBe("topic");
    expect(detectIntents("方向3的申报书怎么写").primary).toBe("tips");
  });
  it("still reads a policy question as one", () => {
    expect(detectIntents("方向3的政策依据是什么").primary).toBe("policy");
  });
});

describe("document short names containing a topic word (class 3)", () => {
  it("finds the photovoltaic opinions from 光伏 and 意见, cited by direction 7 only", () => {
    const r = retriever.retrieve("光伏…意见");
    expect(r.understanding.documents.map((d) => d.title)).toEqual([
      "关于进一步加强光伏产业知识产权保护工作的意见",
    ]);
    expect(ids("光伏…意见")).toEqual([7]);
  });
  it("tells titles that share topic words apart by the kind of document named (意见, not 规定)", () => {
    const q = "按照关于光伏产业知识产权保护的意见，研究专利池的纠纷处理规则";
    expect(retriever.understand(q).documents.map((d) => d.title)).toEqual([
      "关于进一步加强光伏产业知识产权保护工作的意见",
    ]);
    expect(ids(q)).toEqual([7]);
  });
  it.each([
    "我们是智能座舱供应商，也是整车制造商的一级配套，想研究车联网标准专利布局，报哪个",
    "拟推动自研算法写入人工智能国家标准并培育高价值SEP，选哪个方向",
  ])("a plan's scattered words (智能…制造, 入人工智能) name no document: %s", (q) => {
    expect(retriever.understand(q).documents).toEqual([]);
    expect(ids(q)[0]).toBe(10);
  });
  it("a title named in a run of its own words still is (人工智能制造专项行动)", () => {
    expect(retriever.understand("人工智能制造专项行动").documents.map((d) => d.key)).toEqual([
      "人工智能+制造专项行动实施意见",
    ]);
  });
});

describe("the table's structure (class 4)", () => {
  it.each([
    ["标准必要专利那部分的第一个", [9]],
    ["专利池那部分第二个是什么", [8]],
    ["第一部分的最后一个方向", [6]],
    ["最后一个方向讲什么", [10]],
    ["倒数第二个方向", [9]],
    ["⑤", [5]],
    ["⑦和⑧有什么区别", [7, 8]],
    ["5", [5]],
    ["第陆个方向具体要研究什么", [6]],
  ])("%s → %j", (q, expected) => expect(ids(q)).toEqual(expected));
  it.each([
    ["the first direction in part two", 7],
    ["part 1's second direction", 2],
    ["second-to-last direction of part 1", 5],
    ["what is the final direction?", 10],
  ])("reads English ordinals within a part: %s → %i", (q, expected) => expect(ids(q)).toEqual([expected]));
  it("finds the rows whose text says an unquoted phrase named after a word of mentioning", () => {
    expect(ids("申报建议中提到了开源许可证冲突的是哪个")).toEqual([1]);
    expect(ids("政策指引里写了部重点工作的方向有哪些")).toEqual([2, 5]);
    // A plan that merely contains something is searched, not pinned.
    expect(retriever.retrieve("我们的方案包含开源许可证冲突分析").matches[0]?.score).not.toBe(1);
  });
  it("does not read 最后 in a plan as the last direction", () => {
    expect(ids("我们最后形成专利池运营方案，报哪个")[0]).not.toBe(10);
  });
});

describe("words people type (class 5)", () => {
  it.each([
    ["商密保护", 6],
    ["新能源骑车出海", 4],
    ["gf出海", 4],
    ["wrj专利预警", 3],
    ["无人鸡的专利预警", 3],
    ["新能车出海", 4],
    ["担心合作方偷走技术，研究往哪报", 6],
    ["wurenji zhuanli yujing", 3],
    // 禁售令 is what the press calls an injunction (the companion's synonym for 禁令).
    ["手机卖到欧洲被人告专利，法院发了禁售令，想研究各国规则", 9],
    // 被人告 is being sued (起诉), the companion's synonym.
    ["车卖到德国被人告专利，法官要禁止销售，想研究各国规则", 9],
    // Being sued (被诉) beside SEP is litigation (9), not building SEPs (10); 标准专利 is what many call a SEP.
    ["手机企业在印度德里高院被诉SEP侵权", 9],
    ["标准专利诉讼", 9],
    // A field's pool written without 专利 is that field's patent pool; a battery's 池 is no pool.
    ["不是国内的专利池，是国外那些音视频池", 8],
    ["光伏电池出海", 4],
  ])("%s → direction %i", (q, expected) => expect(ids(q)[0]).toBe(expected));
  it("reads each half of a four-character word by its full pinyin, never by initials", () => {
    const m = new VocabularyMatcher(["专利布局"], () => false);
    expect(m.corrections("zhuanli buju")).toEqual(expect.arrayContaining(["专利", "布局"]));
    expect(m.corrections("zl bj")).not.toContain("专利");
  });
  it("corrects only to the corpus's own words, by sound", () => {
    const matcher = new VocabularyMatcher(["新能源汽车", "无人机"], () => false);
    expect(matcher.corrections("新能源骑车")).toEqual(["新能源汽车"]);
    // 国外专利卡 is one character from no word by sound: no correction.
    expect(matcher.corrections("新能源卡车")).toEqual([]);
    expect(matcher.corrections("wrj")).toEqual(["无人机"]);
  });
  it("finds a problem word written with a word inside it, not across a longer word or a question word", () => {
    expect(retriever.index.gapped("国内的专利池")).toContain("国内专利池");
    expect(retriever.index.gapped("全球许可费率")).toContain("全球费率");
    expect(retriever.index.gapped("专利侵权纠纷怎么处理")).not.toContain("纠纷处理");
    expect(retriever.index.gapped("标准必要专利")).not.toContain("标准专利");
    expect(ids("手机厂商在英国被判全球许可费率，我们该怎么应对这类判决")[0]).toBe(9);
  });
  it("reads a phrase split by a four-character adverbial (打包…统一对外…许可)", () => {
    expect(retriever.index.gapped("专利打包统一对外许可")).toContain("打包许可");
    expect(ids("几家公司的专利能不能打包统一对外许可，这种研究报哪")[0]).toBe(7);
  });
  it("does not read a gap the table itself writes (标准与专利协同 is row 5's words, not 标准专利)", () => {
    expect(retriever.index.gapped("标准与专利协同")).not.toContain("标准专利");
    expect(ids("量子计算领域标准与专利协同怎么研究")[0]).toBe(5);
  });
  it("finds a problem phrase named in part, in a question about IP or the table", () => {
    expect(retriever.index.partial("防止核心技术被带到国外的研究")).toContain("核心技术外流");
    expect(ids("企业的核心技术怎么保护，有对应的方向吗")[0]).toBe(6);
    expect(ids("华为的核心技术是什么")).toEqual([]);
  });
  it("hears the fuzzy pairs an input method accepts (z/zh, n/l, an/ang)", () => {
    const matcher = new VocabularyMatcher(["模型蒸馏", "专利池"], () => false);
    expect(matcher.corrections("模型增馏")).toEqual(["模型蒸馏"]);
    expect(matcher.corrections("专利迟")).toEqual(["专利池"]);
    expect(matcher.corrections("模型参数")).toEqual([]);
  });
  it.each([
    ["shangye mimi baohu yanjiu", 6],
    ["zhuanlichi jianshe", 7],
  ])("reads a question typed wholly in pinyin: %s → %i", (q, expected) => expect(ids(q)[0]).toBe(expected));
  it("never reads an English word or a known keyword as pinyin", () => {
    const matcher = new VocabularyMatcher(["光伏"], (t) => t === "gf");
    expect(matcher.corrections("gf出海")).toEqual([]);
    expect(new VocabularyMatcher(["光伏"], () => false).corrections("good faith")).toEqual([]);
    expect(new VocabularyMatcher(["中国"], () => false).corrections("china patent law")).toEqual([]);
  });
});

describe("the problem decides, not the industry (class 6)", () => {
  it.each([
    ["无人机企业的飞控算法被离职员工带走怎么办", 6],
    ["人形机器人公司的工程师离职去了竞争对手，把源代码也带走了", 6],
    ["光伏企业的核心工艺被合资方窃取，想研究商业秘密保护机制", 6],
    ["锂电池行业想组建国内专利池", 7],
  ])("%s → %i", (q, expected) => expect(ids(q)[0]).toBe(expected));
  it("puts first the row that says every word the best says and more of the question's (出海 + 专利池 → 8)", () => {
    expect(ids("出海碰上专利池怎么办")[0]).toBe(8);
    expect(ids("几家锂电厂商想把专利放到一起交叉许可，会不会被认定为垄断协议？")[0]).toBe(7);
  });
  it("between two rows nearly tied on a word they share, the context word only one lists decides (法院: 9)", () => {
    expect(ids("标准必要专利在英国法院的判例")[0]).toBe(9);
    expect(ids("标准必要专利与研发协同")[0]).toBe(10);
  });
  it("shows next the row that says as many of the question's words and its industry, where the best says none", () => {
    const found = ids("想研究6G专利池怎么组建");
    expect(found[0]).toBe(7);
    expect(found[1]).toBe(10);
  });
});

describe("near-domain questions (class 7)", () => {
  it.each([
    "无人机多少钱一台",
    "新能源汽车驾照怎么考",
    "光伏板哪家好，推荐一款",
    "帮我用Python写一个无人机飞控程序",
    "人形机器人有什么入门课程",
    "宁德时代股价还会涨吗",
    "锂电池回收价格多少",
    "新能源汽车补贴政策2026年还有吗",
    "帮我写段调用大模型接口的Java代码，怎么写",
    "动力电池冬天续航怎么保护",
    "无人机电池怎么充电更耐用",
    "离婚官司怎么打",
    "交通事故诉讼找谁",
    "小说改编剧本的著作权侵权纠纷",
  ])("%s is rejected", (q) => expect(ids(q)).toEqual([]));
  it("a context word counts beside a problem only a row listing it is about", () => {
    expect(ids("美国专利侵权起诉")[0]).toBe(4);
    expect(ids("小说改编剧本的著作权侵权纠纷")).toEqual([]);
  });
  it("a context word beside another IP problem word still counts; 官司 is 诉讼", () => {
    expect(ids("美国专利侵权起诉")[0]).toBe(4);
    expect(ids("SEP官司的应对策略")[0]).toBe(9);
  });
  it("an IP word beside such an ask still counts", () => {
    expect(ids("开源代码的许可证冲突怎么研究")[0]).toBe(1);
  });
  it("still accepts an industry word typed alone or beside an IP word", () => {
    expect(ids("无人机")[0]).toBe(3);
    expect(ids("无人机的政策依据有哪些？")[0]).toBe(3);
    expect(ids("我们做无人机的，报哪个方向")[0]).toBe(3);
    // Asking what one can apply for is asking about the table, however colloquially.
    expect(ids("人形机器人这块能报啥")[0]).toBe(2);
    expect(ids("无人机可以报销吗")).toEqual([]);
  });
});

describe("programme questions (class 8)", () => {
  it.each([
    "申报截止时间是什么时候？",
    "谁可以申报？个人可以报吗",
    "一个单位能报几个项目",
    "有没有申报书模板可以下载",
    "申报书要写多少字",
    "Who is eligible to apply for this programme?",
    "高校可以当牵头单位吗",
    "项目承担单位有什么要求",
    "这个方向一年立多少个项",
  ])("%s gets the official-notice line, not the off-topic refusal", (q) => {
    expect(asksAboutProgramme(retriever.understand(q).normalized)).toBe(true);
    const text = body(q);
    expect(text).toMatch(OFFICIAL_NOTICE);
    expect(text).not.toContain("不在《");
  });
  it("names the direction too when one is asked about", () => {
    expect(ids("方向3的申报截止日期是哪天")).toEqual([3]);
    expect(body("方向3的申报截止日期是哪天")).toMatch(OFFICIAL_NOTICE);
  });
  it.each([
    "专利池方向可不可以个人申报",
    "自然人能否报名这个推进计划",
    "上次落选了，明年还能重新申报吗",
    "能不能同时报两个方向",
    "一个单位能报几个方向",
  ])("eligibility and resubmission in any word order: %s", (q) =>
    expect(asksAboutProgramme(retriever.understand(q).normalized)).toBe(true),
  );
  it.each(["SEP的两个方向怎么区分", "无人机是第几个方向", "这两个方向我该选哪个", "第三部分共有几个方向"])(
    "telling directions apart is no programme question: %s",
    (q) => expect(asksAboutProgramme(retriever.understand(q).normalized)).toBe(false),
  );
  it("whether one may apply, after a topic the table covers, asks whether the topic fits", () => {
    const fits = retriever.retrieve("员工离职带走了源代码，这种课题能申报吗");
    expect(fits.understanding.programme).toBe(false);
    expect(fits.matches[0]?.direction.id).toBe(6);
    expect(retriever.retrieve("我们单位能不能申报").understanding.programme).toBe(true);
  });
  it.each([
    "用爬虫抓网页数据训练模型的版权风险，报哪个方向",
    "大模型全流程合规治理属于哪个方向",
    "how long does a US patent take to grant",
    "专利代理师资格考试怎么报名",
    "PCT国际申请要花多少钱",
  ])("words of other procedures are no programme question: %s", (q) =>
    expect(retriever.retrieve(q).understanding.programme).toBe(false),
  );
  it.each([
    ["money paid out and budget lines", "项目资金多久能拨付到位"],
    ["budget lines", "差旅费和劳务费可以列进去吗"],
    ["who leads", "牵头单位一定得是高校吗"],
    ["the person in charge", "课题负责人需要高级职称吗"],
    ["applying again", "我们去年承担过推进计划的项目，今年还能接着报吗？"],
    ["two directions, one leader", "方向1和方向7能同时报吗，同一个人当负责人行不行？"],
    ["mid-term checks", "立项以后还有中期评估吗"],
    ["the notice itself", "申报通知在哪能看到全文"],
    ["changing what was submitted", "申报书交上去了发现有错字，能撤回重交吗"],
    ["materials to attach", "申报时需要附带前期基础材料吗"],
    ["who owns and publishes the results", "研究成果的知识产权归属谁"],
    ["credit and commitments", "要不要签诚信承诺书"],
    ["topics outside the table", "能不能不按表里的，自拟一个课题"],
    ["how many projects a direction funds", "每个方向大概支持几项"],
    ["a kind of applicant", "律师事务所可不可以牵头申报光伏专利的课题"],
    ["a kind of applicant, in English", "Can a university and a company in another province apply together?"],
    ["limits and submission, in English", "What is the word limit, and how do we submit the proposal?"],
    ["contacts, in English", "Where do I find the MIIT contact person for this programme?"],
    [
      "lead applicant and own topic, in English",
      "Must the lead applicant pick a listed direction or its own topic?",
    ],
    ["a kind of applicant asking 能报吗", "国企下属研究院能报吗"],
    ["money arriving", "立项之后经费多久到账"],
    ["a contact", "能给个联系方式吗，有些细节想问"],
    ["a topic of one's own", "我们想自己定个题目，不按建议表来行不行"],
    ["what is handed in and its length", "结题时最终交的是什么，篇幅有限制吗"],
    ["applying alone", "我是一名青年教师，没团队，这种情况可以吗"],
    ["chances", "小单位申报有戏吗"],
  ])("the call itself (%s) gets the official-notice line: %s", (_class, q) => {
    expect(retriever.understand(q).programme).toBe(true);
    expect(body(q)).toMatch(OFFICIAL_NOTICE);
  });
  it("a kind of applicant beside a topic keeps the direction and adds the notice line", () => {
    const r = retriever.retrieve("律师事务所可不可以牵头申报光伏专利的课题");
    expect(r.matches[0]?.direction.id).toBe(4);
    expect(answerer.answer(r).body).toMatch(OFFICIAL_NOTICE);
  });
  it.each([
    "科技成果转化中的专利许可风险，报哪个方向",
    "how to protect trade secrets when an engineer joins a foreign company",
  ])("a table topic that shares such words is no programme question: %s", (q) =>
    expect(retriever.understand(q).programme).toBe(false),
  );
  it("a price question outside the programme is no programme question", () => {
    expect(asksAboutProgramme("无人机多少钱一台")).toBe(false);
  });
});

describe("ambiguity (class 10)", () => {
  it("shows both directions a shared keyword fits", () => {
    expect(ids("锂电池").slice(0, 2).sort()).toEqual([4, 7]);
    expect(body("锂电池")).toMatch(/同时对应方向4、7/);
    expect(
      ids("SEP")
        .slice(0, 2)
        .sort((a, b) => a - b),
    ).toEqual([9, 10]);
  });
  it("says which of two named directions fits the stated topic, and why, from the table", () => {
    const r = retriever.retrieve("报9还是10？我们做智能网联汽车的标准提案和专利布局协同");
    expect(r.recommendation?.id).toBe(10);
    expect(body("报9还是10？我们做智能网联汽车的标准提案和专利布局协同")).toMatch(/更贴合方向10/);
  });
});

describe("English context words the Chinese rows never say", () => {
  it("count together in a question about research or IP", () => {
    expect(ids("engineers publishing research in foreign journals")[0]).toBe(6);
  });
  it("do not make an everyday question one about the table", () => {
    expect(ids("best journals for engineers")).toEqual([]);
  });
  it("licence alone is the word of four rows (许可证, 许可分配, 许可费率, 许可层级), not of direction 1's", () => {
    expect(ids("EV makers licensing from Avanci")[0]).toBe(8);
    expect(ids("open source license conflicts in AI models")[0]).toBe(1);
  });
});

describe("comparisons of directions named by their words", () => {
  it("searches each side alone and shows the best of each first", () => {
    expect(
      ids("SEP诉讼应对和SEP前瞻布局有什么区别")
        .slice(0, 2)
        .sort((a, b) => a - b),
    ).toEqual([9, 10]);
    expect(ids("国内专利池建设与海外专利池应对怎么区分").slice(0, 2)).toEqual([7, 8]);
  });
  it("leaves a bare 还是 inside a topic question to the search", () => {
    const r = retriever.retrieve("光伏还是锂电池出海风险更大");
    expect(r.matches[0]?.direction.id).toBe(4);
  });
});

describe("noise (class 11)", () => {
  it("returns only directions with evidence of their own", () => {
    expect(ids("我们做无人机专利预警，报哪个方向？").length).toBeLessThanOrEqual(3);
    expect(ids("人工智能模型蒸馏的侵权风险")).toEqual([1]);
  });
});

describe("directions that do not cite a document (class 1)", () => {
  it("lists the complement of the documents index's citing directions, and the checker agrees", () => {
    const citing = edition.documents.find((e) => e.document.title.includes("十五五"))?.citedBy ?? [];
    const others = edition.table.directions.map((d) => d.id).filter((id) => !citing.includes(id));
    const q = "政策指引里没有引用十五五规划的是哪几个方向";
    expect(ids(q)).toEqual(others);
    const text = body(q);
    expect(text).toContain(`未引用国家“十五五”规划纲要的方向共 ${others.length} 个`);
    expect(wrongFacts(edition, text)).toEqual([]);
  });
  it("the checker catches a complement that lists a citing direction", () => {
    const citing = edition.documents.find((e) => e.document.title.includes("十五五"))?.citedBy ?? [];
    const fake = `未引用国家“十五五”规划纲要的方向共 1 个：\n- 方向${citing[0]}「x」`;
    expect(wrongFacts(edition, fake).length).toBeGreaterThan(0);
  });
  it("answers the same in English, from the index", () => {
    const text = body("Which directions do not cite the 15th Five-Year Plan?");
    expect(text).toMatch(/^\d+ direction\(s\) do not cite /m);
    expect(wrongFacts(edition, text)).toEqual([]);
  });
  it("a question about the citing directions is not read as the complement", () => {
    expect(retriever.retrieve("十五五规划被哪些方向引用？").understanding.notCiting).toBe(false);
  });
});

describe("the table's own words a question quotes after a word of mentioning", () => {
  it("narrows rows that share the quoted words by the words that follow", () => {
    // 部重点工作涉及 is in 2's and 5's basis; only 5's goes on to 量子科技.
    expect(ids("政策指引中提到部重点工作涉及量子科技的方向")).toEqual([5]);
  });
  it("a plan's own quoted words are emphasis, not the table's (对方“复制”了…: not 7's 可复制推广)", () => {
    const plan =
      "我们团队长期做光伏组件出口，去年在欧洲遭遇专利诉讼，对方“复制”了一套维权打法，想系统研究出海专利风险的预警和应对体系，报哪个方向？";
    expect(ids(plan)[0]).toBe(4);
    expect(ids("“可复制推广”是哪个方向写的")).toEqual([7]);
    expect(ids("申报建议里写着“可复制推广的运行经验”的是哪个")).toEqual([7]);
  });
});

describe("choosing between named directions", () => {
  it("二选一 names no direction 2", () => {
    expect(
      retriever.retrieve("海外专利池和国内专利池二选一，我们做光伏建池").understanding.directionRefs,
    ).toEqual([]);
  });
  it("the options' own names do not choose between them", () => {
    // 未来产业 names 5; what the plan studies (人形机器人整机的专利布局) is 2's.
    const r = retriever.retrieve("人形机器人整机的专利布局，都说它是未来产业，报2还是5");
    expect(r.recommendation?.id).not.toBe(5);
    expect(ids("人形机器人整机的专利布局，都说它是未来产业，报2还是5")[0]).toBe(2);
  });
});

describe("programme questions about how many are funded (class 8)", () => {
  it("gets the official-notice line", () => {
    expect(body("每个方向大概支持几家单位？")).toMatch(OFFICIAL_NOTICE);
  });
});

describe("which number a topic is", () => {
  it("低空经济是第几个 is about the table", () => {
    expect(ids("低空经济是第几个方向来着")[0]).toBe(3);
  });
  it("a report's length is a programme question", () => {
    expect(body("结题报告有篇幅要求吗")).toMatch(OFFICIAL_NOTICE);
  });
});

describe("one direction named beside a topic that fits another", () => {
  it("the topic's direction is recommended first, the named one next", () => {
    const r = retriever.retrieve("我们研究高校教师出国访学时的技术泄密，方向4合适吗？");
    expect(r.matches.map((m) => m.direction.id).slice(0, 2)).toEqual([6, 4]);
    expect(r.recommendation).toMatchObject({ id: 6, other: 4 });
    expect(answerer.answer(r).body).toMatch(/更贴合方向6/);
  });
  it("in English too, and a named direction that fits stays alone", () => {
    const r = retriever.retrieve("We study drone patent early warning. Is direction 5 the right fit?");
    expect(r.recommendation).toMatchObject({ id: 3, other: 5 });
    expect(retriever.retrieve("我们做无人机专利预警，报方向3吗").matches.map((m) => m.direction.id)).toEqual([
      3,
    ]);
  });
});

describe("a part named by its words and the last of it", () => {
  it("风险防控预警板块里排最后的那个 is 6", () => {
    expect(ids("风险防控预警板块里排最后的那个")).toEqual([6]);
    expect(ids("专利池那部分最后面的那个")).toEqual([8]);
  });
});

describe("understanding, tuned on dev12", () => {
  it("an article of a law (第30条之4) is no direction number", () => {
    const q = "比较日本著作权法第30条之4和欧盟TDM例外对大模型训练数据合规的影响，报哪个方向";
    expect(retriever.retrieve(q).outOfScope).toBeUndefined();
    expect(ids(q)[0]).toBe(1);
  });
  it("an industry word with 这个题 is a question about the table", () => {
    expect(ids("人形机器人这个题能只写国内吗")[0]).toBe(2);
  });
  it("an industry typed with one character wrong, or in initials, still counts typed alone", () => {
    expect(ids("脑机接扣是哪个")[0]).toBe(5);
    expect(ids("xny qc")[0]).toBe(4);
  });
  it("initials typed in groups spell one word (ss yd: 诉讼应对, not 印度)", () => {
    const r = retriever.retrieve("sep ss yd");
    expect(r.understanding.corrections).toContain("诉讼应对");
    expect(r.understanding.corrections).not.toContain("印度");
  });
  it("the title's words right before 文件 name the document, not a plan's scattered words", () => {
    const q = "研究国内光伏专利池的组建和纠纷处理规则，参考两部门去年发的那份光伏知识产权保护文件，报哪个";
    expect(retriever.retrieve(q).understanding.documents.map((d) => d.title)).toEqual([
      expect.stringContaining("光伏"),
    ]);
  });
  it("政策依据涉及… looks in the policy basis only", () => {
    expect(ids("政策依据里提到标准必要专利的有哪几个方向")).toEqual([9, 10]);
  });
  it("what we actually do (我们要做的是…) is the focus; what we cannot tell apart is background", () => {
    expect(ids("光伏专利池：国内组池还是出海风险？我们要做的是国内光伏企业组池减少互诉")[0]).toBe(7);
    expect(ids("这两个SEP方向我分不清，我想研究手机厂商应对海外SEP诉讼的经验")[0]).toBe(9);
  });
  it("an algorithm taken by a partner abroad is 6's problem", () => {
    expect(ids("大模型公司的核心算法被外方合作伙伴拿走了，这类研究报哪个")[0]).toBe(6);
  });
  it("battery care and whether a copyright is mine are no direction's", () => {
    expect(ids("动力电池每次充到90%会不会更耐用")).toEqual([]);
    expect(ids("我用AI生成的插画，版权归我吗")).toEqual([]);
  });
});

describe("understanding, tuned on dev14", () => {
  it("a direction number is never the end of another number (337 is no direction 7)", () => {
    const r = retriever.retrieve(
      "锂电池企业在美国遇到337调查，想研究应对，报第7个国内专利池那个方向合适吗？",
    );
    expect(r.recommendation).toMatchObject({ id: 4, other: 7 });
  });
  it("a short name said as a direction (SEP诉讼方向) is a reference, and the topic may fit another", () => {
    const r = retriever.retrieve(
      "做手机的，出海碰到海外音视频专利池的打包许可，感觉和SEP诉讼方向差不多，该报哪个？",
    );
    expect(r.matches[0]?.direction.id).toBe(8);
  });
  it("options' names are removed where they are offered, not where the topic says them", () => {
    expect(ids("几家机器人企业想建一个专利池减少互诉，这个是人形机器人方向还是专利池方向？")[0]).toBe(7);
  });
  it("jargon of the fields: FTO beside an industry, 定密/脱密, hold-up", () => {
    expect(ids("植保无人机避障算法的freedom-to-operate分析")[0]).toBe(3);
    expect(ids("高校论文投稿前的定密和脱密流程")[0]).toBe(6);
    expect(ids("hold-up和hold-out在各国法院的认定")[0]).toBe(9);
  });
  it("能申吗 and a frame asking whether something is included make an industry word a question", () => {
    expect(ids("脑机接口能申吗")[0]).toBe(5);
    expect(ids("飞行汽车那种算不算在里面")[0]).toBe(3);
  });
  it("a plan that lists news among its sources is no ask for news; a hospital is no direction's", () => {
    const q = "研究基座模型预训练语料（网页、电子书、新闻）的授权问题和蒸馏的法律边界，形成企业合规指引";
    expect(ids(q)[0]).toBe(1);
    expect(ids("国内哪些医院能做脑机接口植入手术")).toEqual([]);
  });
  it("不属于/不加入 set aside what follows", () => {
    expect(ids("一家不属于任何专利池的音视频权利人在德国起诉我们并申请禁令，这个研究归哪个？")[0]).toBe(9);
  });
});

describe("pinyin and the industries a row is about", () => {
  it("reads full pinyin of four syllables run together (rengongzhineng: 人工智能)", () => {
    expect(ids("rengongzhineng hegui")[0]).toBe(1);
  });
  it("reads a word of three syllables typed with spaces (biaozhun biyao zhuanli: 标准必要专利)", () => {
    expect(retriever.retrieve("biaozhun biyao zhuanli").understanding.corrections).toContain("标准必要专利");
  });
  it("a question wholly in pinyin counts as its reading typed alone", () => {
    expect(ids("jushen zhineng")[0]).toBe(2);
    expect(ids("liangzi tongxin")[0]).toBe(5);
    expect(ids("6G zhuanli buju")[0]).toBe(5);
  });
  it("a table word typed alone in pinyin is that word typed alone; a short English word is not pinyin", () => {
    expect(ids("wurenji")[0]).toBe(3);
    expect(ids("liangzi")[0]).toBe(5);
    for (const q of ["hello", "change", "banana"])
      expect(retriever.retrieve(q).outOfScope, q).toBe("unrelated");
  });
  it("reads a word typed half in characters, half in pinyin (新能源qiche, 专利chi)", () => {
    expect(ids("新能源qiche出海")[0]).toBe(4);
    expect(retriever.retrieve("专利chi建设").understanding.corrections).toContain("专利池");
  });
  it("pinyin of no word of the table is still off-topic", () => {
    expect(retriever.retrieve("wo xiang chi huoguo").outOfScope).toBe("unrelated");
    expect(retriever.retrieve("jintian tianqi zenmeyang").outOfScope).toBe("unrelated");
  });
  it("a row about named industries is not first for another industry by its context words alone", () => {
    // 印度 and 被诉 are 4's context, but phones are none of 光伏, 锂电池, 新能源汽车.
    const found = ids("手机企业在印度德里高院被诉SEP侵权");
    expect(found[0]).not.toBe(4);
    expect(found).toContain(9);
    // Its own industry keeps it: the same suit against a battery maker is 4's.
    expect(ids("锂电池企业在印度德里高院被诉专利侵权")[0]).toBe(4);
  });
  it("a row about one kind of patent is not first by words any patent suit says", () => {
    // 禁令 and 德国 are words of SEP suits, but nothing says the PV maker's patents are standard ones.
    expect(ids("钙钛矿组件出口欧洲被诉侵权，对方在德国法院申请了临时禁令，怎么应对？")[0]).toBe(4);
    // A word of its kind (SEP, 5G) beside 4's industries keeps it.
    expect(ids("光伏企业在德国被诉SEP侵权，对方申请禁令")).toContain(9);
    expect(ids("储能电池的5G通信模块在德国被申请禁令")[0]).toBe(9);
  });
});

describe("what the plan says it studies, after background from another row", () => {
  it.each([
    [
      "我们是新能源汽车出口企业，欧洲反补贴调查和电池专利诉讼都做了预案。现在最棘手的是蜂窝通信专利权利人要求整车厂直接签许可，想专门研究许可层级之争的司法规则。",
      9,
    ],
    [
      "Our TV business has fought overseas HEVC pool royalties for years and knows their rate rules well. What we now want to study is how domestic AI firms could build a patent pool at home, its founding principles and antitrust risks.",
      7,
    ],
    // a thicket and stacked royalties solved by licensing together at home: a domestic pool
    ["电池行业的专利丛林和费率叠加问题，能否通过行业集中许可解决", 7],
    // flowing abroad is technology outflow; patents entering a pool are a pool's
    ["国内工厂把生产工艺数据交给海外大模型厂商做行业微调，担心关键工艺流出境外", 6],
    ["TOPCon电池企业想研究入池专利的评估和收益怎么分", 7],
    // "with no …" sets aside what follows, as 不涉及 does
    [
      "A patent landscape of 6G non-terrestrial networks for a satellite operator, with no standards work involved",
      5,
    ],
    // a company's standard for non-compete pay is its policy, not one person's dispute
    ["竞业限制补偿金标准与涉密人员脱密期怎么设置才有效", 6],
  ])("%s → %i", (q, id) => expect(ids(q)[0]).toBe(id));
});

describe("a document no row cites is named as such, never answered with a row's policy basis", () => {
  it.each([
    ["《反不正当竞争法》是哪个方向的政策依据？", "《反不正当竞争法》"],
    ["出口管制法是哪些方向的政策依据？", "《出口管制法》"],
    ["Which directions cite China's Anti-Monopoly Law?", "Anti-Monopoly Law"],
    // a title that shares a topic word with table documents (人工智能) is still another document
    ["《新一代人工智能发展规划》被哪些方向引用？", "《新一代人工智能发展规划》"],
    ["《生成式人工智能服务管理暂行办法》在哪些方向的政策指引里？", "《生成式人工智能服务管理暂行办法》"],
  ])("%s", (q, name) => {
    const r = retriever.retrieve(q);
    expect(r.outOfScope).toBe("unknown-document");
    expect(r.matches).toEqual([]);
    const text = body(q);
    expect(text).toContain(name);
    // The documents the table does cite, each with its citing rows, from the documents index.
    expect(wrongFacts(edition, text)).toEqual([]);
    for (const { document } of edition.documents) expect(text).toContain(document.title);
    expect(text).toMatch(OFFICIAL_NOTICE);
  });
  it.each([
    ["哪些方向引用了2024年涉外知识产权纠纷处理规定", [4, 8]],
    ["光伏意见被哪些方向引用", [7]],
    ["《知识产权强国建设纲要》是哪个方向的政策依据", [6]],
    // written out in 《》 with words of its own: still the table's, by its alias or its five-year plan
    ["《电子信息制造业2025—2026年稳增长行动方案》是哪个方向的政策依据", [4]],
    ["《国家“十五五”规划纲要》是哪些方向的依据", [2, 3, 4, 5, 6, 8, 9, 10]],
    ["《人工智能+制造专项行动实施意见》被哪些方向引用", [10]],
    // a word of its title said just before 文件
    ["光伏相关的政策文件被哪些方向引用？", [7]],
    ["Which two directions share the foreign-related IP dispute provisions as policy basis?", [4, 8]],
  ])("a table document written loosely is still the table's: %s", (q, expected) =>
    expect(ids(q)).toEqual(expected),
  );
  it("and so is one named by its English title", () => {
    const q =
      "Which direction relies on the Opinions on Further Strengthening IP Protection in the Photovoltaic Industry?";
    expect(retriever.retrieve(q).outOfScope).toBeUndefined();
    expect(ids(q)).toContain(7);
  });
});

describe("every document the table cites, asked for as a whole", () => {
  it.each([
    "表中引用了哪些政策文件",
    "这份表一共引用了多少份政策文件？",
    "Which documents does the table cite?",
  ])("%s", (q) => {
    expect(retriever.retrieve(q).outOfScope).toBe("all-documents");
    const text = body(q);
    expect(wrongFacts(edition, text)).toEqual([]);
    for (const { document, citedBy } of edition.documents) {
      expect(text).toContain(document.title);
      expect(citedBy.length).toBeGreaterThan(0);
    }
    expect(text).toContain(String(edition.documents.length));
  });
  it("a row or a topic named keeps the question that row's", () => {
    expect(ids("光伏方向引用了哪些政策文件")[0]).toBe(4);
    expect(ids("方向3引用了哪些文件")).toEqual([3]);
  });
});
