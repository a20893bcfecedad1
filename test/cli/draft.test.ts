import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createAssistant } from "../../src/answer/assistant.ts";
import { chat } from "../../src/cli/chat.ts";
import { loadConfig } from "../../src/config.ts";
import { DraftReviewer } from "../../src/draft/reviewer.ts";
import { LOW_ALTITUDE_DRAFT, SEP_DRAFT } from "../draft/samples.ts";
import { docx, PNG, pdf } from "../support/draft-files.ts";

const dir = mkdtempSync(join(tmpdir(), "drafts-"));
const file = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

function ask(args: string[]) {
  const result = spawnSync("node", ["scripts/run.mjs", "ask", ...args], {
    encoding: "utf8",
    env: { ...process.env, OPENAI_API_KEY: "", TELEGRAM_BOT_TOKEN: "", LOG_LEVEL: "warn" },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("ask --file", () => {
  it("--json --file prints the review's structure for a .docx", () => {
    const { status, stdout } = ask([
      "--json",
      "--file",
      file("d.docx", docx(LOW_ALTITUDE_DRAFT.split("\n"))),
    ]);
    expect(status).toBe(0);
    const review = JSON.parse(stdout);
    expect(review.direction).toMatchObject({ id: 3 });
    expect(review.format).toBe("docx");
    expect(review.runnerUp.id).not.toBe(3);
    expect(review.coverage.find((c: { kind: string }) => c.kind === "output")).toMatchObject({
      status: "missing",
    });
    expect(review.policy).toEqual([expect.objectContaining({ cited: true })]);
    expect(review.mode).toBe("table");
  });

  it("prints the Markdown report for a PDF", () => {
    const { status, stdout } = ask(["--file", file("s.pdf", pdf([SEP_DRAFT.split("\n")]))]);
    expect(status).toBe(0);
    expect(stdout).toContain("最适合：[方向9]");
    expect(stdout).toContain("❌ 未引用《国家“十五五”规划纲要》");
  });

  it("an image or a missing file is a clear message and exit code 1", () => {
    const image = ask(["--file", file("p.png", PNG)]);
    expect(image.status).toBe(1);
    expect(image.stderr).toContain("不做文字识别");
    expect(image.stderr).not.toMatch(/at .*\.(?:ts|mjs)/);
    const missing = ask(["--json", "--file", join(dir, "nope.docx")]);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).message).toContain("找不到文件");
  });
});

describe("the terminal chat with --file", () => {
  it("reviews the file with progress, then answers '那第二点怎么改？' from the review", async () => {
    const path = file("chat.docx", docx(LOW_ALTITUDE_DRAFT.split("\n")));
    const config = loadConfig({ OPENAI_API_KEY: "" });
    const assistant = createAssistant(config, pino({ level: "silent" }));
    const drafts = new DraftReviewer(assistant, {
      draftsToModel: true,
      localesDir: config.LOCALES_DIR,
      promptsDir: config.PROMPTS_DIR,
    });
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = "";
    output.on("data", (d) => {
      screen += String(d);
    });
    const done = chat(assistant, { input, output, tty: false }, drafts);
    input.write(`--file ${path}\n`);
    input.write("那第二点怎么改？\n");
    input.end();
    await done;
    expect(screen).toContain("正在读取");
    expect(screen).toContain("最适合：[方向3]");
    expect(screen).toContain("第2条建议怎么改");
  });
});
