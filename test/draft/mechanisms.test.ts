/**
 * Each mechanism of the coverage review on its own, with drafts written for the test: how a row is
 * split into items, paraphrase through content words and the companion's synonyms, a point spread over
 * neighbouring sentences, key words, English drafts, and the "no direction fits well" outcome.
 */
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { enoughMembers, enumerations, itemParts, rowItems, splitClause } from "../../src/draft/items.ts";
import { reviewMarkdown, reviewMessage } from "../../src/draft/render.ts";
import { coverageOfText, type DraftReview, headingOf, reviewDraft } from "../../src/draft/review.ts";
import { readStringPair } from "../../src/i18n.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const texts = readStringPair("locales", "draft.");

const row = (id: number) => {
  const d = edition.table.directions.find((x) => x.id === id);
  if (!d) throw new Error(`no direction ${id}`);
  return d;
};
const item = (review: DraftReview, text: string) => {
  const found = review.coverage.find((c) => c.text === text);
  if (!found) throw new Error(`no item ${text}: ${review.coverage.map((c) => c.text).join(" / ")}`);
  return found;
};
/** One row item as the review of `draft` against row `id` reports it. */
const reviewed = (draft: string, id: number, text: string) =>
  item(reviewDraft(draft, edition, { direction: id }), text);

describe("a row split into the things a careful reader checks", () => {
  it("splits an enumeration of distinct objects, keeping the opening modifier with the first", () => {
    const items = rowItems(row(4)).map((i) => i.text);
    expect(items).toEqual(
      expect.arrayContaining([
        "跟踪美欧、印度、巴西等主要贸易伙伴的知识产权法规动态",
        "337调查",
        "反补贴调查",
        "专利诉讼趋势",
      ]),
    );
    expect(rowItems(row(7)).map((i) => i.text)).toEqual(
      expect.arrayContaining(["专利筛选机制", "许可分配模式", "纠纷处理规则"]),
    );
  });

  it("keeps lists of examples of one thing, alternatives and qualifying lists whole", () => {
    expect(rowItems(row(4)).map((i) => i.text)).toContain(
      "梳理海外专利侵权、标准必要专利许可、商业秘密窃取等典型案例",
    );
    expect(splitClause("聚焦移动通信、智能网联汽车、音视频等领域的典型案例")).toHaveLength(1);
    expect(splitClause("研究标准提案与技术研发、专利布局的协同机制")).toHaveLength(1);
    expect(splitClause("聚焦光伏、锂电池、新能源汽车三个重点出口产业")).toHaveLength(1);
    expect(rowItems(row(3)).map((i) => i.text)).not.toContain("针对智能飞行、无人机、低空物联网等");
    // The first-pass split of row 1's topic list stays: they are separate research questions.
    expect(rowItems(row(1)).map((i) => i.text)).toEqual(
      expect.arrayContaining(["模型蒸馏", "开源许可证冲突"]),
    );
  });
});

