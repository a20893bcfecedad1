/**
 * The web chat in a real browser: playwright-core driving Debian's chromium against the web server,
 * whose assistant streams from the loopback model server. A person types a question, watches the
 * answer stream in, follows a citation to its card and tips, votes, browses the ten directions, switches
 * to traditional characters; the operator reads the vote on the admin page. Screenshots go to
 * test/artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEEK_MS } from "../../src/ports/feedback.ts";
import { type OpenAITestServer, startOpenAIServer } from "../support/openai-server.ts";
import { ADMIN_KEY, startTestWeb, type TestWeb } from "./harness.ts";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const MODEL_TEXT =
  "无人机专利预警最对应 [方向3]：它研究低空经济关键技术的专利布局与风险预警。**申报时**可以围绕整机、飞控与通信链路梳理海外专利风险，并提出对策建议。";
const QUESTION = "我们做无人机专利预警，报哪个方向？";

let model: OpenAITestServer;
let server: TestWeb;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Slow enough that the answer is seen arriving in parts.
  model = await startOpenAIServer({
    scenario: { kind: "reply", text: MODEL_TEXT, chunkSize: 3, charsPerSecond: 120 },
  });
  server = await startTestWeb({ model });
  profile = mkdtempSync(join(tmpdir(), "shenbao-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: "zh-CN",
    viewport: { width: 1000, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  await model?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("web chat in chromium", () => {
  it("streams the answer to a typed question, with its sources, and opens a cited direction's card", async () => {
    const external: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url)) external.push(request.url());
    });
    await page.goto(server.url);
    await page.getByLabel("你的问题").fill(QUESTION);
    await page.keyboard.press("Enter");

    const answer = page.locator(".answer").last();
    expect(await answer.getAttribute("aria-live")).toBe("polite");
    // Part of the answer is shown while it is still being written.
    await page.waitForFunction(() => {
      const a = document.querySelector(".answer");
      return a?.getAttribute("aria-busy") === "true" && (a.textContent ?? "").length > 5;
    });
    const partial = (await answer.textContent()) ?? "";
    expect(MODEL_TEXT.startsWith(partial.slice(0, 5))).toBe(true);
    await page.waitForFunction(
      () => document.querySelector(".answer")?.getAttribute("aria-busy") === "false",
      null,
      {
        timeout: 15_000,
      },
    );
    const text = (await answer.textContent()) ?? "";
    expect(text.length).toBeGreaterThan(partial.length);
    expect(text).toContain("无人机专利预警最对应 [方向3]");
    expect(await answer.locator("strong").first().textContent()).toBe("申报时");
    expect(await page.locator("#status").textContent()).toContain("回答完毕");

    const source = page.locator(".sources a").first();
    expect(await source.textContent()).toBe("方向 3 · 低空经济关键技术专利预警及对策");
    await page.screenshot({ path: join(ARTIFACTS, "web-chat.png"), fullPage: true });

    await source.click();
    const card = page.getByRole("dialog");
    await card.waitFor({ state: "visible" });
    expect(await card.locator("h2").textContent()).toBe("方向 3：低空经济关键技术专利预警及对策");
    expect(await card.textContent()).toContain("申报建议");
    expect(await card.textContent()).toContain("政策指引");
    await card.getByRole("button", { name: "申报要点" }).click();
    await page.locator(".tips-text").waitFor();
    expect((await page.locator(".tips-text").textContent())?.length).toBeGreaterThan(40);
    await page.screenshot({ path: join(ARTIFACTS, "web-card.png") });
    await page.keyboard.press("Escape");
    await card.waitFor({ state: "hidden" });

    // An inline citation opens the same card.
    await answer.locator("a[data-direction='3']").first().click();
    await card.waitFor({ state: "visible" });
    await card.getByRole("button", { name: "关闭" }).click();

    expect(external).toEqual([]);
  }, 40_000);

  it("keeps a 👎 and shows it on the admin page behind the key", async () => {
    await page.getByRole("button", { name: "👎 没帮助" }).click();
    await page.getByText("谢谢你的反馈。").waitFor();
    const [entry] = await server.feedback.since(new Date(Date.now() - WEEK_MS));
    expect(entry).toMatchObject({ question: QUESTION, vote: "down", channel: "web", mode: "llm" });

    await page.goto(`${server.url}/admin`);
    await page.getByLabel("管理密钥 (ADMIN_API_KEY)").fill("wrong-key-wrong-key");
    await page.keyboard.press("Enter");
    await page.getByRole("alert").getByText("Wrong admin key.").waitFor();
    await page.getByLabel("管理密钥 (ADMIN_API_KEY)").fill(ADMIN_KEY);
    await page.keyboard.press("Enter");
    await page.locator("#unanswered-rows tr").first().waitFor();
    const row = (await page.locator("#unanswered-rows tr").first().textContent()) ?? "";
    expect(row).toContain(QUESTION);
    expect(row).toContain("👎");
    expect(await page.locator("#feedback-summary").textContent()).toContain("👎 1");
  }, 30_000);

  it("sends the conversation with a follow-up, and forgets it on a new conversation", async () => {
    await page.goto(server.url);
    await page.getByLabel("你的问题").fill(QUESTION);
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelector(".answer")?.getAttribute("aria-busy") === "false",
      null,
      {
        timeout: 15_000,
      },
    );
    // A follow-up carries the conversation; a new conversation forgets it.
    model.requests.length = 0;
    await page.getByLabel("你的问题").fill("那它的政策依据呢？");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll(".answer[aria-busy='false']").length === 2,
      null,
      { timeout: 15_000 },
    );
    expect(JSON.stringify(model.lastRequest()?.body.messages)).toContain("无人机专利预警");
    await page.getByRole("button", { name: "新对话" }).click();
    expect(await page.locator(".turn").count()).toBe(0);
    model.requests.length = 0;
    await page.getByLabel("你的问题").fill("那它的政策依据呢？");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelector(".answer")?.getAttribute("aria-busy") === "false",
      null,
      {
        timeout: 15_000,
      },
    );
    // Without the conversation the question names no direction: the old topic reaches the model no more.
    expect(model.requests.some((r) => JSON.stringify(r.body.messages).includes("无人机专利预警"))).toBe(
      false,
    );
  }, 40_000);

  it("works from the keyboard alone: skip link, question, a cited card, Escape", async () => {
    await page.goto(server.url);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("跳到提问");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("question");
    await page.keyboard.type(QUESTION);
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelector(".answer")?.getAttribute("aria-busy") === "false",
      null,
      {
        timeout: 15_000,
      },
    );
    // Tab forward until the source link has focus, then open it.
    for (let i = 0; i < 30; i++) {
      const focused = await page.evaluate(() => document.activeElement?.closest(".sources") !== null);
      if (focused) break;
      await page.keyboard.press("Tab");
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("方向 3");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog").waitFor({ state: "visible" });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("card-title");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "hidden" });
  }, 40_000);

  it("browses the ten directions by part, in traditional characters when chosen, on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await page.getByRole("button", { name: "十个研究方向" }).click();
    expect(await page.locator("#parts h3").count()).toBe(3);
    expect(await page.locator(".direction-button").count()).toBe(10);
    await page.getByLabel("语言").selectOption("hant");
    await page.getByLabel("語言").waitFor();
    await page.waitForFunction(() => (document.querySelector("#parts")?.textContent ?? "").includes("專利"));
    expect(await page.locator("#parts h3").first().textContent()).toContain("第1部分");
    await page.locator(".direction-button").nth(6).click();
    expect(await page.getByRole("dialog").locator("h2").textContent()).toContain(
      "方向 7：國內重點產業專利池",
    );
    await page.keyboard.press("Escape");
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "web-directions-phone.png"), fullPage: true });
  }, 30_000);
});
