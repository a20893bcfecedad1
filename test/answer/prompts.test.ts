import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadPrompts, render } from "../../src/answer/prompts.ts";

const PROMPTS = fileURLToPath(new URL("../../prompts", import.meta.url));

describe("loadPrompts", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "prompts-"));
    cpSync(PROMPTS, dir, { recursive: true });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads the shipped prompts with every placeholder", () => {
    const prompts = loadPrompts(PROMPTS);
    expect(prompts.system).toContain("{edition}");
    expect(prompts.answer).toContain("{question}");
    expect(prompts.tips).toContain("{checklist}");
  });

  it("stops start-up naming the file when answer.md lacks {question}", () => {
    const file = join(dir, "answer.md");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("{question}", "(the question)"));
    expect(() => loadPrompts(dir)).toThrow(file);
    expect(() => loadPrompts(dir)).toThrow("{question}");
  });

  it("stops start-up naming the file when a prompt file is missing", () => {
    const file = join(dir, "tips.md");
    unlinkSync(file);
    expect(() => loadPrompts(dir)).toThrow(file);
  });
});

describe("render", () => {
  it("fills placeholders once, so braces in user text are never expanded", () => {
    const out = render("<q>{question}</q> <c>{catalogue}</c>", {
      question: "{catalogue}",
      catalogue: "1 AI",
    });
    expect(out).toBe("<q>{catalogue}</q> <c>1 AI</c>");
  });
});