describe("an item's members, checked one by one", () => {
  it("splits enumerations into members: examples of a list, and distinct objects", () => {
    const parts = (text: string) => itemParts(text).map((p) => `${p.example ? "~" : ""}${p.text}`);
    expect(parts("聚焦光伏、锂电池、新能源汽车三个重点出口产业")).toEqual([
      "~光伏",
      "~锂电池",
      "~新能源汽车",
    ]);
    expect(parts("提出专利布局优化、风险预警及产业创新路径建议")).toEqual([
      "专利布局优化",
      "风险预警",
      "产业创新路径建议",
    ]);
    expect(parts("同时识别垄断风险与创新抑制问题")).toEqual(["垄断风险", "创新抑制问题"]);
    expect(parts("跟踪美欧、印度、巴西等主要贸易伙伴的知识产权法规动态")).toEqual([
      "~美欧",
      "~印度",
      "~巴西",
      "知识产权法规动态",
    ]);
    // 参与 is not 参 + 与; a relation of two things is one thing.
    expect(parts("提出前瞻性专利布局及国际规则参与建议")).toEqual(["前瞻性专利布局", "国际规则参与建议"]);
    expect(parts("研究标准与专利协同机制")).toEqual([]);
    // A relation of three things has each as a member: all three are to be brought together.
    expect(parts("研究标准提案与技术研发、专利布局的协同机制")).toEqual(["标准提案", "技术研发", "专利布局"]);
    expect(parts("模型蒸馏")).toEqual([]);
    // What a head covers are its members too: one of them touches the item.
    expect(parts("构建覆盖预警、应对、救济的全链条知识产权风险防控体系")).toEqual([
      "~预警",
      "~应对",
      "~救济",
    ]);
  });

  it("a choice is checked alternative by alternative, each with its examples", () => {
    const choice = rowItems(row(5)).find((i) => i.text.includes("或脑机接口"));
    if (!choice) throw new Error("no choice item in row 5");
    const parts = itemParts(choice.text);
    expect(parts.map((p) => p.text)).toEqual([
      "量子科技",
      "天地一体化量子通信",
      "量子计算",
      "6G",
      "空天地一体化",
      "NTN",
      "智能超表面",
      "脑机接口",
      "神经信号采集",
      "解码算法",
      "植入式器件",
    ]);
    expect(parts.filter((p) => p.choice === 1).map((p) => p.text)).toEqual([
      "6G",
      "空天地一体化",
      "NTN",
      "智能超表面",
    ]);
    expect(itemParts("聚焦具身智能或人形机器人整体产业").map((p) => p.text)).toEqual([
      "具身智能",
      "人形机器人整体产业",
    ]);
  });

  it("what is studied in the listed fields, and a list of one-character members, are members too", () => {
    expect(
      itemParts("聚焦低空经济（智能飞行、无人机、低空物联网等）等产业中的关键共性技术").map((p) => p.text),
    ).toEqual(["智能飞行", "无人机", "低空物联网", "关键共性技术"]);
    const jurisdictions = itemParts(
      "分析美、欧、中、英等主要司法辖区在 SEP 禁令救济、FRAND 费率裁判、许可层级等方面的规则差异与博弈逻辑",
    );
    expect(jurisdictions.map((p) => p.text)).toContain("美、欧、中、英等主要司法辖区");
    // A draft on drones alone: its key technologies are covered, the list of fields only partly.
    const drones =
      "无人机专利预警研究\n研究内容：识别无人机飞控、避障和动力系统等关键共性技术，分析其全球专利竞争态势。";
    const scope = reviewed(drones, 3, "聚焦低空经济（智能飞行、无人机、低空物联网等）等产业中的关键共性技术");
    expect(scope.status).toBe("partly");
    expect(scope.parts?.find((p) => p.text === "关键共性技术")?.status).toBe("covered");
    // The jurisdictions member needs half of them: the US alone is partly.
    const us = "SEP规则研究\n研究内容：比较美国法院在SEP禁令救济与FRAND费率裁判中的规则。";
    const rules = reviewed(
      us,
      9,
      "分析美、欧、中、英等主要司法辖区在 SEP 禁令救济、FRAND 费率裁判、许可层级等方面的规则差异与博弈逻辑",
    );
    expect(rules.parts?.find((p) => p.text === "美、欧、中、英等主要司法辖区")?.status).toBe("partly");
    const three = us.replace("美国法院", "美国、欧盟和英国法院");
    const rules3 = reviewed(
      three,
      9,
      "分析美、欧、中、英等主要司法辖区在 SEP 禁令救济、FRAND 费率裁判、许可层级等方面的规则差异与博弈逻辑",
    );
    expect(rules3.parts?.find((p) => p.text === "美、欧、中、英等主要司法辖区")?.status).toBe("covered");
  });

  it("an alternative the draft did not take up is missing, even where the draft names it to set it aside", () => {
    const draft =
      "脑机接口专利布局研究\n研究内容：分析脑机接口神经信号采集与解码算法的全球专利竞争态势。量子科技、6G同属未来产业，但不在本课题研究范围之内。";
    const choice = reviewDraft(draft, edition, { direction: 5 }).coverage.find((c) =>
      c.text.includes("或脑机接口"),
    );
    const status = (t: string) => choice?.parts?.find((p) => p.text === t)?.status;
    expect(status("脑机接口")).toBe("covered");
    expect(status("量子科技")).toBe("missing");
    expect(status("6G")).toBe("missing");
  });

  it("a draft that takes up one alternative covers the choice, and only that alternative is shown", () => {
    const draft =
      "6G空天地一体化专利布局研究\n研究内容：分析空天地一体化与NTN的全球专利竞争态势，统计空天地一体化和NTN技术分支的主要申请人。\n对比各国在空天地一体化方向的专利布局与战略。\n\n预期成果：提出6G空天地一体化前瞻性专利布局建议。";
    const review = reviewDraft(draft, edition, { direction: 5 });
    const choice = review.coverage.find((c) => c.text.includes("或脑机接口"));
    if (!choice?.parts) throw new Error("no choice members");
    expect(choice.status).toBe("covered");
    const status = (t: string) => choice.parts?.find((p) => p.text === t)?.status;
    expect(status("空天地一体化")).toBe("covered");
    expect(status("量子科技")).toBe("missing");
    expect(status("脑机接口")).toBe("missing");
    // 空天地一体化 shares 天地一体化 with the quantum example; that is not the quantum example.
    expect(status("天地一体化量子通信")).toBe("missing");
    const markdown = reviewMarkdown(
      review,
      {
        fileName: "d.txt",
        draft: { format: "text", chars: draft.length, truncated: false },
        maxChars: 100000,
      },
      edition,
      texts,
      "zh",
    );
    const members = markdown.split("\n").find((l) => l.includes("其中：") && l.includes("空天地一体化"));
    expect(members).toBeDefined();
    expect(members).not.toContain("量子计算");
  });

  it("a research item covered as a whole but silent on a distinct object it joins is partly covered", () => {
    const draft =
      "SEP培育研究\n研究内容：研究车联网标准提案与企业技术研发之间的协同机制，分析研发立项与提案提交的时间衔接。";
    const c = reviewed(draft, 10, "研究标准提案与技术研发、专利布局的协同机制");
    expect(c.parts?.find((p) => p.text === "专利布局")?.status).toBe("missing");
    expect(c.status).toBe("partly");
    const all = draft.replace("企业技术研发之间", "企业技术研发、专利布局三者之间");
    expect(reviewed(all, 10, "研究标准提案与技术研发、专利布局的协同机制").status).toBe("covered");
  });

  it("a member only touched on touches the item: partly, not missing", () => {
    const draft =
      "光伏专利池研究\n研究内容：设计入池专利的评估标准。专利池运营中也需注意反垄断合规，避免价格协调。";
    const c = reviewed(draft, 7, "同时识别垄断风险与创新抑制问题");
    expect(c.parts?.find((p) => p.text === "垄断风险")?.status).toBe("partly");
    expect(c.status).toBe("partly");
    const silent = "光伏专利池研究\n研究内容：设计入池专利的评估标准。";
    expect(reviewed(silent, 7, "同时识别垄断风险与创新抑制问题").status).toBe("missing");
  });

  it("a draft with only some stages of a full chain partly covers it", () => {
    const draft =
      "新能源汽车出海研究\n研究内容：调查会员企业的应诉准备。\n\n预期成果：提出建立行业海外纠纷预警和应对协作机制的建议。";
    const c = reviewed(draft, 4, "构建覆盖预警、应对、救济的全链条知识产权风险防控体系");
    expect(c.status).toBe("partly");
    expect(c.parts?.find((p) => p.text === "救济")?.status).toBe("missing");
  });

  it("one member covered touches a missing item; the report shows which members the draft has", () => {
    const draft =
      "低空经济无人机专利研究\n研究内容：梳理智能飞行控制的专利。\n\n预期成果：形成无人机专利风险预警报告一份。";
    const review = reviewDraft(draft, edition, { direction: 3 });
    const output = item(review, "提出专利布局优化、风险预警及产业创新路径建议");
    expect(output.status).toBe("partly");
    expect(output.parts?.find((p) => p.text === "风险预警")?.status).toBe("covered");
    const markdown = reviewMarkdown(
      review,
      {
        fileName: "d.txt",
        draft: { format: "text", chars: draft.length, truncated: false },
        maxChars: 100000,
      },
      edition,
      texts,
      "zh",
    );
    expect(markdown).toContain("其中：专利布局优化 ❌、风险预警 ✅、产业创新路径建议 ❌");
  });
});

describe("an enumeration is covered when the draft works on at least half of its members", () => {
  it("needs half of the members, rounded up, and at least two", () => {
    expect([1, 2, 3, 4, 5, 7].map(enoughMembers)).toEqual([1, 2, 2, 2, 3, 4]);
    expect(enumerations("美、欧、中、英等主要司法辖区")).toEqual([["美", "欧", "中", "英"]]);
    // A choice of one (或) counts no members; nor does an item that names one thing.
    expect(
      enumerations("选择量子科技（如天地一体化量子通信、量子计算）或脑机接口（如解码算法、植入式器件）"),
    ).toEqual([]);
    expect(enumerations("模型蒸馏")).toEqual([]);
  });

  it("only the US of 美、欧、中、英 is partly; the EU and the UK (or US and UK courts in English) are covered", () => {
    const jurisdictions = "美、欧、中、英等主要司法辖区";
    const us = "标准必要专利禁令研究\n研究内容：系统梳理美国法院在标准必要专利禁令救济上的判例规则。";
    expect(coverageOfText(jurisdictions, us, edition).status).toBe("partly");
    const two = `${us}\n同时比较欧盟法院和英国法院的禁令裁判思路。`;
    expect(coverageOfText(jurisdictions, two, edition).status).toBe("covered");
    const english =
      "SEP injunction study\nResearch: we compare how courts in the United States and the UK decide SEP injunctions.";
    expect(coverageOfText(jurisdictions, english, edition).status).toBe("covered");
    // 中 as any character (其中, 中小企业) is not China.
    const other = `${us}\n其中重点关注中小企业的应诉。`;
    expect(coverageOfText(jurisdictions, other, edition).status).toBe("partly");
  });

  it("only 美欧 of 美欧、印度、巴西 is partly; a second partner worked on covers the item", () => {
    const partners = "跟踪美欧、印度、巴西等主要贸易伙伴的知识产权法规动态";
    const west =
      "新三样出海风险研究\n研究内容：跟踪美欧近三年知识产权法规的修订动态，逐条分析对出口企业的影响。";
    expect(item(reviewDraft(west, edition, { direction: 4 }), partners).status).toBe("partly");
    const india = `${west}\n同时跟踪印度知识产权法规的修订动态。`;
    expect(item(reviewDraft(india, edition, { direction: 4 }), partners).status).toBe("covered");
  });

  it("a member said only in the background does not count towards the half", () => {
    const fields = "面向 6G、人工智能、车联网等新兴领域";
    const draft =
      "一、研究背景\n人工智能的发展让标准竞争加剧。\n\n二、研究内容\n研究车联网标准必要专利的培育路径与标准提案策略。";
    expect(item(reviewDraft(draft, edition, { direction: 10 }), fields).status).toBe("partly");
  });
});

