/**
 * Draft review through the real bot against the loopback Bot API server: the user sends a file, the bot
 * fetches it with getFile and the file URL, reviews it, and answers with a message and a .md report.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { createBot } from "../../src/bot/index.ts";
import { type RunningBot, runBot } from "../../src/bot/run.ts";
import { LOW_ALTITUDE_DRAFT, SEP_DRAFT } from "../draft/samples.ts";
import { type BotApiServer, startBotApiServer } from "../support/bot-api-server.ts";
import { docx, OLE_DOC, PNG, pdf, zip } from "../support/draft-files.ts";
import { DEFAULT_TEST_MODEL, startOpenAIServer } from "../support/openai-server.ts";
import { assistantWithoutModel, capturingLogger, logger, testConfig } from "./harness.ts";

const USER_ID = 1001;
const GROUP_ID = -1001234567890;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: { env?: Record<string, string>; log?: typeof logger } = {}) {
  const server = await startBotApiServer({ canJoinGroups: true });
  cleanups.push(() => server.close());
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.url,
    ...options.env,
  });
  const log = options.log ?? logger;
  const assistant = config.OPENAI_API_KEY ? createAssistant(config, log) : assistantWithoutModel();
  const running: RunningBot = await runBot(createBot(assistant, config, log), config, log);
  cleanups.push(() => running.stop());
  await server.waitForPollers();
  return server;
}

const lines = (text: string) => text.split("\n");

async function documentSent(server: BotApiServer, chatId = USER_ID) {
  await server.waitFor("sendDocument", { timeoutMs: 15_000 });
  const [sent] = server.sentDocuments(chatId);
  if (!sent?.file.content)
    throw new Error(`no document content: ${JSON.stringify(server.callsOf("sendDocument")).slice(0, 500)}`);
  return { name: sent.file.filename, text: sent.file.content.toString("utf8") };
}

describe("a draft sent to the bot", () => {
  it("a .docx is downloaded, reviewed against the fitting row, answered with a message and a .md report", async () => {
    const server = await start();
    server.sendDocument({ bytes: docx(lines(LOW_ALTITUDE_DRAFT)), fileName: "申报书.docx" });
    const review = await server.waitForMessage(USER_ID, /最适合：\[方向3\]/, { timeoutMs: 15_000 });
    expect(server.downloads).toHaveLength(1);
    expect(server.callsOf("getFile")).toHaveLength(1);
    expect(review.text).toContain("低空经济关键技术专利预警及对策");
    expect(review.text).toMatch(/❌ 未覆盖｜预期成果：提出专利布局优化、风险预警及产业创新路径建议/);
    expect(review.text).toContain("✅ 已引用《国家“十五五”规划纲要》");
    const report = await documentSent(server);
    expect(report.name).toBe("申报书.review.md");
    expect(report.text).toContain(
      "原文：「分析全球无人机专利竞争态势，梳理大疆、亿航等主要主体的专利布局策略。」",
    );
    // progress was shown while it worked, then removed
    const progress = server.callsOf("sendMessage").map((c) => String(c.params.text));
    expect(progress.some((t) => t.includes("正在读取"))).toBe(true);
    expect(server.callsOf("editMessageText").some((c) => String(c.params.text).includes("正在分析"))).toBe(
      true,
    );
    expect(server.callsOf("deleteMessage")).toHaveLength(1);
  });

  it("a PDF with Chinese text is read through pdf.js and reviewed", async () => {
    const server = await start();
    server.sendDocument({ bytes: pdf([lines(SEP_DRAFT)]), fileName: "sep.pdf", mimeType: "application/pdf" });
    const review = await server.waitForMessage(USER_ID, /最适合：\[方向9\]/, { timeoutMs: 15_000 });
    expect(review.text).toContain("❌ 未引用《国家“十五五”规划纲要》");
    expect((await documentSent(server)).text).toContain("FRAND");
  });

  it.each([
    ["old.doc", OLE_DOC, "application/msword", /旧版 Word（\.doc）或 WPS/],
    ["scan.png", PNG, "image/png", /不做文字识别/],
    ["scan.pdf", pdf([[], []]), "application/pdf", /没有文字层/],
    ["locked.pdf", pdf([["加密的申报书正文内容"]], { encrypted: true }), "application/pdf", /设置了密码/],
    ["broken.docx", Buffer.from("PK\u0003\u0004 this is not really a zip"), undefined, /打不开/],
    [
      "bomb.docx",
      zip([{ name: "word/document.xml", data: "<x/>", declaredSize: 2_000_000_000 }]),
      undefined,
      /文件太大/,
    ],
  ])("%s gets a clear message, no crash, no report", async (fileName, bytes, mimeType, expected) => {
    const server = await start();
    server.sendDocument({ bytes, fileName, ...(mimeType ? { mimeType } : {}) });
    const reply = await server.waitForMessage(USER_ID, expected, { timeoutMs: 15_000 });
    expect(reply.text).not.toMatch(/Error|at .*\.ts|stack/);
    expect(server.callsOf("sendDocument")).toHaveLength(0);
  });

  it("a file over Telegram's 20 MB download limit is refused before it is fetched", async () => {
    const server = await start();
    server.sendDocument({ bytes: docx(["x"]), fileName: "big.docx", fileSize: 25 * 1024 * 1024 });
    await server.waitForMessage(USER_ID, /文件太大了（上限 20 MB/);
    expect(server.downloads).toHaveLength(0);
  });

  it("a pasted draft is reviewed; '那第二点怎么改？' then refers to the review's second point", async () => {
    const server = await start();
    server.sendText({ text: `帮我看看这份申报书\n${LOW_ALTITUDE_DRAFT}` });
    const review = await server.waitForMessage(USER_ID, /最适合：\[方向3\]/, { timeoutMs: 15_000 });
    const second = /\n2\. (.+)/.exec(review.text ?? "")?.[1];
    expect(second).toBeTruthy();
    await documentSent(server);
    server.sendText({ text: "那第二点怎么改？" });
    const answer = await server.waitForMessage(USER_ID, /第2条建议怎么改/);
    expect(answer.text).toContain((second as string).slice(0, 30));
    expect(answer.text).toContain("[方向3]");
  });

  it("in a group, a document is reviewed only when it mentions the bot", async () => {
    const server = await start();
    server.sendDocument({
      chatId: GROUP_ID,
      chatType: "supergroup",
      bytes: docx(lines(SEP_DRAFT)),
      fileName: "a.docx",
    });
    server.sendDocument({
      chatId: GROUP_ID,
      chatType: "supergroup",
      bytes: docx(lines(SEP_DRAFT)),
      fileName: "b.docx",
      caption: "@shenbao_test_bot 帮我看看",
    });
    await server.waitForMessage(GROUP_ID, /最适合：\[方向9\]/, { timeoutMs: 15_000 });
    const report = await documentSent(server, GROUP_ID);
    expect(report.name).toBe("b.review.md");
    expect(server.downloads).toHaveLength(1);
  });

  it("with a model, the model writes the improvements, grounded in the row, and invented deadlines are dropped; no draft text in logs", async () => {
    const openai = await startOpenAIServer();
    cleanups.push(() => openai.close());
    openai.setScenario({
      kind: "reply",
      text: "1. 补充「提出专利布局优化、风险预警及产业创新路径建议」：把成果写成建议清单 [方向3]\n2. 申报截止日期为2026年3月31日，请尽快提交。\n3. 通用建议：写明专利数据来源。",
    });
    const { logger: log, lines: logLines } = capturingLogger();
    const server = await start({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url, OPENAI_MODEL: DEFAULT_TEST_MODEL },
      log,
    });
    server.sendDocument({ bytes: docx(lines(LOW_ALTITUDE_DRAFT)), fileName: "d.docx" });
    const review = await server.waitForMessage(USER_ID, /修改建议/, { timeoutMs: 15_000 });
    expect(review.text).toContain("把成果写成建议清单");
    expect(review.text).not.toMatch(/截止|3月31日/);
    const prompt = JSON.stringify(openai.lastRequest()?.body.messages);
    expect(prompt).toContain("提出专利布局优化、风险预警及产业创新路径建议");
    expect(prompt).toContain("大疆");
    await documentSent(server);
    expect(logLines.join("\n")).not.toMatch(/大疆|亿航|飞控算法/);
  });

  it("DRAFTS_TO_MODEL=false keeps the draft away from the model", async () => {
    const openai = await startOpenAIServer();
    cleanups.push(() => openai.close());
    const server = await start({
      env: {
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: openai.url,
        OPENAI_MODEL: DEFAULT_TEST_MODEL,
        DRAFTS_TO_MODEL: "false",
      },
    });
    server.sendDocument({ bytes: docx(lines(LOW_ALTITUDE_DRAFT)), fileName: "d.docx" });
    await server.waitForMessage(USER_ID, /建议加强/, { timeoutMs: 15_000 });
    expect(openai.requests).toHaveLength(0);
  });
});

describe("/about", () => {
  it("says where drafts go: nowhere without a model, the provider's host with one", async () => {
    const local = await start();
    local.sendCommand("about");
    await local.waitForMessage(USER_ID, /不发送给任何模型服务/);
    const openai = await startOpenAIServer();
    cleanups.push(() => openai.close());
    const withModel = await start({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url, OPENAI_MODEL: DEFAULT_TEST_MODEL },
    });
    withModel.sendCommand("about");
    const about = await withModel.waitForMessage(USER_ID, /会发送给配置的模型服务/);
    expect(about.text).toContain(new URL(openai.url).host);
    expect(about.text).not.toContain(openai.apiKey);
  });
});

describe("a long paste", () => {
  it("is reviewed, and the user is told that Telegram splits long pastes and a file is better", async () => {
    const server = await start();
    const long =
      `${LOW_ALTITUDE_DRAFT}\n${"本课题还将分析无人机产业的专利竞争态势与布局策略。\n".repeat(160)}`.slice(
        0,
        4096,
      );
    server.sendText({ text: long });
    const review = await server.waitForMessage(USER_ID, /最适合：\[方向3\]/, { timeoutMs: 15_000 });
    expect(review.text ?? "").toContain("拆成几条消息");
  });
});
