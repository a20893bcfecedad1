/**
 * `npx tsx test/eval/score.ts FILE.jsonl [--categories]`: the aggregate figures of one labelled set
 * (in-scope hit@1/hit@3/MRR, wrongly rejected, off-topic rejected, programme questions given the
 * official-notice line, wrong facts) — never its questions, so a blind set can be scored unseen.
 */

import { TableAnswerer } from "../../src/answer/table-answer.ts";
import { loadCorpus } from "../../src/corpus/load.ts";
import { loadTexts } from "../../src/i18n.ts";
import { Retriever } from "../../src/search/retrieve.ts";
import { evaluate, formatScores, readQuestions } from "./evaluate.ts";

const files = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (files.length === 0) {
  console.error("usage: npx tsx test/eval/score.ts FILE.jsonl [--categories]");
  process.exit(2);
}
const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const retriever = new Retriever(edition);
const answerer = new TableAnswerer(edition, loadTexts("locales"));
for (const file of files) {
  console.log(`\n## ${file}`);
  console.log(
    formatScores(evaluate(retriever, readQuestions(file), answerer), process.argv.includes("--categories")),
  );
}