describe("coverage by content, not by literal substrings", () => {
  it("a verb of change without its object says nothing of the item (减少诉讼 is about 诉讼)", () => {
    const pool = "光伏专利池研究\n池子的发起、定价和管理由企业主导，委托独立机构运营，避免变成行政摊派。";
    expect(coverageOfText("减少诉讼", pool, edition).status).not.toBe("covered");
    const fewer = "光伏专利池研究\n课题将测算入池企业之间专利诉讼的减少幅度，对比组建前后三年的案件数量。";
    expect(coverageOfText("减少诉讼", fewer, edition).status).toBe("covered");
  });

  it("a paraphrase covers the item (降低许可谈判成本 for 降低交易成本), quoting the draft's sentence", () => {
    const draft =
      "光伏专利池运行机制研究\n以TOPCon电池技术为例，测算一站式打包许可能在多大程度上降低许可谈判成本，并减少企业之间的诉讼数量，说明专利池的积极作用。";
    const c = reviewed(draft, 7, "分析专利池在降低交易成本、减少诉讼方面的积极作用");
    expect(c.status).toBe("covered");
    expect(draft).toContain(c.evidence);
  });

  it("the companion's synonyms meet the row's words (授权金 is 许可费)", () => {
    const draft =
      "海外专利池应对研究\n本课题比较Access Advance与Via LA两家专利池的授权金费率规则及其调整方式。";
    expect(reviewed(draft, 8, "许可费率规则").status).toBe("covered");
  });

  it("a point spread over neighbouring sentences is covered, and both sentences are quoted", () => {
    const draft =
      "新三样出海风险研究\n我们将统计2018年以来针对我国光伏企业的海外专利诉讼。按年份看，案件数量和赔偿金额的变化趋势将单独成图。";
    const c = reviewed(draft, 4, "专利诉讼趋势");
    expect(c.status).toBe("covered");
    expect(c.evidence).toContain("海外专利诉讼");
    expect(c.evidence).toContain("变化趋势");
  });

  it("a window never crosses a blank line: the same sentences in two paragraphs cover less", () => {
    const draft =
      "新三样出海风险研究\n\n我们将统计2018年以来针对我国光伏企业的海外专利侵权案件。\n\n另外，会用图表展示案件的变化趋势。";
    const c = reviewed(draft, 4, "专利诉讼趋势");
    expect(c.status).not.toBe("covered");
  });

  it("sharing only an item's common word is not covering it (模型 is not 模型蒸馏)", () => {
    const draft =
      "大模型训练数据合规研究\n本课题研究大模型训练数据的来源审查与授权，以及模型输出内容的版权问题。\n同时分析技术合作中的风险。";
    const review = reviewDraft(draft, edition, { direction: 1 });
    expect(item(review, "模型蒸馏").status).toBe("missing");
    expect(item(review, "数据训练合规").status).not.toBe("missing");
    const secrets = reviewDraft(`${draft}\n核心技术外流风险研究，重点是涉密人员管控。`, edition, {
      direction: 6,
    });
    expect(item(secrets, "技术出境审查").status).toBe("missing");
  });

  it("a part of a compound no other item of the row says touches it (飞行 of 智能飞行, 垄断 of 垄断隐患)", () => {
    const flight = "无人机专利预警研究\n研究内容：识别飞行控制与自主导航方向的核心专利。";
    const drone = reviewDraft(flight, edition, { direction: 3 });
    expect(coverageOfText("智能飞行", flight, edition).status).toBe("partly");
    expect(item(drone, "提出专利布局优化、风险预警及产业创新路径建议").status).not.toBe("covered");
    const pools =
      "海外专利池应对研究\n研究内容：一些专利池要求捆绑不必要专利，是否构成滥用市场支配地位，业界已有争议。";
    expect(coverageOfText("垄断隐患", pools, edition).status).toBe("partly");
    // 模型 is said by the row's other items (大模型…): it does not touch 模型蒸馏. 调查 is 337调查's too.
    const models = "大模型合规研究\n研究内容：研究训练模型时的数据来源与授权。";
    expect(coverageOfText("模型蒸馏", models, edition).status).toBe("missing");
    const probes = "新三样出海研究\n研究内容：统计美国对我国企业发起的337调查。";
    expect(reviewed(probes, 4, "反补贴调查").status).toBe("missing");
    // Nor does a generic near-synonym (方法 for 技巧) or another deliverable form (建议 for 指南).
    const thin = "海外专利池研究\n研究方法：以文献研究为主。\n第三部分提出建议，企业应加强自身专利储备。";
    const review = reviewDraft(thin, edition, { direction: 8 });
    expect(item(review, "谈判技巧").status).toBe("missing");
    expect(item(review, "形成企业出海专利池风险防控与应对指南").status).toBe("missing");
    // Nor a word of the team, schedule or applicant lines, in another sense (层级管理, 谈判经验).
    const team =
      "项目名称：标准必要专利费率裁判研究\n申报单位：某某技术创新研究中心\n\n研究内容：比较中英法院的FRAND费率裁判方法。\n\n进度安排：项目实行两级层级管理。\n团队情况：负责人有十二年谈判经验。";
    expect(coverageOfText("许可层级", team, edition).status).toBe("missing");
    expect(coverageOfText("经验教训", team, edition).status).toBe("missing");
    expect(coverageOfText("创新抑制问题", team, edition).status).toBe("missing");
  });

  it("naming a member of an example list names its category; a line's 6G keeps its 6", () => {
    const draft =
      "6G智能超表面标准必要专利培育研究\n1．研发与标准的衔接：在向3GPP提交技术文稿之前完成专利申请。";
    const review = reviewDraft(draft, edition, { direction: 10 });
    // One member of three touches the list: partly, quoting the title that names 6G. (It was covered
    // when one member covered the list; readers count the members, see "an enumeration is covered…".)
    const c = item(review, "面向 6G、人工智能、车联网等新兴领域");
    expect(c.status).toBe("partly");
    expect(c.evidence).toBe("6G智能超表面标准必要专利培育研究");
    // 标准必要专利 says the row's SEP; 衔接 and 文稿 are the row's 协同 and 提案.
    expect(item(review, "探索高价值 SEP 培育路径").status).not.toBe("missing");
    expect(item(review, "研究标准提案与技术研发、专利布局的协同机制").status).not.toBe("missing");
  });

  it("verbs of reduction say each other (节约交易费用 for 降低交易成本, 缓解诉讼 for 减少诉讼)", () => {
    const draft =
      "光伏专利池研究\n研究内容：测算专利池运行后的许可成本，评估其在节约交易费用、缓解诉讼纷争方面的实际作用。";
    expect(coverageOfText("降低交易成本", draft, edition).status).toBe("covered");
    expect(coverageOfText("减少诉讼", draft, edition).status).toBe("covered");
  });

  it("a synonym never reads across words: 国内外泄密 keeps its 泄密 (外泄 is 泄露 elsewhere)", () => {
    const draft = "商业秘密保护研究\n研究内容：选取国内外二十个左右泄密案例，分析泄密方式与取证难点。";
    expect(coverageOfText("结合国内外泄密典型案例", draft, edition).status).toBe("covered");
  });

  it("of an item that qualifies its object (对中国企业出海构成的诉讼压力), the object is its point", () => {
    const item = "对中国企业出海构成的诉讼压力";
    const pressed = "海外专利池研究\n研究内容：权利人在德国起诉我国电视企业，一些企业在诉讼压力下仓促签约。";
    expect(coverageOfText(item, pressed, edition).status).toBe("covered");
    // The qualifier alone (我国企业出海) is not the item: at most partly.
    const exporting = "海外专利池研究\n研究内容：我国电视机企业出海时普遍面临海外专利池的许可要求。";
    expect(coverageOfText(item, exporting, edition).status).not.toBe("covered");
  });

  it("near-synonyms a reviewer reads as the row's words count (量产进度 for 产业化进展)", () => {
    const draft = "人形机器人产业研究\n统计国内外主要整机企业的量产进度和出货情况。";
    expect(reviewed(draft, 2, "产业化进展").status).toBe("covered");
  });

  it("a compound's parts cover all of it (许可费率 is 许可 + 费率), and a part that leaves some out is only part", () => {
    const rates = "海外专利池研究\n研究内容：比较各专利池的许可对象与费率规则。";
    expect(reviewed(rates, 8, "许可费率规则").status).toBe("covered");
    // 产业 is not 产业化: the research shared with the 产业 is not its industrialisation.
    const shared = "人形机器人研究\n研究内容：研究成果在机器人产业相关企业之间共享。";
    expect(reviewed(shared, 2, "产业化进展").status).not.toBe("covered");
  });

  it("an item said only in the background or the title is touched on, not covered; the field may be", () => {
    const background =
      "一、研究背景\n欧盟于2023年对我国电动汽车发起反补贴调查，出口企业压力加大。\n\n二、研究内容\n梳理光伏、锂电池和新能源汽车企业遭遇的海外专利侵权纠纷。";
    const review = reviewDraft(background, edition, { direction: 4 });
    expect(item(review, "反补贴调查")).toMatchObject({ status: "partly" });
    expect(item(review, "反补贴调查").evidence).toContain("反补贴调查");
    // The same sentence under 研究内容 is research the draft will do.
    const content = background.replace("一、研究背景\n", "").replace("二、研究内容\n", "研究内容：\n");
    expect(reviewed(content, 4, "反补贴调查").status).toBe("covered");
    // A team section is framing too ("团队情况：…" as a label on its line).
    const team = "专利池应对研究\n\n团队情况：成员曾代理多起反补贴调查案件。";
    expect(reviewed(team, 4, "反补贴调查").status).toBe("partly");
    // The row's field is what a title says: 6G in the title covers 面向 6G…等新兴领域 as far as 6G goes,
    // which is one member of three: partly (covered only with two of them worked on, not one).
    const title = "6G智能超表面标准必要专利培育研究\n\n研究内容：提交技术文稿前完成专利申请。";
    expect(reviewed(title, 10, "面向 6G、人工智能、车联网等新兴领域").status).toBe("partly");
    const both = `${title}\n研究内容：比较人工智能与车联网两个领域的标准提案策略。`;
    expect(reviewed(both, 10, "面向 6G、人工智能、车联网等新兴领域").status).toBe("covered");
  });

  it("a section on why the project is undertaken (项目缘起, 为什么做) frames it like a background", () => {
    for (const heading of ["一、项目缘起", "一、为什么做这个项目", "一、问题的提出"]) {
      const draft = `${heading}\n欧盟于2023年对我国电动汽车发起反补贴调查，出口企业压力加大。\n\n二、研究内容\n梳理光伏、锂电池和新能源汽车企业遭遇的海外专利侵权纠纷。`;
      expect(reviewed(draft, 4, "反补贴调查").status).toBe("partly");
    }
  });

  it("what the draft sets aside or touches in passing is partly covered, not covered", () => {
    const aside =
      "SEP诉讼应对研究\n研究内容：比较各国禁令救济规则。关于整机与芯片模组之间的许可层级之争，本项目仅在案例梳理中顺带涉及。";
    expect(coverageOfText("许可层级", aside, edition).status).toBe("partly");
    expect(
      coverageOfText("许可层级", aside.replace("本项目仅在案例梳理中顺带涉及", "本项目专门研究"), edition)
        .status,
    ).toBe("covered");
    const excluded =
      "出海风险研究\n研究内容：新能源汽车整车出口同样面临类似压力，但本项目暂不将其作为研究重点。";
    expect(reviewDraft(excluded, edition, { direction: 4 }).coverage[0]?.status).not.toBe("covered");
  });

  it("a research section about personnel (涉密科研人员管理) is research, not the team section", () => {
    const draft =
      "高校科研保密研究\n二、研究内容\n（一）涉密科研人员管理\n研究出国交流报备、离职脱密期与竞业限制的设置，提出分类管理方案。";
    expect(coverageOfText("涉密人员管控", draft, edition).status).toBe("covered");
    // A team section is still framing, however it is headed.
    const team = "高校科研保密研究\n五、研究人员\n成员长期从事涉密人员管控研究。";
    expect(coverageOfText("涉密人员管控", team, edition).status).toBe("partly");
  });

  it("a mention deferred, tentative, for reference or as something to link with is partly covered", () => {
    const content = "专利池研究\n研究内容：";
    const cases: [string, string][] = [
      ["许可分配模式", "许可方面，初步设想采用一站式打包许可，具体分配方案留待组建阶段确定。"],
      ["标准与专利协同机制", "后续可结合标准提案情况，进一步研究标准与专利之间的联动问题。"],
      ["商业秘密分级管理", "上述审查分级也可与合作企业的商业秘密分级管理制度相衔接。"],
      ["反补贴调查", "除反补贴等贸易调查外，知识产权已经成为出口企业面临的门槛。"],
      ["商业秘密窃取", "另收录商业秘密窃取案例1例作为对照。"],
    ];
    cases.push(
      ["反垄断抗辩路径", "企业提出反垄断抗辩的具体路径，因篇幅有限，本项目不作展开。"],
      ["反垄断抗辩路径", "反垄断抗辩路径受时间所限，仅作简要说明。"],
      ["标准协同", "至于标准协同问题，不在本课题的研究范围之内。"],
      ["数据训练合规", "训练数据合规问题将在二期研究中处理。"],
      ["新能源汽车", "本项目以光伏为主，新能源汽车仅作延伸比较。"],
      ["低空物联网", "低空物联网相关专利列为今后的拓展方向。"],
      ["产业创新路径建议", "报告最后附上对产业创新路径的简要思考。"],
      ["政府监管协同", "政府监管协同只在结尾给出方向性建议。"],
      ["音视频", "音视频领域的专利池在本项目中仅作为对比参照。"],
      ["许可层级", "美国法院关于许可层级的判决作为背景材料引用。"],
      ["反补贴调查", "反补贴调查本次不单独设题，只在结论里提一下。"],
      ["跨境数据流动合规", "跨境数据流动合规不做专门分析。"],
      ["标准必要专利许可", "标准必要专利许可的纠纷列为观察事项。"],
      ["印度", "印度市场的执法动态作为后续研究储备。"],
      ["创新突破建议", "创新突破建议篇幅不大，结论部分带几条。"],
      // carried over later, another study's, a later phase's, touched at a point or left out here
      ["锂电池", "锂电池企业也有类似需求，后面可以照搬这套做法。"],
      ["专利池构建模式", "是否组建统一的许可平台，后续可扩展。"],
      ["标准必要专利许可", "整车通信模块的标准必要专利许可另有课题，本项目点到为止。"],
      ["垄断风险", "垄断风险需要留意，这次只在风险提示里点一下。"],
      ["音视频", "公司也收到过音视频编解码的专利主张，此处从略。"],
      ["智能飞行", "智能飞行相关技术增长很快，放到二期再纳入预警范围。"],
      ["政府监管协同", "政府监管协同仅在专报中提出原则性意见。"],
      ["微调", "微调环节使用第三方数据集的许可问题，也将一并提及。"],
      ["智能飞行", "智能飞行相关专利增长很快，将在二期纳入预警范围。"],
      ["商业秘密分级管理", "我们不是要做商业秘密分级管理，这些公司去年已经做完了。"],
      ["337调查", "337调查交给其他团队，本课题只看技术人员流动。"],
      ["产业创新路径建议", "报告最后就产业创新路径提出若干建议。"],
      [
        "全球主要竞争主体的专利布局态势",
        "全球主要竞争主体的专利布局态势已有报告，本课题不再重复统计，仅在背景部分引用结论。",
      ],
      // added as time allows, a line, a name on a list, said briefly, a direction for now, for later
      ["印度", "印度、巴西视进度补充。"],
      ["锂电池", "储能锂电池也在出海，可以带一笔，主要还是组件。"],
      ["巴西", "巴西我们刚开始进，先列个名。"],
      ["产业创新路径建议", "产业创新路径建议写在报告结尾，简要提出即可。"],
      ["创新突破建议", "创新突破建议暂时只作方向性表述，具体路径待后续和企业共同研究。"],
    );
    // In English: left aside for this project, touched briefly, and the label of a point set aside.
    expect(
      coverageOfText(
        "通信",
        "Pool study\nWi-Fi and cellular communications pools are on our radar, but we would leave communications pools aside for this project.",
        edition,
      ).status,
    ).toBe("partly");
    const point = (body: string) =>
      `Pool study\n\n5. Antitrust defence. ${body} Our outside counsel is already advising on complaints.`;
    expect(coverageOfText("反垄断抗辩路径", point("We would only touch this briefly."), edition).status).toBe(
      "partly",
    );
    expect(
      coverageOfText(
        "反垄断抗辩路径",
        point("We analyse how antitrust defences fared in pool disputes."),
        edition,
      ).status,
    ).toBe("covered");
    const english =
      "SEP study\nResearch: licensing levels (component vs end product) are noted but not analysed in depth.";
    expect(coverageOfText("许可层级", english, edition).status).toBe("partly");
    for (const [target, sentence] of cases)
      expect(coverageOfText(target, content + sentence, edition).status, sentence).toBe("partly");
    // The same item as work the draft does is covered.
    expect(
      coverageOfText(
        "许可分配模式",
        `${content}比较按专利数量和按专利价值的许可分配模式，设计收益分配方案。`,
        edition,
      ).status,
    ).toBe("covered");
  });

  it("a later clause that sets its own subject aside leaves the clauses before it covered", () => {
    const content = "专利池研究\n研究内容：";
    // The aside clause turns to something else (并…, 其他领域…): what comes before it is work.
    expect(
      coverageOfText(
        "垄断风险",
        `${content}同时识别联合定价、排除竞争等垄断风险，并简要讨论对后发企业创新的影响。`,
        edition,
      ).status,
    ).toBe("covered");
    expect(
      coverageOfText(
        "重大技术装备",
        `商业秘密研究\n研究内容：本课题重点选取重大技术装备和半导体两类产业链，人工智能等其他领域仅在案例部分偶有涉及。`,
        edition,
      ).status,
    ).toBe("covered");
    // A later clause that comments on the first clause's subject sets that subject aside.
    for (const sentence of ["关于垄断风险，本期不展开。", "垄断风险我们了解不多，只在结论里顺带提一下。"])
      expect(coverageOfText("垄断风险", content + sentence, edition).status, sentence).toBe("partly");
  });

  it("a word's opposite (非侵入式) does not say the word", () => {
    const content = "脑机接口研究\n研究内容：";
    expect(
      coverageOfText("植入式器件", `${content}研究非侵入式脑机接口的信号采集专利。`, edition).status,
    ).toBe("missing");
    expect(coverageOfText("植入式器件", `${content}研究侵入式脑机接口的器件专利。`, edition).status).toBe(
      "covered",
    );
  });

  it("a sentence about who does the work is framing, wherever it stands", () => {
    const draft = (sentence: string) => `专利池应对研究\n研究内容：研究海外专利池的运营模式。${sentence}`;
    const team = "项目团队由8名律师组成，主办律师曾与海外专利池管理人进行许可谈判，谈判技巧娴熟。";
    expect(coverageOfText("谈判技巧", draft(team), edition).status).toBe("partly");
    const work = "总结与海外专利池管理人进行许可谈判的谈判技巧。";
    expect(coverageOfText("谈判技巧", draft(work), edition).status).toBe("covered");
  });

  it("the title of a document the draft cites is not the draft's own words", () => {
    const cited =
      "大模型合规研究\n研究内容：《生成式人工智能服务管理暂行办法》要求服务提供者尊重知识产权，本项目梳理训练、部署各环节的风险。";
    expect(coverageOfText("生成内容版权归属", cited, edition).status).toBe("missing");
    const own = "大模型合规研究\n研究内容：研究生成内容的版权归属，比较各国判例。";
    expect(coverageOfText("生成内容版权归属", own, edition).status).toBe("covered");
  });

  it("what a section of later work lists (后续工作, 下一步计划) is partly covered, not done", () => {
    const later = (heading: string) =>
      `车联网SEP培育研究\n研究内容：\n- 分析高通、华为的标准专利策略。\n\n${heading}\n- 研究车联网专利池的构建模式与运营规则。`;
    for (const heading of ["五、后续工作", "下一步计划", "研究展望"])
      expect(coverageOfText("专利池构建模式", later(heading), edition).status, heading).toBe("partly");
    expect(coverageOfText("专利池构建模式", later("三、研究内容（续）"), edition).status).toBe("covered");
  });

  it("the table's words said the way drafts say them: stages for 全生命周期, the ITC for 337调查", () => {
    const stages = "大模型风险研究\n研究内容：梳理大模型从训练到上线各环节的知识产权风险。";
    expect(coverageOfText("全生命周期", stages, edition).status).toBe("covered");
    const trend = "出海风险研究\n研究内容：统计近五年涉华专利诉讼案件的数量与结案方式，研判诉讼走势。";
    expect(coverageOfText("专利诉讼趋势", trend, edition).status).toBe("covered");
    const itc = "出海风险研究\n研究内容：梳理美国国际贸易委员会对锂电池企业发起的调查案件与排除令。";
    expect(coverageOfText("337调查", itc, edition).status).toBe("covered");
    const level =
      "SEP规则研究\n研究内容：研究许可应当向整车厂还是向模组供应商发放，即“向所有人许可”与“所有人均可使用”之争。";
    expect(coverageOfText("许可层级", level, edition).status).toBe("covered");
    expect(
      coverageOfText("许可层级", "SEP规则研究\n研究内容：研究专利池的许可对象和费率结构。", edition).status,
    ).not.toBe("covered");
  });

  it("headings are read as section labels", () => {
    expect(headingOf("二、研究内容")).toBe("研究内容");
    expect(headingOf("1. Background")).toBe("Background");
    expect(headingOf("团队情况：项目负责人为某律师事务所合伙人。")).toBe("团队情况");
    expect(headingOf("第一部分介绍这些专利池的基本情况。")).toBeUndefined();
    // A line naming the project frames like a title, and does not open a section.
    const named = "项目名称：欧盟反补贴调查应对研究\n研究内容：梳理光伏企业的海外专利诉讼。";
    expect(coverageOfText("反补贴调查", named, edition).status).toBe("partly");
    expect(coverageOfText("专利诉讼", named, edition).status).toBe("covered");
    // A section of outputs is not framing because its heading also says 意义.
    const outputs = "专利池研究\n\n四、预期成果及意义\n形成《企业出海专利池风险防控与应对指南》1份。";
    expect(reviewed(outputs, 8, "形成企业出海专利池风险防控与应对指南").status).toBe("covered"); // A message's header (who writes to whom) opens no section, though it names the 课题组.
    expect(headingOf("刘老师 → 课题组群")).toBeUndefined();
    const message =
      "刘老师 → 课题组群\n\n我们这次要做专利池的许可分配模式，比较按件数和按价值分配收益的方案。";
    expect(coverageOfText("许可分配模式", message, edition).status).toBe("covered");
  });

  it("an expected output delivered in another form counts (a 合规指引 for 合规与保护策略)", () => {
    const draft = "出海风险研究\n预期成果：《企业出海知识产权合规指引》1份，供会员企业使用。";
    const review = reviewDraft(draft, edition, { direction: 4 });
    expect(item(review, "提出企业出海合规与保护策略").status).toBe("covered");
    // Only outputs: a research item's 策略 is not met by a 指引.
    expect(coverageOfText("差异化应对策略", "研究内容：编写差异化应对指引。", edition).score).toBeLessThan(
      coverageOfText("差异化应对策略", "研究内容：比较差异化应对策略。", edition).score,
    );
  });

  it("a wording taken from a row's output is read as an output (企业操作指引 met by a 指南)", () => {
    const draft = "SEP诉讼应对研究\n预期成果：《企业诉讼应对操作指南》1份，供企业直接使用。";
    expect(coverageOfText("企业操作指引", draft, edition).status).toBe("covered");
  });

  it("the titles of documents others issued are not the draft's words; its own deliverables' titles are", () => {
    const cited =
      "低空经济研究\n研究内容：四部门印发的《通用航空装备创新应用实施方案》对无人机发展作出部署。";
    expect(coverageOfText("提出专利布局优化、风险预警及产业创新路径建议", cited, edition).status).toBe(
      "missing",
    );
    const own = "低空经济研究\n预期成果：形成《低空产业创新路径建议》1份。";
    expect(coverageOfText("产业创新路径建议", own, edition).status).toBe("covered");
    // Under 预期成果 a title is the draft's own, even when the draft says it will publish it (发布).
    const published =
      "海外专利池研究\n\n四、预期成果\n1.《终端企业出海专利池风险防控与应对指南》，面向行业公开发布。";
    expect(coverageOfText("形成企业出海专利池风险防控与应对指南", published, edition).status).toBe("covered");
  });

  it("an item referring back to the row (具体产业) is read in the row's own words", () => {
    const d7 = rowItems(row(7)).find((i) => i.text === "结合具体产业实践");
    expect(d7?.context).toBe("结合光伏、锂电池、人工智能等产业实践");
    const draft = "光伏专利池研究\n研究内容：以TOPCon电池技术路线为例，设计光伏专利池的入池与许可规则。";
    expect(reviewed(draft, 7, "结合具体产业实践").status).not.toBe("missing");
    expect(coverageOfText("具体产业实践", draft, edition).status).not.toBe("missing");
  });

  it("a draft's word counts once: 方案 is not also the synonym of the item's 对策", () => {
    const draft = "6G标准必要专利研究\n研究内容：研究在权利要求中覆盖标准可能采用的技术方案。";
    expect(coverageOfText("提出提升我国在标准规则制定中话语权的对策方案", draft, edition).score).toBeLessThan(
      0.4,
    );
  });

  it("an item of single characters is matched as written, and through its near-synonyms (美欧)", () => {
    expect(coverageOfText("美欧", "研究内容：跟踪美国和欧盟的立法动向。", edition).status).toBe("covered");
    expect(coverageOfText("美欧", "研究内容：跟踪印度的立法动向。", edition).status).toBe("missing");
  });

  it("an English draft meets the Chinese row through the glossary", () => {
    const draft = [
      "Overseas IP risks for Chinese battery exporters",
      "We will compile every Section 337 investigation filed at the US ITC against Chinese battery makers since 2018. We will also chart the trend of patent infringement suits in Germany and the US.",
      "Deliverables: a compliance and protection playbook that exporting companies can apply.",
    ].join("\n");
    const review = reviewDraft(draft, edition);
    expect(review.fit.id).toBe(4);
    expect(item(review, "337调查")).toMatchObject({ status: "covered" });
    expect(item(review, "337调查").evidence).toMatch(/^We will compile every Section 337/);
    expect(item(review, "专利诉讼趋势").status).toBe("covered");
    expect(item(review, "反补贴调查").status).toBe("missing");
  });
});

