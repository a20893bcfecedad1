import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { Retriever } from "../../src/search/retrieve.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);
const ids = (q: string) => retriever.retrieve(q).matches.map((m) => m.direction.id);

// Issue 8, class 7: a question that names a table word but asks for something no direction is about.
describe("an ask no direction is about is rejected, whatever table word it names", () => {
  it.each([
    // exams, certificates, studies and jobs
    "模型训练师证书考试在哪报名",
    "训练数据标注员好不好就业",
    "脑机接口方向读博以后好不好就业",
    // coding help and using a product
    "帮我debug一下这段大模型训练代码，显存不够",
    "开源大模型怎么在本地部署",
    // how a technology works, science news
    "How does a quantum computer actually work?",
    "蒸馏是什么原理",
    "模型蒸馏最近有什么新进展",
    // permits for oneself
    "空域怎么报备",
    // consumer comparisons of a technology
    "5G和6G网速差多少",
    "无人机航拍视频用什么格式导出哪个画质好",
    // market figures and specifications
    "去年锂电池出货量多少",
    "人形机器人关节电机给我列个参数对比",
    // how a technology works, a term beside another, its English name or what an acronym stands for
    "人形机器人的关节电机是怎么控制的，用的什么算法",
    "量子通信的QKD到底是怎么保证绝对安全的？能不能用数学推导讲一下",
    "视频转码选H.265还是H.264，参数怎么设置",
    "具身智能是什么？跟普通工业机器人有啥区别",
    "标准必要专利用英语怎么翻译",
    "SEP是什么缩写？我说的是销售赋能计划，公司想搭建一套",
    "How do I fine-tune Llama 3 on my own dataset?",
    // a licence for one's own repository, one's own company and career
    "MIT和Apache许可证哪个适合我的开源项目",
    "给我的GitHub项目选个开源协议，GPL会不会太严格？",
    "想注册一家无人机公司，经营范围怎么写？",
    "合作协议中的保密条款怎么写",
    "人工智能方向的博士生，去大厂和留高校哪个更适合做大模型研究，待遇差别大吗？",
    // who the asker is, then an ask of their own that no direction is about: the ask decides
    "我们是一家具身智能公司，机器人用大模型做任务规划。最近准备B轮融资，估值怎么定比较合理，应该优先接触哪些投资机构？",
    "我们是一家专利池运营公司，负责管理几家光伏企业的专利许可。公司要搬到新办公室，装修风格有什么推荐？",
    "We are an eVTOL startup developing air taxis for the low-altitude economy. Our battery pack keeps overheating during hover tests. What thermal management design would you recommend?",
    "我们是做脑机接口康复设备的公司，产品是非侵入式的。准备申请二类医疗器械注册证，注册检验应该送到哪个检测所？",
    // one's own paper, course, letter, licence to practise, election
    "我是某高校知识产权研究中心的课题组负责人，组里在研究专利池。投《知识产权》和《中国软科学》哪个审稿周期更短？",
    "我们是某高校的人工智能学院，想新开一门“人工智能与知识产权”的本科选修课。能帮我们设计一份16周的教学大纲吗？",
    "我们是一个全国性的无人机行业协会。协会秘书长下个月退休，新秘书长的选举程序应该怎么设计才合规？",
    "I run a small IP law firm whose clients are mostly EV makers. How many hours of continuing education do I need this year?",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
  it.each([
    ["用大模型生成的营销文案版权归谁？企业如何规避侵权风险？", 1],
    // the scene then a question about it, a direction or the study
    [
      "我们是光伏头部企业，和同行专利官司打了三年。现在想牵头成立一个市场化运作的专利池。有没有可借鉴的运行规则？",
      7,
    ],
    ["我们是做无人机的企业，飞控团队有人离职去了竞争对手。这种情况适合报哪个方向？", 6],
    [
      "We are a drone and eVTOL maker. We map patents for risk early warning. Which item should we apply under?",
      3,
    ],
    // a contract's clauses as what a study designs, asked where it goes
    [
      "我们在和海外机构合作训练大模型，担心核心技术外流，想设计合作协议中的保密条款和出境审查流程。适合哪个？",
      6,
    ],
    ["核心团队离职后在海外注册了公司，我们想研究人员流动场景下核心技术外流的防控机制", 6],
    ["支持商业秘密保护研究的政策依据是什么？", 6],
    ["国外专利池是怎么运作的？想研究出海企业面对海外专利池的风险", 8],
  ])("but the same words about a direction's subject stay in scope: %s", (q, id) =>
    expect(ids(q)[0]).toBe(id),
  );
});

describe("a task done for the user is rejected even beside an IP word", () => {
  it.each([
    "帮我用Python写个脚本，批量下载标准必要专利清单",
    "把这份开源许可证翻译成中文",
    "Please translate “专利池” into Japanese.",
    "帮我写一篇题为《大模型与知识产权》的作文",
    "打专利侵权官司的律师费大概多少",
    "离职后公司不给竞业限制补偿金怎么办",
    // one person's own case, a job and its pay, reading to recommend, using something oneself
    "我被老东家起诉泄露商业秘密，要赔多少",
    "光伏企业在招知识产权专员吗，待遇怎么样",
    "专利分析师工资一般多少",
    "推荐一本讲专利池的书",
    "AI画的插画我可以商用吗",
    // filing one's own trademark, one's own case, a term's meaning alone
    "想给我的飞行器公司申请个商标，流程是啥",
    "我的摄影作品被大模型拿去训练，我本人能起诉吗",
    "禁诉令是什么意思？",
    "什么是交叉许可",
    "What does FRAND stand for?",
    // a term explained at length, a labour dispute of one's own, filing or registering one's own,
    // copy to write, a template of a contract, rumours, which one to use oneself
    "什么是禁诉令？能通俗地给我讲讲吗",
    "专利池是什么意思，跟专利联盟有什么区别",
    "老板欠我两个月工资不发，还说我泄密，我要申请仲裁",
    "我想自己申请一个光伏支架的外观设计专利",
    "我的AI作品能去做版权登记吗",
    "帮锂电池展会写一句广告语",
    "能发我一份竞业限制协议模板吗",
    "传闻某机器人公司被收购了，是真的吗",
    "开源许可证GPL和Apache我个人项目该用哪个",
    // news, trivia, a word's translation
    "光伏反倾销最近有什么新闻",
    "标准必要专利这个说法最早是谁提出的",
    "专利池用日语怎么说",
    "How do I set up a company to make batteries? What business licence do I need?",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
});

describe("one's own case, career, studies and reading are no direction's topic", () => {
  it.each([
    // one's own dispute and what to do now
    "合作方起诉我们公司侵犯他们的软件著作权，我们该怎么应诉",
    "同事说我拷走了项目资料要告我，我要不要请律师",
    "能介绍几家做SEP许可谈判的律所吗",
    // careers and pay
    "知识产权律师的薪酬一般多少",
    "专利工程师的职称怎么评",
    // studies and publishing
    "关于标准必要专利的小论文投哪个期刊好",
    "我的硕士论文想写人形机器人伦理，怎么选题",
    "本科毕设做光伏板清洁机器人，帮我想个题目",
    "有没有讲专利池的书推荐一下",
    // certification and courses
    "知识产权管理体系认证怎么拿",
    "哪里有专利检索的网课",
    "Can you recommend some books on FRAND licensing?",
    // definitions, several in a row
    "专利池是什么意思？SEP能简单解释一下吗",
    // how a technology works, in English
    "How does speculative decoding speed up large language models? Please explain.",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
  it.each([
    [
      "theses as a channel of leakage stay row 6's",
      "研究学位论文公开前的保密审查机制，防止核心技术外流，报哪个方向",
      6,
    ],
  ])("%s: %s", (_c, q, id) => expect(ids(q)[0]).toBe(id));
  it("a dispute as a research topic stays in scope", () => {
    expect(ids("企业被海外专利权人起诉后该如何应诉，想做成课题研究").length).toBeGreaterThan(0);
  });
});

describe("a policy document named beside such an ask does not make it a question about the document", () => {
  it.each(["十五五规划里的新能源概念股票有哪些", "人工智能+制造专业就业怎么样", "电子信息工程专业大学排名"])(
    "%s",
    (q) => expect(ids(q)).toEqual([]),
  );
  it("a document question still gets its citing directions", () => {
    expect(ids("十五五规划被哪些方向引用？").length).toBeGreaterThan(0);
  });
});

describe("applicants' questions stay in scope", () => {
  it.each([
    ["光伏专利池怎么建", 7],
    ["锂电池出海337风险", 4],
    ["无人机", 3],
    ["员工跳槽把源代码带走了，这类研究报哪个", 6],
    ["我们和同行专利官司打了三年、律师费上亿，想牵头成立专利池", 7],
    ["大模型训练数据的版权风险", 1],
    // a term asked about inside a topic, or a direction's own name, is the topic
    ["FRAND费率裁判的规则差异，是什么方向", 9],
    ["新三样是什么", 4],
  ])("%s → %i", (q, expected) => expect(ids(q)[0]).toBe(expected));
});

// Issue 8: in-scope questions phrased indirectly, a topic pointed at rather than asked about.
describe("a topic pointed at inside a frame is a question about the table", () => {
  it.each([
    ["跟脑机接口有关的有没有", 5],
    ["涉及卫星互联网这块的呢", 5],
    ["那个关于诉讼的呢", 9],
  ])("%s", (q, id) => expect(ids(q).slice(0, 3)).toContain(id));
  it("a context word about the table's problems counts typed alone", () =>
    expect(ids("出海方面的呢").length).toBeGreaterThan(0));
  it.each(["那个关于美国的呢", "离婚诉讼", "跟天气有关的有没有", "关于签证这块的呢"])(
    "but not a word of elsewhere in the same frame: %s",
    (q) => expect(ids(q)).toEqual([]),
  );
});

describe("a report is not a lawsuit", () => {
  it("这份研究报告我该怎么写 is a question about a direction, not one's own case", () => {
    expect(ids("这份研究报告我该怎么写才能突出无人机专利预警的重点")[0]).toBe(3);
  });
});

describe("jobs, origins, market advice, tariffs and one's own case are no direction's", () => {
  it.each([
    "宁德时代招聘知识产权专员吗",
    "专利池是谁发明的",
    "FRAND原则的历史",
    "光伏企业出海去哪个国家好",
    "新能源车出口欧洲要交多少关税",
    "商业秘密泄露了可以报警吗",
    "员工跳槽带走客户名单怎么起诉",
    "ChatGPT会取代律师吗",
  ])("%s", (q) => expect(retriever.retrieve(q).outOfScope).toBe("unrelated"));
  it.each([
    ["研究人才招聘中的商业秘密风险，报哪个", 6],
    ["FRAND费率裁判的历史演进与规则差异", 9],
    ["光伏出口美国的关税和337调查风险研究", 4],
  ])("but a study of the same words is: %s", (q, id) => expect(ids(q)[0]).toBe(id));
});

describe("the same asks in English, and the programme's own rhythm", () => {
  it.each([
    "Who invented the patent pool?",
    "Write a Python script to scrape patents",
    "Is quantum computing going to break RSA?",
    "What's the salary of a patent engineer?",
    "Which country is best for exporting solar panels?",
  ])("%s", (q) => expect(retriever.retrieve(q).outOfScope).toBe("unrelated"));
  it.each(["Who should I contact about the programme?", "这个计划每年都有吗", "去年立了多少个项目"])(
    "%s is a programme question",
    (q) => expect(retriever.retrieve(q).outOfScope).toBe("not-in-table"),
  );
  it("a study that uses the same verbs is still a study", () => {
    expect(ids("Research on how courts break deadlocks in FRAND rate-setting")[0]).toBe(9);
  });
});

describe("essays, trips, one's own project's licence, plumbing and how a thing works in plain words", () => {
  it.each([
    "给我写篇议论文，题目叫《人工智能与未来生活》",
    "以光伏为主题写一篇1000字的文章",
    "杭州哪里能坐无人机观光？",
    "暑假想去看机器人展览，有什么旅游路线推荐",
    "我的个人小程序该用什么开源协议",
    "自己的GitHub仓库应该选哪个许可证",
    "什么是专利池？给一句解释就行",
    "How do I fix my leaking shower head?",
    "Explain in plain terms how a lithium battery stores energy",
  ])("%s", (q) => expect(retriever.retrieve(q).outOfScope).toBe("unrelated"));
  it.each([
    ["How should companies respond when core technology leaks abroad through departing staff?", 6],
    ["开源协议冲突给大模型企业带来的知识产权风险研究", 1],
    ["光伏企业出海的专利风险预警研究", 4],
  ])("but a study is: %s", (q, id) => expect(ids(q)[0]).toBe(id));
  it.each([
    "项目组成员的职称有没有要求？",
    "课题组成员人数有限制吗",
    "Can privately owned companies apply?",
    "Where can I download the application form?",
  ])("%s is a programme question", (q) => expect(retriever.retrieve(q).outOfScope).toBe("not-in-table"));
});

describe("exams, interviews, letters, code, acronyms, news, one's errands and markets are no direction's", () => {
  it.each([
    // getting ready for an exam or an interview, beside an IP word
    "商业秘密这一章法考怎么复习",
    "下个月面试专利工程师，一般会问哪些问题",
    // a letter, code, an acronym, the news, one's own project, an AI detector
    "帮我写一封投给知识产权律所的求职信",
    "写个Python爬虫把专利标题抓下来",
    "SEP是哪几个英文单词的缩写",
    "帮我汇总一下这周关于337调查的新闻",
    "我的个人小项目想开源，用MIT还是GPL许可证",
    "用AI写的论文怎么降AI率",
    // one's own errand, a term for a layman
    "屋顶光伏并网要去哪个部门跑手续",
    "用大白话讲讲专利池是什么",
    // buying, shares, where to open a shop, flashing a phone
    "新能源汽车买哪家的电池更耐用",
    "How much does a humanoid robot cost?",
    "新能源汽车概念股里谁是龙头股",
    "在哪个城市开无人机体验店最好",
    "开源鸿蒙怎么刷机",
    // a quoted table phrase beside such an ask
    "“新三样”的龙头股有哪些",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
  it.each([
    ["337调查立案后企业怎么应对，想做成课题", 4],
    ["研究SEP权利人去哪个法院起诉更有利的规则差异", 9],
    ["通俗点讲，AI训练数据合规该报哪个方向", 1],
    ["研究专利池内部许可费怎么分配才公平，报哪个方向", 7],
  ])("but a study is: %s", (q, id) => expect(ids(q)[0]).toBe(id));
  it("a how inside a phrase names it only in a question about a study", () => {
    expect(ids("专利侵权纠纷怎么处理")).toEqual([]);
  });
});

describe("the programme's own errands, in the words applicants type", () => {
  it.each([
    "要不要省里主管部门出具推荐函？",
    "申报书盖章要盖几个",
    "需要法人章吗",
    "结项验收怎么搞",
    "我能以个人名义申请吗",
    "谁能报",
    "多少钱？",
    "这事有对接人吗",
    "Is there a mid-term review?",
    "Who sits on the review panel?",
    // typed fast: 申保 for 申报, 截至 for 截止, 盖张 for 盖章, 结提 for 结题
    "申保截至时间是啥时候",
    "盖张要盖几个",
    "结提要交什么",
  ])("%s is a programme question", (q) => expect(retriever.retrieve(q).outOfScope).toBe("not-in-table"));
  it.each([
    // the programme's money and partners are no purchase and no hospital visit
    ["人形机器人那个课题一般能批多少钱", 2],
    ["量子那块我们想跟医院、高校联合申报，允许吗？", 5],
  ])("%s: a programme question about direction %i", (q, id) => {
    const found = retriever.retrieve(q);
    expect(found.understanding.programme).toBe(true);
    expect(found.matches[0]?.direction.id).toBe(id);
  });
  it("but a sightseeing project's price is no programme question", () => {
    expect(ids("深圳有没有低空观光项目，一个人多少钱")).toEqual([]);
  });
  it("a word the rows themselves say (制造业) names no document", () => {
    const found = retriever.retrieve("制造业单项冠军企业的评选条件是什么？");
    expect(found.understanding.documents).toEqual([]);
    expect(found.matches).toEqual([]);
  });
});

describe("copy, slides, quizzes, one's own paper, software, posts, job and a name's origin are no direction's", () => {
  it.each([
    "给我们的大模型产品写一段宣传文案",
    "帮我做一份商业秘密保护的入职培训PPT大纲",
    "Write a short poem about a humanoid robot",
    "Pub quiz question: who runs the HEVC patent pool?",
    "论文投海外期刊被拒了，审稿意见怎么回复",
    "我写了个开源小工具，许可证用MIT还是Apache好",
    "选GPL还是MIT比较好",
    "我在抖音发的AI配音视频被判侵权了",
    "有人盗用我设计的图案，要先报警吗",
    "用了开源软件被公司记了一支大过，合理吗",
    "公司让我签保密协议，不签会怎样",
    "Help me choose a university major: AI or robotics?",
    "Will quantum computers make Bitcoin worthless?",
    "Explain a brain-computer interface to a ten-year-old",
    "给小朋友讲讲什么是专利池",
    "“十五五”规划是从哪年到哪年",
    "337调查为什么叫337",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
  it.each([
    ["老板让我研究一下人形机器人的专利布局，报哪个方向", 2],
    ["研究竞业限制协议与补偿机制，防止核心技术随人才外流", 6],
    ["Which direction covers trade-secret protection when engineers move abroad?", 6],
  ])("but a study is: %s", (q, id) => expect(ids(q)[0]).toBe(id));
  it("the rows that do not cite a quoted document are those that do not cite it", () => {
    expect(ids("哪些方向的政策指引没有引用“十五五”规划纲要？")).toEqual([1, 7]);
  });
});

describe("an IP practitioner's own step in a procedure is no direction's", () => {
  it.each([
    "收到审查意见通知书，意见陈述书该怎么写？",
    "对方对我们的锂电池专利提了无效宣告，答复期限是多久",
    "明天开庭，证据原件怎么交",
    "收到侵权警告函，要不要回？",
    "数据采购合同里的知识产权条款怎么写",
    "员工带走客户名单，我们去报案需要准备什么",
    "上市前的侵权排查检索式怎么构建",
    "给电池包申请德国专利，走巴黎公约还是PCT途径",
    "技术转让所得免征所得税要备案什么",
    "应诉337调查找美国律所大概要花多少钱",
    "软著登记源代码要交多少页",
    "We got a final rejection from the USPTO. Should we file an RCE?",
    "We have a 337 hearing tomorrow. Which exhibits should we list?",
    "马拉松前一周怎么调整训练量",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
  it.each([
    ["研究337调查应诉中企业的证据策略与典型案例，报哪个方向", 4],
    ["专利池许可合同的不质疑条款会不会有垄断风险，想做成研究课题", 7],
  ])("but a study is: %s", (q, id) => expect(ids(q)[0]).toBe(id));
  it("numbers of other things are no direction numbers (对比文件1和2)", () => {
    expect(
      retriever.retrieve("权利要求1相对于对比文件1和2的结合有什么区别").understanding.directionRefs,
    ).toEqual([]);
    expect(retriever.retrieve("7和8有什么区别").understanding.directionRefs).toEqual([7, 8]);
  });
});

describe("programme questions inside a plan, and in the words people type", () => {
  it.each([
    ["我们想研究6G空天地一体化的专利短板。去年一共立项了多少个？", 5],
    ["课题是商业秘密分级管理和涉密人员管控。还有，如果项目中途需要延期怎么办？", 6],
    ["我们研究SEP许可层级问题，会比较美欧中的规则。要是逾期提交了还收不收？", 9],
    ["关于国内专利池的纠纷处理规则设计，我们想形成可复制的经验。申报书需要查重吗？", 7],
    ["我们打算研究HEVC专利池的许可费率规则；答辩是线上还是线下？", 8],
    ["一个人能同时当两个项目的负责人吗？我们想做低空物联网专利预警。", 3],
  ])("%s: the notice line and direction %i", (q, id) => {
    const found = retriever.retrieve(q);
    expect(found.understanding.programme).toBe(true);
    expect(found.matches[0]?.direction.id).toBe(id);
  });
  it.each([
    "去年通知里写了要地方工信部门推荐，今年还要吗",
    "个人没有单位的话能直接申抱吗",
    "手上已经有一个在研的部里项目，还能再申一个吗",
    "报名需要先在系统里注册账号吗",
    "Where can I find the original MIIT notice for this call?",
    "If we miss the submission window, is there a second round?",
  ])("%s is a programme question", (q) => expect(retriever.retrieve(q).outOfScope).toBe("not-in-table"));
  it.each([
    ["半导体企业员工离职时的保密和竞业限制协议模板怎么设计", 6],
    ["生成式AI内容申请版权登记需要哪些材料，权利归谁", 1],
  ])("a template to design and an ownership to settle are topics: %s", (q, id) => expect(ids(q)[0]).toBe(id));
});

describe("words of an errand that may also set a study's scene", () => {
  it("a platform named as where one read something leaves the question a question", () => {
    expect(ids("在朋友圈看到说SEP诉讼越来越多，这个报哪个方向")[0]).toBe(9);
  });
  it("slides for the programme's defence are a programme question", () => {
    expect(retriever.retrieve("答辩要准备PPT吗").outOfScope).toBe("not-in-table");
  });
  it("a legal element named alone is a topic word, not one's own case", () => {
    expect(ids("商业秘密的构成要件")[0]).toBe(6);
  });
});

describe("a text to write that no study produces, and a term for a layman", () => {
  it.each([
    "公司年会要讲出海合规，帮我写个幽默点的开场白",
    "帮我把部门关于专利池的讨论整理成会议纪要",
    "帮我润色一下简历：我在车联网公司做了三年标准化工作",
    "帮我起草一段人形机器人展会的开幕致辞",
    "Write me a haiku about patent pools.",
    "帮我写一首关于标准必要专利的诗",
    "FRAND用一句话解释给我这种外行听",
    "Explain trade secrets like I'm 12.",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
  it.each([
    ["用AI写小说，生成内容的版权归谁", 1],
    ["帮我写一份人形机器人方向的申报书提纲", 2],
    ["我是外行，想研究专利池许可费怎么分配，报哪个方向", 7],
  ])("but a study, and a model's own writing, stay in scope: %s", (q, id) => expect(ids(q)[0]).toBe(id));
});

describe("a firm to hire, a reply to draft, a look-up, and who may apply or whom to contact", () => {
  it.each([
    // the firm named before the ask
    "做海外专利诉讼的律所推荐一下",
    "哪家律所打SEP官司比较靠谱",
    "Please help me write a reply to this warning letter about our battery patents",
    "帮我查一下比亚迪去年在欧洲被诉了几次",
  ])("%s is out of scope", (q) => expect(ids(q)).toEqual([]));
  it.each([
    "Can privately held tech companies or Macau research institutes apply?",
    "申报之前要不要先联系工信部哪个司？",
  ])("%s is a programme question", (q) => expect(retriever.retrieve(q).understanding.programme).toBe(true));
  it.each([
    ["我们想研究律所在SEP诉讼应对中的作用，报哪个方向？", 9],
    ["We will draft a response playbook for SEP injunctions. Which direction fits?", 9],
  ])("but a study of the same things stays in scope: %s", (q, id) => expect(ids(q)[0]).toBe(id));
  it("and a complaint office to find stays one's own errand", () => {
    expect(retriever.retrieve("商标被抢注了找哪个部门投诉").outOfScope).toBe("unrelated");
  });
});
