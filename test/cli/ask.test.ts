import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Runs the real `ask` command (what `npm run ask` runs) as a script would, with no model configured. */
function ask(args: string[], input?: string) {
  const result = spawnSync("node", ["scripts/run.mjs", "ask", ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, OPENAI_API_KEY: "", TELEGRAM_BOT_TOKEN: "", LOG_LEVEL: "warn" },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run ask", () => {
  it("prints the answer a person reads, citing the direction", () => {
    const { status, stdout } = ask(["我们团队做eVTOL和无人机，报哪个方向？"]);
    expect(status).toBe(0);
    expect(stdout).toContain("低空经济关键技术专利预警及对策");
    expect(stdout).toContain("[方向3]");
  });

  it("--json prints exactly one JSON line with ranked directions", () => {
    const { status, stdout } = ask(["--json", "光伏产品出口遇到337调查"]);
    expect(status).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0] ?? "");
    expect(Object.keys(answer)).toEqual(
      expect.arrayContaining(["question", "directions", "answer", "mode", "citations"]),
    );
    expect(answer.directions[0]).toMatchObject({ id: 4, title: expect.stringContaining("新三样") });
    expect(answer.mode).toBe("extractive");
  });

  it("--json gives [] for a question outside the table", () => {
    const answer = JSON.parse(ask(["--json", "今天天气怎么样"]).stdout);
    expect(answer.directions).toEqual([]);
    expect(answer.answer).toContain("不在");
  });

  it("--json reads one question per line from standard input and answers in order", () => {
    const { status, stdout } = ask(["--json"], "方向9\n\n今天吃什么\ntrade secret leakage\n");
    expect(status).toBe(0);
    const answers = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.question)).toEqual(["方向9", "今天吃什么", "trade secret leakage"]);
    expect(answers.map((a) => a.directions[0]?.id ?? null)).toEqual([9, null, 6]);
  });

  it("rejects an empty question and an unknown flag with one line on standard error", () => {
    for (const args of [[""], ["--verbose", "x"], []]) {
      const { status, stdout, stderr } = ask(args);
      expect(status).not.toBe(0);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
