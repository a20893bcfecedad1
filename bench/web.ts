/**
 * `npx tsx bench/web.ts`: the web server on this machine: page build at start-up and asset sizes,
 * then OpenAI-compatible API latency (table answers, no model, so it measures the server and the
 * assistant, not a provider), sequential and 8 at a time, streamed and not.
 */
import { pino } from "pino";
import { createAssistant } from "../src/answer/assistant.ts";
import { loadConfig } from "../src/config.ts";
import { MemoryFeedback } from "../src/ports/feedback.ts";
import { buildPage } from "../src/web/page.ts";
import { startWeb } from "../src/web/start.ts";

const KEY = "sk-bench-key-000000000";
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * xs.length)] ?? Number.NaN;

let t = performance.now();
const page = await buildPage();
console.log(`page build (esbuild, in memory): ${(performance.now() - t).toFixed(0)} ms`);
for (const [path, file] of page.files)
  console.log(`  ${path.padEnd(20)} ${(file.body.length / 1024).toFixed(1)} KiB`);

const config = loadConfig({
  HOST: "127.0.0.1",
  WEB_PORT: "0",
  API_KEYS: KEY,
  API_RATE_LIMIT_PER_MINUTE: "100000",
  LOG_LEVEL: "silent",
  OPENAI_API_KEY: "",
});
const logger = pino({ level: "silent" });
const web = await startWeb(createAssistant(config, logger), config, logger, {
  feedback: new MemoryFeedback(),
});
const url = `http://127.0.0.1:${web.port}/v1/chat/completions`;
const questions = [
  "我们做无人机专利预警，报哪个方向？",
  "专利池怎么申报",
  "方向9和方向10有什么区别",
  "Which direction fits SEP licensing?",
  "光伏出海遇到337调查",
];

async function one(i: number, stream: boolean): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "shenbao-2026",
      stream,
      messages: [{ role: "user", content: questions[i % questions.length] }],
    }),
  });
  await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return performance.now() - started;
}

for (const stream of [false, true]) {
  for (let i = 0; i < 20; i++) await one(i, stream); // warm-up
  const seq: number[] = [];
  for (let i = 0; i < 200; i++) seq.push(await one(i, stream));
  t = performance.now();
  const par: number[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 50; i++) par.push(await one(w * 50 + i, stream));
    }),
  );
  const wall = (performance.now() - t) / 1000;
  console.log(
    `${stream ? "stream " : "json   "} sequential 200: p50 ${quantile(seq, 0.5).toFixed(1)} ms, p95 ${quantile(seq, 0.95).toFixed(1)} ms | ` +
      `8 concurrent × 50: p50 ${quantile(par, 0.5).toFixed(1)} ms, p95 ${quantile(par, 0.95).toFixed(1)} ms, ${(400 / wall).toFixed(0)} answers/s`,
  );
}
console.log(`rss after: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
await web.stop(100);
