/**
 * `npm run bench`: retrieval quality per category, query latency, index build and start-up times,
 * and the size of the prompts sent to a model. Every figure is measured on the machine it runs on.
 */
import { execFileSync } from "node:child_process";
import { pino } from "pino";
import { createAssistant } from "../src/answer/assistant.ts";
import { TableAnswerer } from "../src/answer/table-answer.ts";
import { estimateTokens } from "../src/answer/tokens.ts";
import type { Turn } from "../src/answer/types.ts";
import { loadConfig } from "../src/config.ts";
import { loadCorpus } from "../src/corpus/load.ts";
import { loadTexts } from "../src/i18n.ts";
import { Retriever } from "../src/search/retrieve.ts";
import { evaluate, formatScores, readQuestions, readSets } from "../test/eval/evaluate.ts";

const ms = (x: number) => `${x.toFixed(3)} ms`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);

let t = performance.now();
const [edition] = loadCorpus("corpus");
if (!edition) throw new Error("no corpus");
const loadMs = performance.now() - t;
t = performance.now();
const retriever = new Retriever(edition);
const firstBuildMs = performance.now() - t;
const builds: number[] = [];
for (let i = 0; i < 20; i++) {
  t = performance.now();
  new Retriever(edition);
  builds.push(performance.now() - t);
}

// Every labelled set of test/eval (a frozen blind set too, once it is there), plus any given on the
// command line (`npm run bench -- /path/to/set.jsonl`), which get their aggregate line only.
const answerer = new TableAnswerer(edition, loadTexts("locales"));
const extra = process.argv.slice(2).filter((a) => a.endsWith(".jsonl"));
for (const [file, questions] of [
  ...readSets("test/eval"),
  ...extra.map((f) => [f, readQuestions(f)] as const),
]) {
  const scores = evaluate(retriever, questions, answerer);
  console.log(`\n## Retrieval and table answers — ${file}`);
  console.log(formatScores(scores, !extra.includes(file)));
}
console.log(
  "\nhit@1/hit@3/MRR and in-scope-rejected are over in-scope questions; rejected is over off-topic ones;" +
    "\nnotice-line counts programme questions answered with the official-notice line; wrong-facts counts table" +
    "\nanswers whose stated counts or lists disagree with the documents index.",
);

const questions = [
  ...readQuestions("test/eval/questions.jsonl"),
  ...readQuestions("test/eval/holdout.jsonl"),
];
for (const q of questions) retriever.retrieve(q.q); // warm-up
const latencies: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const q of questions) {
    const start = performance.now();
    retriever.retrieve(q.q);
    latencies.push(performance.now() - start);
  }
}
console.log("\n## Speed (in-process)");
console.log(
  `query latency over ${latencies.length} queries: p50 ${ms(median(latencies))}, p99 ${ms(quantile(latencies, 0.99))}`,
);
console.log(
  `index build: first ${ms(firstBuildMs)} (cold), then median ${ms(median(builds))}; corpus load ${ms(loadMs)}`,
);

const node = (args: string[]) => {
  const start = performance.now();
  execFileSync("node", args, {
    env: { ...process.env, OPENAI_API_KEY: "" },
    stdio: ["ignore", "ignore", "ignore"],
  });
  return performance.now() - start;
};
const bare = Array.from({ length: 5 }, () => node(["-e", ""]));
const tsxOnly = Array.from({ length: 5 }, () => node(["--import", "tsx", "-e", ""]));
node(["scripts/run.mjs", "ask", "--json", "无人机"]); // builds the bundle if a source changed
const askRuns = Array.from({ length: 5 }, () => node(["scripts/run.mjs", "ask", "--json", "无人机"]));
console.log(
  `start-up, median of 5: node alone ${median(bare).toFixed(0)} ms; node + tsx ${median(tsxOnly).toFixed(0)} ms; ` +
    `ask --json one question (node scripts/run.mjs ask, what npm run ask runs) ${median(askRuns).toFixed(0)} ms`,
);
const hundred = Array.from({ length: 100 }, (_, i) => questions[i % questions.length]?.q).join("\n");
const startBatch = performance.now();
execFileSync("node", ["scripts/run.mjs", "ask", "--json"], {
  input: hundred,
  env: { ...process.env, OPENAI_API_KEY: "" },
  stdio: ["pipe", "ignore", "ignore"],
});
console.log(`ask --json with 100 questions on stdin: ${(performance.now() - startBatch).toFixed(0)} ms`);

// Prompt size: what a model would be sent, with the loopback-free estimate of src/answer/tokens.ts.
const assistant = createAssistant(loadConfig({ OPENAI_API_KEY: "" }), pino({ level: "silent" }));
const inScope = readQuestions("test/eval/questions.jsonl").filter((q) => q.expect.length > 0);
const fresh: number[] = [];
const withHistory: number[] = [];
for (let i = 0; i < inScope.length; i++) {
  const q = inScope[i]?.q ?? "";
  const history: Turn[] = [];
  for (let j = Math.max(0, i - 3); j < i; j++) {
    const earlier = inScope[j]?.q ?? "";
    const answer = await assistant.ask(earlier).answer;
    history.push({ question: earlier, answer: answer.text, directions: answer.citations });
  }
  for (const [list, turns] of [
    [fresh, [] as Turn[]],
    [withHistory, history],
  ] as const) {
    const retrieval = assistant.retrieve(q, turns);
    if (retrieval.matches.length === 0) continue;
    const messages = assistant.messages(retrieval, assistant.contextDirections(retrieval), turns, "zh");
    list.push(messages.reduce((n, m) => n + estimateTokens(m.content), 0));
  }
}
const wholeTable = estimateTokens(
  edition.table.directions.map((d) => `${d.id} ${d.title} ${d.suggestion} ${d.policyBasis}`).join("\n"),
);
console.log("\n## Prompt size (estimated tokens, in-scope questions of the evaluation set)");
console.log(
  `median ${median(fresh)} for a fresh question, ${median(withHistory)} with three earlier turns; ` +
    `the whole table alone would be ${wholeTable} (plus the system prompt and history)`,
);

await import("./drafts.ts");

console.log(
  "\nThe bot process under load (simulated users, loopback Bot API and model): npm run bench:bot -- --help",
);

// The model path at real speed (about 80 s: a 2,500-character answer at 50 chars/s, a 20 s think).
await import("./model-path.ts");
