import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.ts";
import { Retriever } from "../../src/search/retrieve.ts";
import { evaluate, readQuestions } from "./evaluate.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);

// Floors a little under what the sets score today, so a change that makes retrieval worse fails here.
// `npm run bench` prints the exact figures.
describe("retrieval quality on the labelled questions", () => {
  const questions = readQuestions("test/eval/questions.jsonl");

  it("has the coverage the evaluation needs", () => {
    expect(questions.length).toBeGreaterThanOrEqual(120);
    expect(questions.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(20);
  });

  it("finds the right direction first for at least 95%, in the top 3 for 99%", () => {
    const overall = evaluate(retriever, questions).get("overall");
    expect(overall?.hit1).toBeGreaterThanOrEqual(0.95);
    expect(overall?.hit3).toBeGreaterThanOrEqual(0.99);
    expect(overall?.rejection).toBeGreaterThanOrEqual(0.95);
    expect(overall?.wronglyRejected).toBeLessThanOrEqual(0.02);
  });

  it("holds up on the development set, written apart from the code", () => {
    const overall = evaluate(retriever, readQuestions("test/eval/dev.jsonl")).get("overall");
    expect(overall?.hit1).toBeGreaterThanOrEqual(0.95);
    expect(overall?.hit3).toBeGreaterThanOrEqual(0.99);
  });

  it("holds up on the held-out set nobody tuned on", () => {
    const overall = evaluate(retriever, readQuestions("test/eval/holdout.jsonl")).get("overall");
    expect(overall?.hit1).toBeGreaterThanOrEqual(0.95);
    expect(overall?.hit3).toBeGreaterThanOrEqual(0.98);
    expect(overall?.rejection).toBeGreaterThanOrEqual(0.95);
    expect(overall?.wronglyRejected).toBeLessThanOrEqual(0.02);
  });
});