describe("a draft that fits no direction", () => {
  const draft = [
    "中药经典名方知识产权保护与品牌建设研究",
    "梳理经典名方复方制剂的专利保护现状，统计近十年国内中药专利的申请量和授权率。",
    "研究中药品种保护制度、地理标志和商标在保护中药企业权益中的作用。",
    "预期成果：形成中药经典名方知识产权综合保护建议。",
  ].join("\n");

  it("is called weak, with the closest row named as a possibility", () => {
    const review = reviewDraft(draft, edition);
    expect(review.weak).toBe(true);
    expect(edition.table.directions.some((d) => d.id === review.fit.id)).toBe(true);
    const context = {
      fileName: "tcm.txt",
      draft: { format: "text" as const, truncated: false, chars: draft.length },
      maxChars: 60_000,
    };
    const message = reviewMessage(review, context, edition, texts, "zh", "tcm.review.md");
    expect(message).toContain("没有很契合的方向");
    expect(message).toContain(`[方向${review.fit.id}]`);
    expect(message).not.toContain("最适合");
    expect(reviewMarkdown(review, context, edition, texts, "en")).toContain("No direction fits well");
  });

  it("a fitting draft is not weak", () => {
    const fitting =
      "低空经济无人机专利预警研究\n分析全球无人机专利竞争态势，梳理大疆、亿航等主要主体的专利布局策略。";
    expect(reviewDraft(fitting, edition).weak).toBe(false);
  });
});

