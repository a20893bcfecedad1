import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { Retriever } from "../../src/search/retrieve.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);
const retrieve = (q: string) => retriever.retrieve(q);
const ids = (q: string) => retrieve(q).matches.map((m) => m.direction.id);

// Issue 8, class 7: one company's own matter and what it should do now is legal or business advice,
// not a study, though it names the table's words.
describe("one's own business and what to do about it now is no direction's topic", () => {
  it.each([
    // a text drafted for the company's own use
    "我们是做储能电池的，被美国客户起诉专利侵权，帮我写一下答辩要点和答辩状",
    "帮我起草一份研发人员离职时签的竞业限制协议",
    "我司想把一项无人机专利许可给海外经销商，许可合同帮我拟一份",
    // a search or an estimate to run for it
    "我们的扫地机器人准备卖到德国，帮我们检索一下有没有侵权风险",
    "我们公司的电动车出口欧洲，帮我估算一下每台车要交多少通信专利费",
    // an offer to take, a firm to hire, a procedure to follow
    "我们收到了一家专利池的许可要约，费率报价合理吗，要不要签",
    "我们光伏公司想在印度打官司，推荐几家靠谱的当地律所",
    "我们的大模型要出海，数据出境要办哪些审批手续",
    // whether its own product infringes or will be sued
    "我们的AI写作产品用别人的网文训练，会被起诉吗",
    "我们做工业无人机的，我们的避障算法有没有侵犯别人的专利",
    "Our company exports e-bikes to the US. How can we avoid being hit by a 337 complaint?",
  ])("%s", (q) => {
    const r = retrieve(q);
    expect(r.matches).toEqual([]);
    expect(r.outOfScope).toBe("unrelated");
  });
});

describe("the same company's words framing a study stay in scope", () => {
  it.each([
    ["我们公司做锂电池出口，想研究美国337调查的应对策略，报哪个方向", 4],
    ["我们是做人形机器人的企业，想对比国内外专利布局，适合哪个", 2],
    ["我司想牵头组建光伏专利池，申报哪个方向合适", 7],
    ["我们公司IP部想梳理大模型开源许可证冲突，政策依据该怎么写？", 1],
    [
      "Our company wants to study how EV makers respond to 337 investigations. Which direction should we apply under?",
      4,
    ],
    // a startup is a kind of company, not a business to start
    ["做脑电头环的创业公司，想看看脑机接口的专利竞争格局", 5],
  ])("%s → %i", (q, expected) => expect(ids(q)[0]).toBe(expected));

  it("a fee beside the programme's words stays a programme question", () => {
    const r = retrieve("我们公司能同时报几个方向，经费多少");
    expect(r.outOfScope).not.toBe("unrelated");
  });
});

describe("schools, products, one's own filing, a case's odds, trips and opinions are no direction's", () => {
  it.each([
    "想考人工智能法学方向的研究生，哪所学校比较好",
    "有什么好用的AI写代码工具推荐",
    "人形机器人家用款值得买吗",
    "我发明了一个无人机挂钩，怎么申请专利",
    "帮我查一下有没有人申请过这种电池包结构的专利",
    "我被前同事告侵犯商业秘密，胜诉概率大吗",
    "把《反不正当竞争法》全文发给我",
    "大学生创业做低空配送可行吗",
    "去深圳参加无人机展，附近有什么好玩的景点",
    "华为和中兴那个标准专利案后来怎么样了",
    "两家大模型公司互相指控蒸馏，你站哪边",
    "列一下今年人工智能方向的国际学术会议",
    "I have an interview for a patent engineer job at a battery maker. What will they ask?",
  ])("%s", (q) => expect(ids(q)).toEqual([]));
});

describe("trivia, predictions, origins, reading for fun, coursework and one's own rights are no direction's", () => {
  it.each([
    "锂电池龙头是谁",
    "哪家公司脑机接口专利最多，随便问问",
    "Just curious, which company holds the most Wi-Fi standard essential patents?",
    "人形机器人最后会取代工厂工人吗",
    "Will humanoid robots be common in homes within ten years?",
    "SEP这个说法是怎么来的",
    "推荐几本好读的专利池历史书，周末闲着看",
    "我的毕业论文写模型蒸馏的版权问题，帮我列个提纲",
    "I have to write a term paper on FRAND for my IP class, can you outline it?",
    "帮我写一篇公众号文章，讲讲低空经济",
    "我想转行做商业秘密律师，好找工作吗",
    "刚买的电动车电池鼓包，4S店不认账，我该怎么维权",
    "How do I patent my own drone propeller design?",
    "把这段关于6G的新闻缩成两句话：……",
    "听说欧盟要对中国电动车发起新的调查，真的假的",
    "无人机是怎么实现悬停的",
    "把开源许可证第2条改写成大白话",
    "世界上第一个专利池是哪个",
  ])("%s", (q) => expect(ids(q)).toEqual([]));

  it.each([
    ["光伏龙头企业想共建专利池，研究它怎么运作，报哪个", 7],
    ["想研究AI生成内容能不能在版权局登记、归谁所有，报哪个方向", 1],
    ["第三个方向和第四个有什么区别", 3],
  ])("%s → %i", (q, expected) => expect(ids(q)[0]).toBe(expected));
});
