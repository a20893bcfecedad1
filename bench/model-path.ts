/**
 * The model path against the loopback OpenAI-compatible server: whole answers from slow providers at
 * real speed, a thinking model at real speed, the replay corpus (no invented fact reaches the user),
 * o-series/GPT-5 request quirks, and the prompt size of fresh and list questions. Run alone with
 * `npx tsx bench/model-path.ts`; `npm run bench` runs it at the end.
 */
import { pino } from "pino";
import { createAssistant } from "../src/answer/assistant.ts";
import { isListQuestion } from "../src/answer/model-context.ts";
import { estimateTokens } from "../src/answer/tokens.ts";
import type { AskOptions } from "../src/answer/types.ts";
import { loadConfig } from "../src/config.ts";
import { CASES, INVENTED, LONG_ANSWER } from "../test/answer/model-outputs.ts";
import { readQuestions } from "../test/eval/evaluate.ts";
import { startOpenAIServer } from "../test/support/openai-server.ts";

const TARGET = {
  /** Characters of the long answer, and the pace a slow provider streams it at. */
  longChars: 2_500,
  longCharsPerSecond: 50,
  freshPromptMedianTokens: 1_500,
  inventedShown: 0,
};
const verdict = (ok: boolean) => (ok ? "met" : "NOT MET");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const silent = pino({ level: "silent" });

const server = await startOpenAIServer({ strictModels: /^(?:o\d|gpt-5)/ });
const env = (extra: Record<string, string> = {}) =>
  loadConfig({
    OPENAI_API_KEY: server.apiKey,
    OPENAI_BASE_URL: server.url,
    OPENAI_MODEL: "gpt-test",
    DAILY_TOKEN_BUDGET: "0",
    OPENAI_MAX_TOKENS: "4000",
    ...extra,
  });

async function timed(question: string, config = env(), options: AskOptions = {}) {
  const assistant = createAssistant(config, silent);
  const started = performance.now();
  const stream = assistant.ask(question, options);
  let thinkingAt: number | undefined;
  stream.onStatus?.((s) => {
    if (s === "thinking") thinkingAt ??= performance.now() - started;
  });
  let firstTextAt: number | undefined;
  for await (const _ of stream) firstTextAt ??= performance.now() - started;
  const answer = await stream.answer;
  return { answer, ms: performance.now() - started, firstTextAt, thinkingAt };
}

try {
  console.log("\n## Model path (loopback OpenAI-compatible server, default limits)");

  // 1. A long answer from a slow provider, at real speed.
  let long = "";
  while (Array.from(long).length < TARGET.longChars) long += `${LONG_ANSWER}\n\n`;
  long = `${Array.from(long)
    .slice(0, TARGET.longChars - 12)
    .join("")
    .replace(/\s+$/, "")}\n\n全文到此结束。`;
  server.setScenario({ kind: "reply", text: long, chunkSize: 2, charsPerSecond: TARGET.longCharsPerSecond });
  const slow = await timed("我们做无人机专利预警，报哪个方向？");
  const whole =
    slow.answer.mode === "llm" && !slow.answer.ending && slow.answer.text.includes("全文到此结束。");
  console.log(
    `${Array.from(long).length}-character answer at ${TARGET.longCharsPerSecond} chars/s (real speed): ` +
      `${(slow.ms / 1000).toFixed(1)} s, first text after ${((slow.firstTextAt ?? 0) / 1000).toFixed(2)} s, ` +
      `delivered whole: ${verdict(whole)}`,
  );

  // 2. A thinking model at real speed: 20 s of reasoning_content, then ~30 tokens/s.
  server.setScenario({
    kind: "reply",
    reasoningMs: 20_000,
    tokensPerSecond: 30,
    chunkSize: 2,
    text: "你们的课题最适合[方向3]「低空经济关键技术专利预警及对策」。该方向写明要聚焦无人机等关键共性技术，分析全球专利竞争态势，提出专利布局优化、风险预警及产业创新路径建议。",
  });
  const thinking = await timed("我们做无人机专利预警，报哪个方向？");
  console.log(
    `thinking model (20 s reasoning, real speed): "thinking" shown after ${((thinking.thinkingAt ?? Number.NaN) / 1000).toFixed(2)} s, ` +
      `text after ${((thinking.firstTextAt ?? 0) / 1000).toFixed(1)} s, whole in ${(thinking.ms / 1000).toFixed(1)} s, ` +
      `answered by the model: ${verdict(thinking.answer.mode === "llm" && !thinking.answer.ending)}`,
  );

  // 3. The replay corpus, at a tenth of real time: nothing invented reaches the user.
  server.setTimeScale(0.1);
  let invented = 0;
  let removed = 0;
  let quirkModels = 0;
  let quirkAnswered = 0;
  for (const c of CASES) {
    const scenarios = Array.isArray(c.scenario) ? c.scenario : [c.scenario];
    server.setScenario(scenarios.map((s) => ({ kind: "reply" as const, ...s })));
    const { answer } = await timed(c.question, env(c.env ?? {}));
    invented += INVENTED.filter((x) => answer.text.includes(x)).length;
    removed += answer.removedClaims ?? 0;
    if (c.strict) {
      quirkModels++;
      if (answer.mode === "llm") quirkAnswered++;
    }
  }
  server.setTimeScale(1);
  console.log(
    `replay corpus (${CASES.length} outputs): invented dates/amounts/documents shown ${invented} ` +
      `(target ${TARGET.inventedShown}: ${verdict(invented === TARGET.inventedShown)}), claims removed ${removed}; ` +
      `o-series/GPT-5 answered ${quirkAnswered} of ${quirkModels}: ${verdict(quirkAnswered === quirkModels)}`,
  );

  // 4. Prompt size of fresh questions (in-scope questions of the evaluation set), list questions apart.
  const assistant = createAssistant(env(), silent);
  const fresh: number[] = [];
  const lists: number[] = [];
  for (const q of readQuestions("test/eval/questions.jsonl").filter((x) => x.expect.length > 0)) {
    const retrieval = assistant.retrieve(q.q);
    if (retrieval.matches.length === 0) continue;
    const messages = assistant.messages(retrieval, assistant.contextDirections(retrieval), [], "zh");
    const tokens = messages.reduce((n, m) => n + estimateTokens(m.content), 0);
    (isListQuestion(retrieval) ? lists : fresh).push(tokens);
  }
  console.log(
    `prompt tokens (estimated), fresh questions: median ${median(fresh)} over ${fresh.length} ` +
      `(target ≤ ${TARGET.freshPromptMedianTokens}: ${verdict(median(fresh) <= TARGET.freshPromptMedianTokens)}); ` +
      `list questions apart: median ${median(lists)}, max ${Math.max(...lists)} over ${lists.length}`,
  );
} finally {
  await server.close();
}
