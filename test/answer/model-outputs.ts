/**
 * A corpus of realistic model outputs, good ones and each misbehaviour seen with real providers
 * (invented deadlines, amounts and documents, missing or broken citations, slow, thinking first, cut
 * off, Markdown tables, the wrong language). Replayed through the loopback OpenAI server by
 * `replay.test.ts`; `bench/model-answers.ts` uses the same shapes at real speed.
 */
import type { ChatRequestBody, ReplyScenario } from "../support/openai-server.ts";

export const Q = {
  drones: "我们做无人机专利预警，报哪个方向？",
  deadline: "低空经济方向的申报截止时间是什么时候？",
  money: "方向3每个项目资助多少钱？",
  policy: "方向6的政策依据是什么？",
  citedBy: "哪些方向引用了十五五规划？",
  compare: "方向7和方向8有什么区别？",
  /** About IP, but no word of the table: search finds no direction, the model judges from the catalogue. */
  unsure: "我们研究专利导航，报哪个？",
  overview: "一共有哪些研究方向？",
  compareMany: "方向7、8、9、10有什么区别？",
} as const;

/** Claims no answer may show: each was invented by a model in the corpus below. */
export const INVENTED = [
  "3月31日",
  "2026年3月",
  "50万元",
  "执行期一年",
  "知识产权保护条例",
  "反不正当竞争法",
  "20个项目",
  "30%",
  "6月底",
];

export interface ReplayCase {
  name: string;
  question: string;
  /** One scenario, or a queue (one per request). */
  scenario: Omit<ReplyScenario, "kind"> | Omit<ReplyScenario, "kind">[];
  /** Extra environment (model name, token parameter…). */
  env?: Record<string, string>;
  /** Served by the server that rejects max_tokens / temperature like OpenAI's o-series. */
  strict?: boolean;
  expect: {
    mode?: "llm" | "extractive";
    /** Text (without markup) the user sees. */
    shows?: string[];
    /** Keys of locales/zh.json whose text the user sees. */
    says?: string[];
    /** Keys of locales/zh.json whose text the user must not see. */
    saysNot?: string[];
    hides?: string[];
    citations?: number[];
    /** At least this many requests reached the model. */
    requests?: number;
    ending?: "cut-off" | "interrupted";
    removed?: number;
    thinking?: boolean;
  };
}

/** ~30 tokens a second, two characters a token: how DeepSeek, Qwen and local models stream. */
const PACE = { tokensPerSecond: 30, chunkSize: 2 } as const;

/** The [方向N] rows the prompt gave, read back from its <directions> block. */
function givenIds(body: ChatRequestBody): number[] {
  const user = (body.messages ?? []).find((m) => m.role === "user");
  const text = typeof user?.content === "string" ? user.content : "";
  const block = /<directions>\n([\s\S]*?)\n<\/directions>/.exec(text)?.[1] ?? "";
  return [...block.matchAll(/^\[方向(\d+)\]/gm)].map((m) => Number(m[1]));
}

const LONG_PARAGRAPHS = [
  "**一、选题定位**\n你们的课题最贴近[方向3]「低空经济关键技术专利预警及对策」。该方向的申报建议写明要聚焦智能飞行、无人机、低空物联网等关键共性技术，分析全球专利竞争态势与主要主体布局策略。",
  "**二、研究内容**\n- 梳理无人机飞控、通信链路、感知避障等环节的全球专利布局，识别主要竞争主体。\n- 对比国内外企业的布局策略，找出我国企业可能面临的侵权风险点。\n- 建立风险预警指标，针对出口市场给出分级提示。",
  "**三、预期成果**\n- 一份低空经济关键技术专利态势分析报告。\n- 一套面向企业的专利风险预警清单。\n- 若干条专利布局优化与产业创新路径建议，对应申报建议中的“提出专利布局优化、风险预警及产业创新路径建议”。",
  "**四、政策依据**\n可引用表格给出的政策指引：国家“十五五”规划纲要明确培育低空经济等新增长点；低空经济为工信部重点培育方向。",
  "**通用建议**（不是计划本身的要求）：\n- 研究方法写清楚检索式、数据库和时间范围。\n- 团队介绍突出与低空经济相关的前期成果。\n- 进度安排按季度拆分，每个阶段对应可检查的中间成果。",
];

/** About 900 tokens of a good, long answer: what a thorough model writes for a proposal question. */
export const LONG_ANSWER = Array.from({ length: 3 }, () => LONG_PARAGRAPHS.join("\n\n")).join("\n\n");

