import { describe, expect, it } from "vitest";
import { TableAnswerer } from "../../src/answer/table-answer.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { loadTexts } from "../../src/i18n.ts";
import { Retriever } from "../../src/search/retrieve.ts";
import { evaluate, readQuestions, readSets } from "./evaluate.ts";

const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);
const answerer = new TableAnswerer(edition, loadTexts("locales"));

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

describe("table answers over every labelled set (test/eval/*.jsonl)", () => {
  const sets = readSets("test/eval");

  it("reads every set", () => {
    expect(sets.map(([file]) => file)).toEqual(
      expect.arrayContaining(["test/eval/dev.jsonl", "test/eval/holdout.jsonl", "test/eval/questions.jsonl"]),
    );
  });

  it.each(sets)(
    "%s: no table answer states a count or list the documents index disagrees with",
    (_file, questions) => {
      expect(evaluate(retriever, questions, answerer).get("overall")?.wrongFacts).toBe(0);
    },
  );

  // The frozen blind sets (blind*.jsonl) are measured (npm run bench), not held to this:
  // nobody may tune on them. Nor are tuning sets still open (*-open.jsonl): written apart and tuned on,
  // but not yet up to these floors; the bench reports them.
  const tuned = sets.filter(([file]) => !/\/blind\d*\.jsonl$/.test(file) && !/-open\.jsonl$/.test(file));

  // Every set the understanding was tuned on keeps what it reached (each scores at least 0.98 hit@1
  // today): a fix for one set's questions that breaks another's fails here.
  it.each(tuned)(
    "%s: hit@1 ≥ 0.96, hit@3 ≥ 0.98, off-topic rejected ≥ 0.95, wrongly rejected ≤ 1%%",
    (_file, questions) => {
      const overall = evaluate(retriever, questions).get("overall");
      expect(overall?.hit1).toBeGreaterThanOrEqual(0.96);
      expect(overall?.hit3).toBeGreaterThanOrEqual(0.98);
      if ((overall?.offTopic ?? 0) > 0) expect(overall?.rejection).toBeGreaterThanOrEqual(0.95);
      expect(overall?.wronglyRejected).toBeLessThanOrEqual(0.01);
    },
  );

  it.each(tuned)("%s: every programme question gets the official-notice line", (_file, questions) => {
    const overall = evaluate(retriever, questions, answerer).get("overall");
    expect(overall?.programmeAnswered).toBe(overall?.programme);
  });
});
