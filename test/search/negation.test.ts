import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { withoutNegated } from "../../src/search/negation.ts";
import { Retriever } from "../../src/search/retrieve.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);
const ids = (q: string) => retriever.retrieve(q).matches.map((m) => m.direction.id);

describe("what a question sets aside is no evidence", () => {
  it.each([
    ["我们做的不是专利池，而是商业秘密保护", "专利池"],
    ["研究对象并非整车，主要是电池", "整车"],
    ["本课题不涉及标准制定、标准提案，只看专利布局", "标准制定"],
    ["重点在禁令规则，而非费率", "费率"],
    ["暂不考虑海外市场，聚焦国内", "海外市场"],
    ["we study licensing, not the standard itself", "standard itself"],
    ["research on pools rather than litigation", "litigation"],
  ])("%s sets aside %s", (q, aside) => {
    const kept = withoutNegated(q);
    expect(kept).not.toContain(aside);
    expect(kept.length).toBeGreaterThan(0);
  });

  it.each([
    "是不是属于方向三",
    "不仅是专利池，还有许可费分配",
    "不只是光伏，也包括锂电池",
    "排除侵权风险的路径研究",
    "即使被起诉也要出海",
  ])("keeps what only looks like a negation: %s", (q) => {
    expect(withoutNegated(q)).toBe(q);
  });

  it("drops a concession and the background a turn moves away from", () => {
    expect(withoutNegated("虽然涉及无人机，我们研究的是商业秘密")).not.toContain("无人机");
    expect(withoutNegated("海外专利池的压力我们也关注，但这次主要想研究国内建池")).not.toContain("海外");
    expect(withoutNegated("借鉴海外专利池经验，但目的是建国内的光伏专利池")).not.toContain("海外");
  });

  it("moves the search to what the question is about", () => {
    // 专利池 alone is 7 or 8; set aside, what is left is trade secrets.
    expect(ids("我们研究的不是专利池，而是核心技术外流和商业秘密")[0]).toBe(6);
    // Standards set aside, 6G patent layout is the future-industry row, not the SEP one.
    expect(ids("量子和6G的专利前瞻布局，不涉及标准必要专利")[0]).toBe(5);
  });

  it("keeps a question that is nothing but a negation in scope", () => {
    expect(ids("不是专利池的问题").length).toBeGreaterThan(0);
  });
});

describe("of directions named to choose between, the one the topic fits comes first", () => {
  it.each([
    ["选7还是8？我们研究的是海外音视频专利池的许可费率和反垄断抗辩", 8],
    ["方向4还是方向7：锂电池出口被美国337调查怎么应对", 4],
    ["脑机接口的专利空白点，是2还是5", 5],
  ])("%s → %i", (q, id) => {
    const r = retriever.retrieve(q);
    expect(r.recommendation?.id).toBe(id);
    expect(ids(q)[0]).toBe(id);
  });
  it("keeps the named order when the question says nothing that tells them apart", () => {
    expect(ids("方向7和方向8有什么区别")).toEqual([7, 8]);
  });
});

describe("background before what the plan says it really studies", () => {
  it("searches from the words that say what the study is", () => {
    const q =
      "光伏组件出口一直是我们单位的老本行，海外反补贴调查也跟踪过。不过我们课题的核心是商业秘密分级管理和涉密人员管控。";
    expect(ids(q)[0]).toBe(6);
  });
  it("a document or a quoted phrase in the background is no look-up", () => {
    const q =
      "“十五五”规划把低空经济列为新增长点，这是背景。我们真正想研究的是国内光伏专利池的许可分配模式。";
    const r = retriever.retrieve(q);
    expect(r.understanding.documents).toEqual([]);
    expect(ids(q)[0]).toBe(7);
  });
  it("reads an English turn the same way", () => {
    expect(
      ids("Drones are our background, but our real focus is trade secret leakage when engineers leave")[0],
    ).toBe(6);
  });
});

describe("English sentences are not read as pinyin initials", () => {
  it("a leak of source code by former staff is direction 6, and 'by' is not 博弈", () => {
    const r = retriever.retrieve("source code leaked by former employees");
    expect(r.understanding.corrections).not.toContain("博弈");
    expect(ids("source code leaked by former employees")[0]).toBe(6);
  });
});

describe("two directions offered by their names", () => {
  it("the topic chooses between them, and both come first", () => {
    const q = "无人机飞控的全球专利竞争态势，是报低空经济还是未来产业？";
    expect(ids(q).slice(0, 2)).toEqual([3, 5]);
  });
  it("three options are not two", () => {
    const r = retriever.retrieve("出海风险、SEP诉讼还是海外专利池方向？我们研究海外专利池的许可费率");
    expect(r.matches[0]?.direction.id).toBe(8);
    expect(r.matches.length).toBeGreaterThan(0);
  });
});