describe("touched in passing, and an industry by its products", () => {
  it("only listed in a chart, only used as a frame, or added if circumstances allow: partly", () => {
    const listed =
      "本项目以NTN为主线开展专利布局研究。智能超表面等新型物理层技术仅在技术图谱中列示，不单独开展分析。";
    expect(coverageOfText("智能超表面", listed, edition).status).toBe("partly");
    const framed = "至于生成内容的版权归属，本课题只在风险分级框架中把它作为一项风险类型。";
    expect(coverageOfText("生成内容版权归属", framed, edition).status).toBe("partly");
    const maybe = "研究报告结尾将视情况附上对政府监管协同的几点建议。";
    expect(coverageOfText("政府监管协同", maybe, edition).status).toBe("partly");
  });
  it("asked about, reviewed briefly, optional, kept as the row's words, or set aside by the next sentence: partly", () => {
    const cases: [string, string][] = [
      ["垄断隐患", "海外专利池应对研究\n垄断隐患那块要不要写？"],
      ["谈判技巧", "海外专利池应对研究\n谈判技巧要不要单列一节，请外所给意见。"],
      ["减少诉讼", "光伏专利池研究\n专利池能否减少诉讼，本期不单独论证。"],
      ["新能源汽车", "新三样出海研究\n巴西最近对电动车的关注很多，可以放一小节，但我们手上没有材料。"],
      ["低空物联网", "低空经济专利研究\n郑所：低空物联网呢？"],
      ["FRAND 费率裁判", "SEP诉讼研究\nFRAND 费率裁判等问题已有大量研究，本报告仅做简要回顾。"],
      ["政策建议", "SEP诉讼研究\n报告里不打算单独写政策建议部分。"],
      ["专利池构建模式", "SEP培育研究\n五、（可选）专利池构建模式"],
      ["技术路线", "人形机器人研究\n申报书里写技术路线的优势与短板都要分析，建议原样保留这句话。"],
      ["开源许可证冲突", "大模型合规研究\n开源许可证冲突也算前沿问题吧？可以顺带提一下。"],
      ["技术出境审查", "技术外流研究\n技术出境审查等环节也需关注。"],
      ["创新突破建议", "人形机器人研究\n技术攻关的创新突破建议不写，那是科技部门的事。"],
      ["产业化进展", "人形机器人研究\n产业化进展写吗？"],
      ["锂电池", "光伏专利池研究\n锂电池行业可作为第二个对照对象，视进度在结题前做一次访谈。"],
      ["创新抑制", "光伏专利池研究\n专利池是否会造成创新抑制，目前缺乏数据，列为开放问题。"],
      ["产业化进展", "人形机器人研究\n产业化进展：引用公开的出货量数据写一段即可。"],
      ["纠纷处理规则", "光伏专利池研究\n\n纠纷处理规则。另行研究，本期只列框架。"],
      ["智能网联汽车", "SEP litigation study\nConnected vehicles: a short chapter if time permits."],
      // What an English draft says it will not study (its \b word boundaries were once backspaces).
      ["反垄断抗辩路径", "Pool study\nWe will not study antitrust defence paths in pool disputes."],
    ];
    for (const [target, draft] of cases)
      expect(coverageOfText(target, draft, edition).status, draft).toBe("partly");
    // The same words as a plan are covered.
    const plan = "大模型合规研究\n课题逐一比对GPL、Apache等开源许可证冲突条款，给出兼容性判断表。";
    expect(coverageOfText("开源许可证冲突", plan, edition).status).toBe("covered");
  });
  it("a draft about chip makers works on 半导体", () => {
    const chips = "本课题以集成电路制造企业为对象，研究晶圆工艺配方等核心技术外流的路径与防控。";
    expect(coverageOfText("半导体", chips, edition).status).not.toBe("missing");
  });
  it("an English draft on technical weaknesses and white space covers 技术短板与专利空白点", () => {
    const item = "识别我国技术短板与专利空白点";
    const english =
      "6G patent study\nResearch: we identify the technical weaknesses of Chinese applicants and the patent white space in NTN.";
    expect(coverageOfText(item, english, edition).status).toBe("covered");
    const count = "6G patent study\nResearch: we count NTN filings by country.";
    expect(coverageOfText(item, count, edition).status).toBe("missing");
  });
  it("an English draft on pathways to high-value SEPs covers 高价值 SEP 培育路径", () => {
    const english =
      "Work package 2 maps the pathways to high-value SEPs: how firms cultivate essential patents from early contributions.";
    expect(coverageOfText("高价值 SEP 培育路径", english, edition).status).toBe("covered");
  });
});