export const CASES: ReplayCase[] = [
  {
    name: "a good answer with headings, bold and lists",
    question: Q.drones,
    scenario: {
      ...PACE,
      text: "## 推荐方向\n你们的课题最适合**[方向3]「低空经济关键技术专利预警及对策」**。\n\n- 该方向写明聚焦智能飞行、无人机、低空物联网等关键共性技术。\n- 要求分析全球专利竞争态势，并提出风险预警及对策。\n\n表格没有写明申报时间和资助金额，请以工信部正式通知为准。",
    },
    expect: {
      mode: "llm",
      shows: ["推荐方向", "你们的课题最适合[方向3]「低空经济关键技术专利预警及对策」", "• 该方向写明聚焦"],
      citations: [3],
      removed: 0,
    },
  },
  {
    name: "an invented deadline, asked for: removed, and the table does not say it",
    question: Q.deadline,
    scenario: {
      ...PACE,
      text: "根据项目建议表，[方向3]「低空经济关键技术专利预警及对策」与你的问题对应。申报截止时间为2026年3月31日，请提前准备材料。建议聚焦无人机等关键共性技术，分析全球专利竞争态势。",
    },
    expect: {
      mode: "llm",
      says: ["factDate"],
      shows: ["建议聚焦无人机等关键共性技术"],
      hides: ["截止时间为"],
      removed: 1,
    },
  },
  {
    name: "an invented funding amount, asked for: removed, with the notice",
    question: Q.money,
    scenario: {
      ...PACE,
      text: "[方向3]每项资助50万元，执行期一年。表格对该方向的建议是聚焦低空经济中的关键共性技术，分析全球专利竞争态势。",
    },
    expect: { mode: "llm", says: ["factMoney"], shows: ["表格对该方向的建议是聚焦低空经济"], removed: 1 },
  },
  {
    name: "an invented policy document next to a real one",
    question: Q.policy,
    scenario: {
      ...PACE,
      text: "[方向6]的政策指引写明：《知识产权强国建设纲要（2021-2035年）》强调商业秘密保护。此外还可依据《知识产权保护条例》和《反不正当竞争法》。国家“十五五”规划关于产业安全的要求也是依据。",
    },
    expect: {
      mode: "llm",
      says: ["factDocument"],
      shows: [
        "《知识产权强国建设纲要（2021-2035年）》强调商业秘密保护",
        "国家“十五五”规划关于产业安全的要求也是依据",
      ],
      removed: 2,
    },
  },
  {
    name: "an invented project count and percentage nobody asked for: removed silently",
    question: Q.drones,
    scenario: {
      ...PACE,
      text: "你们的课题适合[方向3]。预计今年立项20个项目，配套资金比例不低于30%。建议突出无人机专利风险预警的研究内容。",
    },
    expect: {
      mode: "llm",
      shows: ["你们的课题适合[方向3]。", "建议突出无人机专利风险预警的研究内容。"],
      saysNot: ["factCount", "factPercent"],
      removed: 2,
    },
  },
  {
    name: "which directions cite 十五五: the model gets all eight rows and cites all eight",
    question: Q.citedBy,
    scenario: {
      ...PACE,
      text: (body) => {
        const ids = givenIds(body);
        return `引用国家“十五五”规划的方向共${ids.length}个：${ids.map((id) => `[方向${id}]`).join("、")}。其中[方向2]和[方向3]涉及新产业新赛道。`;
      },
    },
    expect: {
      mode: "llm",
      shows: ["共8个：[方向2]、[方向3]、[方向4]、[方向5]、[方向6]、[方向8]、[方向9]、[方向10]。"],
      hides: ["、、"],
      citations: [2, 3, 4, 5, 6, 8, 9, 10],
    },
  },
  {
    name: "an overview: the model gets all ten rows and lists all ten",
    question: Q.overview,
    scenario: {
      ...PACE,
      text: (body) =>
        `2026年度的项目建议表共${givenIds(body).length}个研究方向：\n${givenIds(body)
          .map((id) => `- [方向${id}]`)
          .join("\n")}`,
    },
    expect: {
      mode: "llm",
      shows: ["共10个研究方向", "• [方向10]"],
      citations: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    },
  },
  {
    name: "a comparison of four: every compared row is given and cited",
    question: Q.compareMany,
    scenario: {
      ...PACE,
      text: (body) =>
        `${givenIds(body)
          .map((id) => `[方向${id}]侧重点不同`)
          .join("；")}。方向7、8讲专利池，方向9、10讲标准必要专利。`,
    },
    expect: { mode: "llm", shows: ["[方向10]侧重点不同"], citations: [7, 8, 9, 10] },
  },
  {
    name: "a real direction that was not given stays as a plain mention",
    question: Q.drones,
    scenario: {
      ...PACE,
      text: "你们的课题最适合[方向3]，它聚焦低空经济关键技术。若侧重海外专利池，可再看[方向8]。",
    },
    expect: { mode: "llm", shows: ["若侧重海外专利池，可再看方向8。"], citations: [3, 8] },
  },
  {
    name: "a direction that does not exist is dropped with its separator",
    question: Q.drones,
    scenario: { ...PACE, text: "相关方向有[方向3]、[方向12]、[方向5]，以[方向3]为主。" },
    expect: {
      mode: "llm",
      shows: ["相关方向有[方向3]、方向5，以[方向3]为主。"],
      hides: ["[方向12]", "、、"],
    },
  },
  {
    name: "search unsure: the model chooses from the catalogue, and the directions it names are the sources",
    question: Q.unsure,
    scenario: {
      ...PACE,
      text: "项目建议表没有专门的专利导航方向。若侧重重点产业的专利态势分析，可看方向3或方向5；若侧重专利池运营，可看方向7。",
    },
    expect: { mode: "llm", shows: ["可看方向3或方向5"], citations: [3, 5, 7] },
  },
  {
    name: "a slow, long answer (900 tokens at 30 tokens/s) is delivered whole",
    question: Q.drones,
    scenario: { ...PACE, text: LONG_ANSWER },
    expect: {
      mode: "llm",
      shows: ["进度安排按季度拆分，每个阶段对应可检查的中间成果。\n\n以上由 AI"],
      saysNot: ["llmUnavailable", "interrupted"],
      citations: [3],
    },
  },
  {
    name: "a thinking model: 20 s of reasoning first, then the answer; none of the thinking is shown",
    question: Q.drones,
    scenario: {
      ...PACE,
      reasoningMs: 20_000,
      text: "你们的课题最适合[方向3]「低空经济关键技术专利预警及对策」，它写明了无人机与风险预警。",
    },
    expect: { mode: "llm", shows: ["你们的课题最适合[方向3]"], hides: ["思考："], thinking: true },
  },
  {
    name: "an answer cut at max_tokens is shown as cut off, with the sources",
    question: Q.drones,
    scenario: {
      ...PACE,
      finishReason: "length",
      text: "你们的课题最适合[方向3]。写申报书时可以从三个方面入手：一是梳理无人机关键技术的全球专利布局，二是",
    },
    expect: {
      mode: "llm",
      says: ["cutOff"],
      shows: ["一是梳理无人机关键技术的全球专利布局"],
      ending: "cut-off",
    },
  },
  {
    name: "a Markdown table and a code fence become a list and plain text",
    question: Q.compare,
    scenario: {
      ...PACE,
      text: "两者的区别如下：\n\n| 方向 | 侧重 | 切入点 |\n|---|---|---|\n| [方向7] | 国内专利池建设 | 光伏、锂电池、人工智能 |\n| [方向8] | 海外专利池应对 | 音视频、通信 |\n\n```\n方向7 → 国内；方向8 → 海外\n```",
    },
    expect: {
      mode: "llm",
      shows: ["[方向7]：侧重：国内专利池建设；切入点：光伏、锂电池、人工智能", "方向7 → 国内；方向8 → 海外"],
      hides: ["|---", "| 方向"],
      citations: [7, 8],
    },
  },
  {
    name: "an English answer to a Chinese question is asked once more, in Chinese",
    question: Q.drones,
    scenario: [
      {
        ...PACE,
        text: "Your drone patent early-warning project fits Direction 3 best, which covers low-altitude economy.",
      },
      { ...PACE, text: "你们的无人机专利预警课题最适合[方向3]「低空经济关键技术专利预警及对策」。" },
    ],
    expect: { mode: "llm", shows: ["最适合[方向3]"], hides: ["Your drone"], requests: 2 },
  },
  {
    name: "English twice: the table answers",
    question: Q.drones,
    scenario: {
      ...PACE,
      text: "Your drone patent early-warning project fits Direction 3 best, which covers low-altitude economy.",
    },
    expect: { mode: "extractive", hides: ["Your drone"], requests: 2, citations: [3] },
  },
  {
    name: "an o-series model gets max_completion_tokens and no temperature",
    question: Q.drones,
    strict: true,
    env: { OPENAI_MODEL: "o4-mini" },
    scenario: { ...PACE, text: "你们的课题最适合[方向3]「低空经济关键技术专利预警及对策」。" },
    expect: { mode: "llm", shows: ["最适合[方向3]"], requests: 1 },
  },
  {
    name: "a GPT-5 model configured the old way adapts after one HTTP 400 each",
    question: Q.drones,
    strict: true,
    env: { OPENAI_MODEL: "gpt-5-mini", OPENAI_TOKEN_PARAMETER: "max_tokens", OPENAI_TEMPERATURE: "0.3" },
    scenario: { ...PACE, text: "你们的课题最适合[方向3]「低空经济关键技术专利预警及对策」。" },
    expect: { mode: "llm", shows: ["最适合[方向3]"], requests: 3 },
  },
];