describe("a named option's name said alone is the topic", () => {
  it("只做…国内专利池 chooses 7 though 国内专利池 is 7's name", () => {
    expect(ids("我们只研究光伏的国内专利池怎么建，不涉及出海，选4还是7")[0]).toBe(7);
  });
});

describe("two directions offered by their own words", () => {
  it("a side names the one row that says all its words (SEP治理: 9, not 1 or 10)", () => {
    const q = "比较中美欧法院对SEP禁令的不同做法，算海外专利池那块还是SEP治理那块？";
    expect(ids(q).slice(0, 2)).toEqual([9, 8]);
  });
  it("a short name with its title's words beside it labels the option whole (新兴领域SEP布局)", () => {
    const q = "智能网联汽车的SEP许可层级之争，应该归全球SEP治理还是新兴领域SEP布局？";
    expect(ids(q).slice(0, 2)).toEqual([9, 10]);
  });
  it("two topics either side of 还是 are not labels: the search decides", () => {
    expect(ids("光伏企业的海外337调查还是国内专利池建设，哪个更值得做").slice(0, 2).sort()).toEqual([4, 7]);
  });
});

describe("what the plan says it studies this time", () => {
  it("a document named in the background is no look-up, and 人工智能 after it is a topic word", () => {
    const q =
      "我们中心前几年做过知识产权强国建设纲要的评估。这次想研究人工智能产业的专利池怎么组建、许可费怎么分配。报哪个方向？";
    const r = retriever.retrieve(q);
    expect(r.understanding.documents).toEqual([]);
    expect(ids(q)[0]).toBe(7);
  });
  it("我们只做… after a comparison is the topic", () => {
    expect(ids("低空经济专利预警和未来产业前瞻布局有什么交叉？我们只做物流无人机")[0]).toBe(3);
  });
  it("a plan that compares courts as its method is no comparison of directions", () => {
    const q = "想比较德国、英国和美国法院在SEP禁令上的裁判思路，给通信企业诉讼应对建议，报哪个？";
    expect(ids(q)[0]).toBe(9);
  });
  it("the row's own artefact (模型权重) is what was taken, not the problem: 6", () => {
    expect(ids("算法团队离职时把大模型的模型权重拷走了，这类问题研究报哪个")[0]).toBe(6);
  });
});

describe("directions asked for by what their text mentions", () => {
  it("提到…的是哪些方向 and 哪些方向提到了… list the rows that say it", () => {
    expect(ids("提到产业安全的是哪些方向").sort()).toEqual([6, 8]);
    expect(ids("哪些方向提到了模型蒸馏")).toEqual([1]);
  });
});

describe("more ways a plan says what it really studies", () => {
  it("落脚点却在 and 真正关心的是 start the focus", () => {
    expect(
      ids(
        "国内光伏专利池正在筹建，我们也参与了讨论；本课题的落脚点却在海外：新三样企业在欧美遭遇的专利诉讼",
      )[0],
    ).toBe(4);
    expect(ids("同行邀请我们加入国内专利池，但我们真正关心的是锂电池在美欧市场的337调查")[0]).toBe(4);
  });
  it("a neural decoding algorithm that leaks in a partnership is a trade-secret problem (6), not 5's field", () => {
    expect(ids("脑机接口公司担心合作中神经解码算法泄露，想研究商业秘密保护")[0]).toBe(6);
  });
});

describe("options named loosely", () => {
  it("a side several rows can mean (专利池那个: 7, 8 or 10) is the one the topic fits", () => {
    const q = "手机音视频专利池的许可费怎么收 是研究专利池那个还是SEP治理那个";
    expect(ids(q)[0]).toBe(8);
  });
  it("one side named, the other only pointed at (单独那个): the topic finds the other", () => {
    expect(ids("我们研究人形机器人整机专利，报未来产业那个还是单独那个")[0]).toBe(2);
  });
  it("a run-on clause without punctuation: the option begins after its last 报", () => {
    expect(ids("人形机器人也算未来产业 那研究人形机器人专利布局是报未来产业还是具身智能那个")[0]).toBe(2);
  });
});

describe("a recommendation from words the row says, not only its keywords", () => {
  it("6G的专利池 between 7 and 10 recommends 10, with the word 6G", () => {
    const r = retriever.retrieve("6G的专利池以后怎么建 是7还是10");
    expect(r.recommendation).toMatchObject({ id: 10, other: 7, terms: ["6G"] });
  });
});