describe("members that share a tail, and their near-synonyms", () => {
  it("降低交易成本、减少诉讼方面的积极作用 has the members 降低交易成本 and 减少诉讼", () => {
    const parts = itemParts("分析专利池在降低交易成本、减少诉讼方面的积极作用").map((p) => p.text);
    expect(parts).toEqual(["降低交易成本", "减少诉讼"]);
  });
  it("车联网 is 智能网联汽车, and a point made in one sentence only is partly covered", () => {
    const once = "整车还是模组层级授予许可的问题在车联网场景下较为突出，本课题只提一句，不作展开。";
    expect(coverageOfText("智能网联汽车", once, edition).status).toBe("partly");
  });
});

describe("an English draft's section heads", () => {
  it("Negotiation techniques covers 谈判技巧", () => {
    const english =
      "5. Negotiation techniques\n- Playbooks for bilateral talks with pool licensors, with tactics for each stage of the negotiation.";
    expect(coverageOfText("谈判技巧", english, edition).status).toBe("covered");
  });
});

describe("which row a draft fits: the problem decides, and the row's own documents", () => {
  it("a battery makers' pool is 7's, however many battery words it says", () => {
    const draft = [
      "锂电池企业专利共享平台建设研究",
      "宁德时代、比亚迪等动力电池和储能电池企业之间专利交叉纠纷多，我们拟牵头搭建一个专利共享平台。",
      "研究入池专利的必要性评估办法，储能电池和动力电池专利分别评估。",
      "研究平台成员之间的纠纷处理办法，以及共享平台的收益怎么分。",
    ].join("\n");
    const review = reviewDraft(draft, edition);
    expect(review.fit.id).toBe(7);
  });
  it("a pool draft that cites 7's own document is 7's, not the overseas pools'", () => {
    const base = [
      "专利池运营研究",
      "协会想把会员企业的专利放进一个池子，统一对外收费，同时评估反垄断审查的风险。",
      "研究池子的收费怎么定、谈判怎么做。",
    ];
    // Said without the document, its words are as much the overseas pools' (收费, 谈判, 反垄断).
    expect(reviewDraft(base.join("\n"), edition).fit.id).toBe(8);
    const citing = [...base, "依据《关于进一步加强光伏产业知识产权保护工作的意见》提出的要求开展。"].join(
      "\n",
    );
    expect(reviewDraft(citing, edition).fit.id).toBe(7);
  });
  it("what the draft says it will not do points to no row: the title a meeting turned down", () => {
    const work = [
      "低空飞行器关键技术专利预警研究",
      "研究无人机飞控、感知避障和电推进等关键共性技术，检索全球专利，识别主要主体的布局策略。",
      "针对企业收到的警告函，建立专利风险预警清单。",
    ];
    const turnedDown = [
      "张主任建议以6G空天地一体化网络前瞻布局为题申报。",
      "刘博士指出，6G空天地一体化、卫星互联网属于未来产业，与本次想做的内容不是一回事。",
    ];
    const review = reviewDraft([...work, ...turnedDown].join("\n"), edition);
    expect(review.fit.id).toBe(3);
    // Said as work, the same sentence counts.
    const asWork = (turnedDown[1] ?? "").replace("与本次想做的内容不是一回事", "本项目研究其前瞻布局");
    const said = reviewDraft([...work, turnedDown[0], asWork].join("\n"), edition);
    expect(said.fit.id === 5 || said.runnerUp?.id === 5).toBe(true);
    expect(review.runnerUp?.id === 5 ? review.runnerUp.score : 0).toBeLessThan(
      said.fit.id === 5 ? said.fit.score : (said.runnerUp?.score ?? 0),
    );
  });
});

describe("everyday names of a row's words", () => {
  it.each([
    // licences that do not fit together are a licence conflict
    [
      "开源许可证冲突",
      "课题研究大模型开源发布时Apache-2.0与GPL等开源许可证之间不兼容的问题，梳理典型案例并给出一张兼容性矩阵。",
    ],
    // a court banning sales is an injunction
    [
      "SEP 禁令救济",
      "课题研究各国法院在标准必要专利纠纷中判决禁售的条件，梳理德国、英国的典型判决并比较差异。",
    ],
  ])("%s covered by: %s", (row, draft) => expect(coverageOfText(row, draft, edition).status).toBe("covered"));
});

describe("the companion's paraphrases: an item said the way applicants say it", () => {
  it.each([
    ["涉密人员管控", "课题研究核心技术人员的竞业限制和脱密期安排，设计关键岗位人员的离职审查流程。"],
    ["学术发表前保密审查", "课题设计科研人员投稿前的脱密审查流程，明确由谁审核、审核哪些内容、如何留痕。"],
    ["专利筛选机制", "课题设计入池评估办法：由第三方机构做必要性评估，明确入池标准与复核程序。"],
    // the words proposals use for their own work: a rival's profile, filing where rivals are thin
    ["主要企业专利布局特点", "对手画像：选10家代表企业，每家做一页专利画像，统计申请国家和申请习惯。"],
    ["产业知识产权差异化布局", "错位申请建议：在国内有优势的灵巧手方向集中申请，避开国外专利密集区。"],
    ["许可层级", "研究权利人能否拒绝向供应商授权，以及应授权给产业链哪一环。"],
  ])("%s covered by: %s", (row, draft) => expect(coverageOfText(row, draft, edition).status).toBe("covered"));
  it("the stages of a chain said by their time (事前, 事中, 事后) are its members", () => {
    const draft =
      "新三样出海风险研究\n研究内容：课题按事前、事中、事后三段设计：事前做FTO检索与专利地图，事中给出应诉决策树，事后梳理判决执行与理赔。";
    const chain = reviewed(draft, 4, "构建覆盖预警、应对、救济的全链条知识产权风险防控体系");
    expect(chain.parts?.map((p) => p.status)).toEqual(["covered", "covered", "covered"]);
  });
  it("a paraphrase counts only in the item it was given for", () => {
    // 跳槽 says 人才流动; it says nothing of row 7's pool rules.
    const draft = "课题分析核心工程师跳槽时技术资料的去向。";
    expect(coverageOfText("专利筛选机制", draft, edition).status).toBe("missing");
  });
});

describe("undecided items, and the words professionals use for a row's", () => {
  it("an item whose inclusion is still open is only touched (是否纳入尚未确定, 视经费再定, 下次会议再议)", () => {
    const planned = "研究内容：光伏组件与锂电池专利池的组建规则。";
    expect(coverageOfText("锂电池", planned, edition).status).toBe("covered");
    for (const draft of [
      "研究内容：光伏组件专利池的组建。锂电池是否纳入尚未确定。",
      "研究内容：光伏组件专利池的组建。锂电池视经费落实情况再定。",
      "研究内容：光伏组件专利池的组建。锂电池部分下次会议再议。",
    ])
      expect(coverageOfText("锂电池", draft, edition).status).toBe("partly");
    const outputs = "Outline\nOutputs: a handbook and a section of policy suggestions.";
    expect(coverageOfText("政策建议", outputs, edition).status).toBe("covered");
    const english =
      "Outline\nOutputs: a handbook. If page limits allow, we would add a section of policy suggestions; at present it is a placeholder.";
    expect(coverageOfText("政策建议", english, edition).status).toBe("partly");
  });
  it("a row's word in the applicant's professional terms", () => {
    const cases: [string, string][] = [
      ["模型蒸馏", "研究内容：以大模型输出训练小模型的知识迁移是否构成侵权。"],
      ["开放无歧视", "研究内容：平台对会员与非会员一视同仁，按同等条件许可。"],
      ["FRAND 费率裁判", "We study how judges set a fair, reasonable and non-discriminatory royalty."],
      ["337调查", "研究内容：梳理美国国际贸易委员会对我国电池企业的进口排除程序。"],
    ];
    for (const [item, draft] of cases) expect(coverageOfText(item, draft, edition).status).toBe("covered");
    // antitrust review named by its enforcement words touches the monopoly risk
    expect(
      coverageOfText("垄断风险", "研究内容：平台定价必须经得起竞争执法审查，避免被认定为限制竞争。", edition)
        .status,
    ).not.toBe("missing");
  });
});

describe("an English draft's asides", () => {
  it.each([
    // "out of scope" had no space in the pattern ("out ofscope") until this test
    "Audio/video codecs are out of scope.",
    "We have not included video codecs; please tell us if that is a gap.",
    "Codec pools raise pool-specific questions better handled in a separate project.",
    "Should the project also include video codecs?",
  ])("%s touches 音视频 only", (aside) => {
    const draft = `Outline\nCase studies. Cellular handsets and connected vehicles. ${aside}`;
    expect(coverageOfText("音视频", draft, edition).status).toBe("partly");
  });
  it("while a sector planned is covered", () => {
    const draft = "Outline\nCase studies. Cellular handsets, connected vehicles and video codecs.";
    expect(coverageOfText("音视频", draft, edition).status).toBe("covered");
  });
});

describe("strengths, weaknesses and costs in everyday words", () => {
  it.each([
    ["优势与短板", "研究内容：按技术分支找出我国领先和落后的环节。"],
    ["降低交易成本", "研究内容：测算一站式打包授权能节省多少谈判费用。"],
    ["海外期刊发表论文", "研究内容：科研人员向境外学术刊物投稿导致的技术泄密。"],
  ])("%s", (item, draft) => expect(coverageOfText(item, draft, edition).status).toBe("covered"));
  it("a risk of being sued is no antitrust hazard", () => {
    const draft = "研究内容：评估不同市场的被诉风险等级。";
    expect(coverageOfText("垄断隐患", draft, edition).status).not.toBe("covered");
  });
});

describe("what a draft leaves for later or for the end", () => {
  it.each([
    "研究内容：光伏组件专利池的组池规则。后续拟在锂电池领域试用。",
    "研究内容：光伏组件专利池的组池规则。锂电池专利池作为远期议题，在结语中提出设想。",
    "研究内容：光伏组件专利池的组池规则。锂电池专利池作为对照简述。",
    "研究内容：光伏组件专利池的组池规则。锂电池方面暂无人手，先列几句注意事项。",
  ])("%s touches 锂电池 only", (draft) =>
    expect(coverageOfText("锂电池", draft, edition).status).toBe("partly"),
  );
  it.each([
    // 视…情况 is no 视频…情况, 再定 no 再定价, and a plan's second phase is still its plan
    "研究内容：梳理音视频与锂电池专利池的收费情况与许可模式。",
    "研究内容：锂电池专利池的再定价机制与收益分配。",
    "研究分两个阶段。第二阶段：锂电池专利池的组池规则与许可分配。",
  ])("%s covers 锂电池", (draft) => expect(coverageOfText("锂电池", draft, edition).status).toBe("covered"));
  it("a summary that follows (简述如下) is no aside", () => {
    const draft = "研究内容简述如下：光伏组件与锂电池专利池的组池规则。";
    expect(coverageOfText("锂电池", draft, edition).status).toBe("covered");
  });
});
