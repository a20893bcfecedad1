/**
 * `npm run bench:bot`: the real bot under load. Starts the loopback Bot API server with Telegram's
 * limits and the loopback OpenAI server streaming at a person-readable pace, runs `src/main.ts` as its
 * own process (long polling, as `npm start` does), and drives simulated users, each in their own
 * private chat, asking questions in turn. Prints what they got and what it cost; see `--help`.
 *
 * Everything listens on 127.0.0.1 and everything stops by itself: a hard timeout ends the run,
 * stops the bot and prints what was measured so far.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { setMaxListeners } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { readQuestions } from "../test/eval/evaluate.ts";
import {
  type ApiCall,
  startBotApiServer,
  type TgMessage,
  type TgUpdate,
} from "../test/support/bot-api-server.ts";
import { startOpenAIServer } from "../test/support/openai-server.ts";
import { isStatusDraft } from "../test/support/status-draft.ts";
import { modelAnswer, prng } from "./model-answers.ts";

// ------------------------------------------------------------------------------------------ options

const USAGE = `usage: npm run bench:bot -- [options]
  --users N             simulated users, each in their own private chat (default 200)
  --questions N         questions each user asks in turn (default 5)
  --timeout S           hard limit on the whole run in seconds; it stops by itself (default 300)
  --question-timeout S  a user waiting longer than this for an answer counts it lost and stops (default 60)
  --ramp S              users start spread evenly over the first S seconds (default 5)
  --tsx                 run src/main.ts under tsx instead of the bundle npm start runs (to compare memory)
  --burst N             then N more users all send their first question at the same instant (default: --users; 0: none)
  --think MS            pause between an answer arriving and the user's next question (default 0)
  --cps N               model streaming pace, characters per second (default 120)
  --chunk N             characters per streamed model chunk (default 2, about one token)
  --min-chars N         shortest model answer in characters (default 300)
  --max-chars N         longest model answer in characters (default 600)
  --seed N              seed for question order and answer lengths (default 1)
  --node-arg ARG        a flag for the bot's node process, repeatable (e.g. --node-arg=--max-old-space-size=128,
                        --node-arg=--cpu-prof to see where its time goes)`;

let args: Record<string, string | string[] | boolean | undefined>;
try {
  args = parseArgs({
    options: {
      users: { type: "string" },
      questions: { type: "string" },
      timeout: { type: "string" },
      "question-timeout": { type: "string" },
      ramp: { type: "string" },
      burst: { type: "string" },
      tsx: { type: "boolean" },
      think: { type: "string" },
      cps: { type: "string" },
      chunk: { type: "string" },
      "min-chars": { type: "string" },
      "max-chars": { type: "string" },
      "node-arg": { type: "string", multiple: true },
      seed: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  process.stderr.write(`bench:bot: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
function numberOption(name: string, fallback: number, min: number): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    process.stderr.write(`bench:bot: --${name} must be a number ≥ ${min}, got ${String(raw)}\n${USAGE}\n`);
    process.exit(2);
  }
  return value;
}
const USERS = Math.floor(numberOption("users", 200, 1));
const QUESTIONS = Math.floor(numberOption("questions", 5, 1));
const TIMEOUT_MS = numberOption("timeout", 300, 10) * 1000;
const QUESTION_TIMEOUT_MS = numberOption("question-timeout", 60, 1) * 1000;
const RAMP_MS = numberOption("ramp", 5, 0) * 1000;
const BURST_USERS = Math.floor(numberOption("burst", USERS, 0));
const THINK_MS = numberOption("think", 0, 0);
const CPS = numberOption("cps", 120, 1);
const CHUNK = Math.floor(numberOption("chunk", 2, 1));
const MIN_CHARS = Math.floor(numberOption("min-chars", 300, 1));
const MAX_CHARS = Math.max(MIN_CHARS, Math.floor(numberOption("max-chars", 600, 1)));
const SEED = Math.floor(numberOption("seed", 1, 0));

/** Telegram's documented pace for bots: about one message a second per chat, 30 a second overall. */
const PER_CHAT_PER_SECOND = 1;
const GLOBAL_PER_SECOND = 30;
/** Generous limits so the bot's own per-user guards do not shape the load. */
const RATE_LIMIT_PER_MINUTE = 100_000;
/** After the last answer, how long to keep watching for a late duplicate. */
const SETTLE_MS = 3_000;
/** The bot drains in SHUTDOWN_GRACE_MS; after this much more it is killed. */
const SHUTDOWN_GRACE_MS = 10_000;
const EXIT_WAIT_MS = SHUTDOWN_GRACE_MS + 10_000;
const TARGET = { users: 200, questions: 5, firstVisibleP99Ms: 1_000, peakRssMb: 160 };

const repo = fileURLToPath(new URL("..", import.meta.url));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A wait that does not by itself keep the process alive (the other side of a race does). */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

// ------------------------------------------------------------------------------------------ helpers

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const fmtMs = (x: number) =>
  Number.isNaN(x) ? "-" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
const spread = (xs: number[]) =>
  xs.length === 0
    ? "(none)"
    : `p50 ${fmtMs(quantile(xs, 0.5))}, p99 ${fmtMs(quantile(xs, 0.99))}, max ${fmtMs(Math.max(...xs))} (n=${xs.length})`;
const verdict = (ok: boolean) => (ok ? "MET" : "MISSED");

/** kB figures of /proc/<pid>/status (Linux); undefined once the process is gone. */
function procStatus(pid: number): { rssKb: number; hwmKb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process has used so far (Linux). */
function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** Direct child processes (e.g. a helper the loader starts), whose memory is not in the bot's RSS. */
function procChildren(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

const chatOf = (call: ApiCall) => Number(call.params.chat_id);
const okResult = (call: ApiCall) => (call.response.ok ? call.response.result : undefined);
/**
 * A final answer: a sendMessage Telegram accepted that carries the inline keyboard. The bot puts the
 * keyboard under the last message of every answer to a typed question, and under nothing else
 * (earlier parts of a split answer, the apology after a failure, rate-limit notices have none).
 */
const isFinal = (call: ApiCall) =>
  call.method === "sendMessage" &&
  Boolean((okResult(call) as TgMessage | undefined)?.reply_markup?.inline_keyboard?.length);
/** The bot's apology after a failed update (its "error" text in either language): no answer follows. */
const apologies = new Set(
  ["zh", "en"].map(
    (lang) =>
      (JSON.parse(readFileSync(join(repo, `locales/bot.${lang}.json`), "utf8")) as Record<string, string>)
        .error,
  ),
);
const isApology = (call: ApiCall) =>
  call.method === "sendMessage" && apologies.has((okResult(call) as TgMessage | undefined)?.text ?? "");
const isVisibleText = (call: ApiCall) =>
  call.response.ok && (call.method === "sendMessage" || call.method === "sendMessageDraft");
/** When the user could see the call's effect: the response was written. */
const doneAt = (call: ApiCall) => call.at + call.durationMs;

// ------------------------------------------------------------------------------------------ the run

interface Ask {
  text: string;
  at: number;
  messageId: number;
  /** How many of the chat's calls had been answered when the question was sent: later ones are its. */
  callIndex: number;
}

interface User {
  id: number;
  /** "ramp" (users starting over --ramp seconds) or "burst" (all at the same instant). */
  phase: "ramp" | "burst";
  questions: string[];
  asks: Ask[];
  /** Every call of the bot for this chat, in the order the server answered them. */
  calls: ApiCall[];
  waiting?: (outcome: "answered" | "apologized" | "timeout") => void;
  gaveUp: boolean;
}

const inScope = readQuestions(join(repo, "test/eval/questions.jsonl")).filter((q) => q.expect.length > 0);
const random = prng(SEED);
const drawQuestions = (): string[] => {
  const pool = inScope.map((q) => q.q);
  const picked: string[] = [];
  for (let i = 0; i < QUESTIONS; i++) {
    if (pool.length === 0) pool.push(...inScope.map((q) => q.q));
    picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0] ?? "");
  }
  return picked;
};

const runStarted = Date.now();
const stopDriving = new AbortController();
setMaxListeners(USERS + 10, stopDriving.signal); // every waiting user listens for the end of the run
let hardTimeout = false;
const hardTimer = setTimeout(() => {
  hardTimeout = true;
  stopDriving.abort();
}, TIMEOUT_MS);
// The last resort: whatever hangs, the process ends (the bot with it) shortly after the hard timeout.
let bot: ChildProcess | undefined;
setTimeout(
  () => {
    process.stderr.write(
      "bench:bot: still running long after the hard timeout; killing the bot and exiting\n",
    );
    bot?.kill("SIGKILL");
    process.exit(3);
  },
  TIMEOUT_MS + EXIT_WAIT_MS + 15_000,
).unref();

const tg = await startBotApiServer({
  host: "127.0.0.1",
  perChatPerSecond: PER_CHAT_PER_SECOND,
  globalPerSecond: GLOBAL_PER_SECOND,
  strictHtml: false,
});
const answerRandom = prng(SEED * 7919 + 17);
const answerLengths: number[] = [];
const ai = await startOpenAIServer({
  scenario: {
    kind: "reply",
    text: (body) => {
      const text = modelAnswer(body, answerRandom, { minChars: MIN_CHARS, maxChars: MAX_CHARS });
      answerLengths.push(Array.from(text).length);
      return text;
    },
    chunkSize: CHUNK,
    charsPerSecond: CPS,
  },
});
for (const url of [tg.url, ai.url]) {
  if (!new URL(url).hostname.startsWith("127.")) throw new Error(`not a loopback address: ${url}`);
}

// The bot runs in a scratch directory: no .env of the checkout is read and anything it writes
// (session files) is removed afterwards. Paths it reads are given absolute.
const scratch = mkdtempSync(join(tmpdir(), "bench-bot-"));
const env: Record<string, string> = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: scratch,
  TSX_TSCONFIG_PATH: join(repo, "tsconfig.json"),
  TELEGRAM_BOT_TOKEN: tg.token,
  TELEGRAM_API_ROOT: tg.url,
  OPENAI_API_KEY: ai.apiKey,
  OPENAI_BASE_URL: ai.url,
  OPENAI_MODEL: "gpt-test",
  LOG_LEVEL: "warn",
  RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
  DAILY_TOKEN_BUDGET: "0",
  SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
  CORPUS_DIR: join(repo, "corpus"),
  PROMPTS_DIR: join(repo, "prompts"),
  LOCALES_DIR: join(repo, "locales"),
  ALLOWED_USER_IDS: "",
  ALLOWED_CHAT_IDS: "",
  ADMIN_IDS: "",
  REDIS_URL: "",
  BOT_MODE: "polling",
};
const runner = join(repo, "scripts/run.mjs");
/**
 * The node flags and environment (`env NAME=value node …`) that `npm start` gives the bot
 * (package.json), so the bench runs what production runs.
 */
const START_SCRIPT: string =
  JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).scripts?.start ?? "";
const START_FLAGS =
  /\bnode\s+(.*?)\s*scripts\/run\.mjs main/.exec(START_SCRIPT)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
const START_ENV = Object.fromEntries(
  (/\benv\s+((?:\w+=\S*\s+)+)node\b/.exec(START_SCRIPT)?.[1]?.trim().split(/\s+/) ?? []).map((pair) => [
    pair.slice(0, pair.indexOf("=")),
    pair.slice(pair.indexOf("=") + 1),
  ]),
);
const NODE_ARGS = [...START_FLAGS, ...(Array.isArray(args["node-arg"]) ? args["node-arg"] : [])];
const botStarted = Date.now();
const USE_TSX = args.tsx === true;
bot = spawn(
  process.execPath,
  USE_TSX
    ? [
        ...NODE_ARGS,
        "--import",
        pathToFileURL(join(repo, "node_modules/tsx/dist/loader.mjs")).href,
        join(repo, "src/main.ts"),
      ]
    : [...NODE_ARGS, runner, "main"],
  {
    cwd: scratch,
    env: { ...START_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
const botPid = bot.pid ?? 0;
let botExit: { code: number | null; signal: NodeJS.Signals | null; at: number } | undefined;
const exited = new Promise<void>((resolve) =>
  bot?.once("exit", (code, signal) => {
    botExit = { code, signal, at: Date.now() };
    stopDriving.abort();
    resolve();
  }),
);

/** The bot's log lines (pino, on standard error) at warn and above, counted by message and cause. */
const logCounts = new Map<string, number>();
let stderrTail = "";
const levels: Record<number, string> = { 40: "warn", 50: "error", 60: "fatal" };
const countLine = (line: string) => {
  if (!line.trim()) return;
  let key = line.slice(0, 100);
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; error?: Record<string, unknown> };
    const cause = entry.error
      ? ` (${[entry.error.method, entry.error.code, entry.error.description ?? entry.error.message].filter(Boolean).join(" ")})`
      : "";
    key = `${levels[entry.level ?? 0] ?? entry.level}: ${entry.msg}${cause}`;
  } catch {}
  logCounts.set(key, (logCounts.get(key) ?? 0) + 1);
};
for (const stream of [bot.stdout, bot.stderr]) {
  let rest = "";
  stream?.on("data", (data: Buffer) => {
    const text = data.toString("utf8");
    if (stream === bot?.stderr) stderrTail = (stderrTail + text).slice(-2000);
    const lines = (rest + text).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) countLine(line);
  });
}

// Memory: the kernel's high-water mark of the bot's RSS, and our own samples of it and of any children.
let peakRssKb = 0;
let hwmKb = 0;
let childPeakKb = 0;
const sampleMemory = () => {
  const status = procStatus(botPid);
  // A process that has exited but is not yet reaped (a zombie) has a status without memory lines.
  if (!status || !Number.isFinite(status.rssKb) || !Number.isFinite(status.hwmKb)) return;
  peakRssKb = Math.max(peakRssKb, status.rssKb);
  hwmKb = Math.max(hwmKb, status.hwmKb);
  let children = 0;
  for (const child of procChildren(botPid)) children += procStatus(child)?.rssKb ?? 0;
  childPeakKb = Math.max(childPeakKb, children);
};
const memoryTimer = setInterval(sampleMemory, 200);

// Watch the server's call log: route each call to its chat, note update deliveries, wake waiting users.
const users = new Map<number, User>();
const delivered = new Map<string, number>();
let scanned = 0;
const scan = () => {
  const calls = tg.calls;
  for (; scanned < calls.length; scanned++) {
    const call = calls[scanned];
    if (!call) continue;
    if (call.method === "getUpdates") {
      const result = okResult(call);
      if (Array.isArray(result)) {
        for (const update of result as TgUpdate[]) {
          const m = update.message;
          if (m) delivered.set(`${m.chat.id}:${m.message_id}`, doneAt(call));
        }
      }
      continue;
    }
    const user = users.get(chatOf(call));
    if (!user) continue;
    user.calls.push(call);
    if (user.waiting && isFinal(call)) user.waiting("answered");
    else if (user.waiting && isApology(call)) user.waiting("apologized");
  }
};
const scanTimer = setInterval(scan, 5);

/** Resolves at the question's first final answer, or the bot's apology, or on timeout or the run's end. */
function waitForAnswer(user: User, timeoutMs: number): Promise<"answered" | "apologized" | "timeout"> {
  return new Promise((resolve) => {
    const done = (outcome: "answered" | "apologized" | "timeout") => {
      clearTimeout(timer);
      stopDriving.signal.removeEventListener("abort", abort);
      user.waiting = undefined;
      resolve(outcome);
    };
    const abort = () => done("timeout");
    const timer = setTimeout(abort, timeoutMs);
    stopDriving.signal.addEventListener("abort", abort, { once: true });
    user.waiting = done;
    if (stopDriving.signal.aborted) abort();
  });
}

/**
 * The user sends a question. Calls the server answered before this moment are routed first, so every
 * call after `callIndex` in the chat was made after the question was sent (a late second answer to
 * the previous question included, which then counts against this one).
 */
const ask = (user: User, text: string) => {
  scan();
  const callIndex = user.calls.length;
  const at = Date.now();
  const message = tg.sendText({
    chatId: user.id,
    from: { id: user.id, first_name: `申报人${user.id % 10_000}`, language_code: "zh-hans" },
    text,
  });
  const entry = { text, at, messageId: message.message_id, callIndex };
  user.asks.push(entry);
  return entry;
};

async function drive(user: User, startDelay: number): Promise<void> {
  await sleep(startDelay);
  for (const text of user.questions) {
    if (stopDriving.signal.aborted) return;
    ask(user, text);
    // After an apology nothing more comes for that question, so the user goes on; after a silence the
    // user stops, so that a very late answer cannot be taken for the answer to a later question.
    const outcome = await waitForAnswer(user, QUESTION_TIMEOUT_MS);
    if (outcome === "timeout") {
      user.gaveUp = !stopDriving.signal.aborted;
      return;
    }
    if (THINK_MS > 0) await sleep(THINK_MS);
  }
}

const newUser = (id: number, phase: User["phase"] = "ramp"): User => ({
  id,
  phase,
  questions: drawQuestions(),
  asks: [],
  calls: [],
  gaveUp: false,
});

console.log("## Load — the bot process under simulated users (loopback Bot API and model)");
console.log(
  `${USERS} users × ${QUESTIONS} questions, each user's next question as soon as the previous answer arrives` +
    `${THINK_MS ? ` plus ${THINK_MS} ms` : ""}; users start over ${RAMP_MS / 1000} s, then ${BURST_USERS} more users all at the same instant; hard timeout ${TIMEOUT_MS / 1000} s`,
);
console.log(
  `the bot runs ${USE_TSX ? "src/main.ts under tsx (--tsx)" : `the bundle, as npm start does (node ${NODE_ARGS.join(" ")} scripts/run.mjs main)`}`,
);
console.log(
  `model: ${CPS} characters/s in ${CHUNK}-character chunks, answers ${MIN_CHARS}–${MAX_CHARS} characters; ` +
    `Bot API limits: ${PER_CHAT_PER_SECOND}/s per chat, ${GLOBAL_PER_SECOND}/s overall (sendMessage, edits and other sends; drafts and chat actions not limited)`,
);
console.log(
  `machine: ${availableParallelism()} CPUs shared by the bot and this process (both servers, the users); ` +
    `load average ${loadavg()[0]?.toFixed(2)} at the start (other work on the machine skews the latencies)`,
);

// Start-up, then one warm-up question from a chat outside the figures.
let startupMs = Number.NaN;
let warmup: { firstVisibleMs: number; finalMs: number } | undefined;
let notStarted: string | undefined;
try {
  await Promise.race([
    tg.waitForPollers(1, { timeoutMs: 60_000 }),
    exited.then(() => {
      throw new Error("the bot exited during start-up");
    }),
  ]);
  startupMs = Date.now() - botStarted;
  const warm = newUser(999_000_001);
  users.set(warm.id, warm);
  const warmAsk = ask(warm, warm.questions[0] ?? "无人机专利预警报哪个方向？");
  if ((await waitForAnswer(warm, 60_000)) === "answered") {
    const first = warm.calls.find(isVisibleText);
    const final = warm.calls.find(isFinal);
    warmup = {
      firstVisibleMs: first ? doneAt(first) - warmAsk.at : Number.NaN,
      finalMs: final ? doneAt(final) - warmAsk.at : Number.NaN,
    };
  }
  users.delete(warm.id);
} catch (error) {
  notStarted = (error as Error).message;
}

// The load.
const driveStarted = Date.now();
const callsBefore = tg.calls.length;
const tooManyBefore = tg.tooManyRequests;
const modelRequestsBefore = ai.requests.length;
const cpuBefore = procCpuSeconds(botPid);
const idleRssMb = (procStatus(botPid)?.rssKb ?? Number.NaN) / 1024;
const driven: User[] = [];
if (!notStarted && !stopDriving.signal.aborted) {
  for (let i = 0; i < USERS; i++) {
    const user = newUser(710_000_001 + i);
    users.set(user.id, user);
    driven.push(user);
  }
  await Promise.all(driven.map((user, i) => drive(user, USERS > 1 ? (RAMP_MS * i) / (USERS - 1) : 0)));
  // The burst: every user's first question queued at the Bot API in the same instant.
  if (BURST_USERS > 0 && !stopDriving.signal.aborted) {
    const burst: User[] = [];
    for (let i = 0; i < BURST_USERS; i++) {
      const user = newUser(720_000_001 + i, "burst");
      users.set(user.id, user);
      burst.push(user);
    }
    driven.push(...burst);
    await Promise.all(burst.map((user) => drive(user, 0)));
  }
}
const driveEnded = Date.now();
if (!botExit && !hardTimeout) await sleep(SETTLE_MS); // a late second answer still counts
scan();
sampleMemory();
const cpuAfter = procCpuSeconds(botPid);
const tooManyDuringLoad = tg.tooManyRequests - tooManyBefore;
const loadCalls = tg.calls.slice(callsBefore);

// Stop the bot the way a deployment does (SIGTERM), and give it its grace period.
let stopMs = Number.NaN;
if (!botExit) {
  const stopAt = Date.now();
  bot.kill("SIGTERM");
  await Promise.race([exited, pause(EXIT_WAIT_MS)]);
  if (botExit) stopMs = Date.now() - stopAt;
  else bot.kill("SIGKILL");
}
await Promise.race([exited, pause(2_000)]);
clearTimeout(hardTimer);
clearInterval(memoryTimer);
scan();
clearInterval(scanTimer);
await Promise.all([tg.close(), ai.close()]);
const sessionFiles = existsSync(scratch) ? readdirSync(scratch, { recursive: true }).length : 0;
rmSync(scratch, { recursive: true, force: true });

// ------------------------------------------------------------------------------------------ figures

interface Outcome {
  phase: User["phase"];
  /** The question was the user's first (in a burst: all sent at the same instant). */
  first: boolean;
  /** First sendMessage accepted (not a draft): what a client that shows no drafts displays first. */
  firstMessageMs?: number;
  finals: ApiCall[];
  apologized: boolean;
  firstVisibleMs?: number;
  finalMs?: number;
  pickupMs?: number;
  deliveryMs?: number;
  firstDraftMs?: number;
  firstWordsMs?: number;
}

const outcomes: Outcome[] = [];
type MethodCounts = Map<string, { ok: number; failed: Map<number, number> }>;
/** Calls for the questions that were answered, and for those that were not. */
const callsByMethod: MethodCounts = new Map();
const lostCallsByMethod: MethodCounts = new Map();
const plainMessages = new Map<string, number>();
for (const user of driven) {
  user.asks.forEach((a, k) => {
    const calls = user.calls.slice(a.callIndex, user.asks[k + 1]?.callIndex);
    const finals = calls.filter(isFinal);
    const first = calls.find(isVisibleText);
    const firstDraft = calls.find((c) => c.response.ok && c.method === "sendMessageDraft");
    const firstMessage = calls.find((c) => c.response.ok && c.method === "sendMessage");
    const firstWords = calls.find((c) => isVisibleText(c) && !isStatusDraft(c.params.text));
    const deliveredAt = delivered.get(`${user.id}:${a.messageId}`);
    outcomes.push({
      phase: user.phase,
      first: k === 0,
      ...(firstMessage ? { firstMessageMs: doneAt(firstMessage) - a.at } : {}),
      finals,
      apologized: calls.some(isApology),
      ...(first ? { firstVisibleMs: doneAt(first) - a.at } : {}),
      ...(finals[0] ? { finalMs: doneAt(finals[0]) - a.at } : {}),
      ...(calls[0] ? { pickupMs: calls[0].at - a.at } : {}),
      ...(deliveredAt !== undefined ? { deliveryMs: deliveredAt - a.at } : {}),
      ...(firstDraft ? { firstDraftMs: doneAt(firstDraft) - a.at } : {}),
      ...(firstWords ? { firstWordsMs: doneAt(firstWords) - a.at } : {}),
    });
    for (const call of calls) {
      const table = finals.length > 0 ? callsByMethod : lostCallsByMethod;
      const entry = table.get(call.method) ?? { ok: 0, failed: new Map<number, number>() };
      if (call.response.ok) entry.ok++;
      else entry.failed.set(call.status, (entry.failed.get(call.status) ?? 0) + 1);
      table.set(call.method, entry);
      if (call.method === "sendMessage" && call.response.ok && !isFinal(call)) {
        const text = ((okResult(call) as TgMessage).text ?? "").slice(0, 40);
        plainMessages.set(text, (plainMessages.get(text) ?? 0) + 1);
      }
    }
  });
}

const asked = outcomes.length;
const answered = outcomes.filter((o) => o.finals.length > 0).length;
const lost = outcomes.filter((o) => o.finals.length === 0).length;
const lostApologized = outcomes.filter((o) => o.finals.length === 0 && o.apologized).length;
const doubled = outcomes.filter((o) => o.finals.length > 1).length;
const expectedQuestions = (USERS + BURST_USERS) * QUESTIONS;
const notAsked = expectedQuestions - asked;
const gaveUp = driven.filter((u) => u.gaveUp).length;
const firstVisible = outcomes.flatMap((o) => (o.firstVisibleMs !== undefined ? [o.firstVisibleMs] : []));
const firstVisibleOf = (keep: (o: Outcome) => boolean) =>
  outcomes.flatMap((o) => (keep(o) && o.firstVisibleMs !== undefined ? [o.firstVisibleMs] : []));
const firstMessageOf = (keep: (o: Outcome) => boolean) =>
  outcomes.flatMap((o) => (keep(o) && o.firstMessageMs !== undefined ? [o.firstMessageMs] : []));
const toFinal = outcomes.flatMap((o) => (o.finalMs !== undefined ? [o.finalMs] : []));
const pickup = outcomes.flatMap((o) => (o.pickupMs !== undefined ? [o.pickupMs] : []));
const delivery = outcomes.flatMap((o) => (o.deliveryMs !== undefined ? [o.deliveryMs] : []));
const firstDraft = outcomes.flatMap((o) => (o.firstDraftMs !== undefined ? [o.firstDraftMs] : []));
const noDraft = outcomes.filter((o) => o.finals.length > 0 && o.firstDraftMs === undefined).length;

// 429s during the load, by method, and whether the chat's own window or the global one was full.
const limited = new Set(["sendmessage", "editmessagetext", "editmessagereplymarkup"]);
const acceptedLimited = loadCalls.filter((c) => c.response.ok && limited.has(c.method.toLowerCase()));
const refused = loadCalls.filter((c) => c.status === 429);
let perChat429 = 0;
for (const call of refused) {
  const chat = chatOf(call);
  const recent = acceptedLimited.filter(
    (c) => chatOf(c) === chat && c.at <= call.at && c.at > call.at - 1000,
  );
  if (recent.length >= PER_CHAT_PER_SECOND) perChat429++;
}
const refusedByMethod = new Map<string, number>();
for (const call of refused) refusedByMethod.set(call.method, (refusedByMethod.get(call.method) ?? 0) + 1);
// The busiest second of accepted sendMessage calls, against the global limit.
const sends = acceptedLimited.map((c) => c.at).sort((a, b) => a - b);
let busiest = 0;
for (let i = 0, j = 0; i < sends.length; i++) {
  while ((sends[j] ?? 0) <= (sends[i] ?? 0) - 1000) j++;
  busiest = Math.max(busiest, i - j + 1);
}
const answersDelayedBy429 = new Set(refused.filter((c) => c.method === "sendMessage").map(chatOf)).size;

const peakRssMb = Math.max(hwmKb, peakRssKb) / 1024;
const driveSeconds = (driveEnded - driveStarted) / 1000;
const fullSize = USERS >= TARGET.users && QUESTIONS >= TARGET.questions;
const p99First = quantile(firstVisible, 0.99);

console.log("");
if (notStarted) console.log(`THE BOT DID NOT START: ${notStarted}\n${stderrTail}`);
if (hardTimeout)
  console.log(
    `HARD TIMEOUT after ${TIMEOUT_MS / 1000} s: the run was cut short; figures cover what happened`,
  );
if (botExit && botExit.at < driveEnded + SETTLE_MS) {
  console.log(
    `THE BOT EXITED DURING THE RUN (code ${botExit.code}, signal ${botExit.signal})\n${stderrTail}`,
  );
}
console.log(
  `bot start-up ${fmtMs(startupMs)} (to its first long poll); warm-up question (not counted): ` +
    (warmup ? `first text ${fmtMs(warmup.firstVisibleMs)}, answer ${fmtMs(warmup.finalMs)}` : "no answer"),
);
console.log(
  `load phase ${driveSeconds.toFixed(1)} s, ${(answered / Math.max(driveSeconds, 0.001)).toFixed(1)} answers/s`,
);
console.log("");
console.log(
  `questions asked     ${String(asked).padStart(5)}   of ${expectedQuestions}${notAsked ? ` (${notAsked} not asked: ${gaveUp} users stopped after ${QUESTION_TIMEOUT_MS / 1000} s without an answer${hardTimeout ? ", or the hard timeout" : ""})` : ""}`,
);
console.log(
  `answered            ${String(answered).padStart(5)}   target ${TARGET.users} × ${TARGET.questions} = ${TARGET.users * TARGET.questions}, all answered: ${verdict(fullSize && answered === asked && notAsked === 0)}${fullSize ? "" : " (smaller run than the target)"}`,
);
console.log(
  `lost                ${String(lost).padStart(5)}   (no final answer)  target 0: ${verdict(lost === 0)}` +
    (lost > 0
      ? `; ${lostApologized} of them got the bot's apology instead, ${lost - lostApologized} nothing`
      : ""),
);
console.log(
  `answered twice      ${String(doubled).padStart(5)}   (>1 final answer)  target 0: ${verdict(doubled === 0)}`,
);
console.log(
  "  final answer = a sendMessage Telegram accepted that carries the answer's buttons; it belongs to the question",
);
console.log("  asked last in that chat before it (each user asks again only after it arrived)");
console.log("");
console.log(`first visible text  ${spread(firstVisible)}`);
console.log(
  `  target p99 ≤ ${fmtMs(TARGET.firstVisibleP99Ms)}: ${verdict(p99First <= TARGET.firstVisibleP99Ms)}`,
);
console.log(
  "  (question queued at the Bot API → first draft or message accepted by the Bot API; bursts included)",
);
console.log(`  ramp phase          ${spread(firstVisibleOf((o) => o.phase === "ramp"))}`);
if (BURST_USERS > 0) {
  console.log(`  burst phase         ${spread(firstVisibleOf((o) => o.phase === "burst"))}`);
  console.log(
    `  burst, the ${BURST_USERS} questions sent at the same instant ${spread(firstVisibleOf((o) => o.phase === "burst" && o.first))}`,
  );
}
console.log(
  `first words of the answer ${spread(outcomes.flatMap((o) => (o.firstWordsMs !== undefined ? [o.firstWordsMs] : [])))}`,
);
console.log("  (the first draft or message that is not a status line such as 正在查阅方向3…)");
console.log(`first message (no draft) ${spread(firstMessageOf(() => true))}`);
console.log("  (what a client that shows no drafts displays first: the first sendMessage accepted)");
console.log(`final answer        ${spread(toFinal)}`);
console.log(`  of which: update delivered to the bot ${spread(delivery)}`);
console.log(`            bot's first call for it     ${spread(pickup)}`);
console.log(
  `            first draft                 ${spread(firstDraft)}; answers with no draft: ${noDraft}`,
);
console.log("");
const methodLines = (table: MethodCounts, per: number) =>
  [...table]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([method, entry]) => {
      const failed = [...entry.failed].map(
        ([status, n]) => `${(n / Math.max(per, 1)).toFixed(2)} × ${status}`,
      );
      return `  ${method.padEnd(18)} ${(entry.ok / Math.max(per, 1)).toFixed(2).padStart(6)}${failed.length ? `   refused: ${failed.join(", ")}` : ""}`;
    });
console.log(
  `Telegram calls per answer (${answered} answered questions; accepted, then refused per answer by status):`,
);
for (const line of methodLines(callsByMethod, answered)) console.log(line);
if (lost > 0) {
  console.log(`  and per lost question (${lost}):`);
  for (const line of methodLines(lostCallsByMethod, lost)) console.log(`  ${line}`);
}
if (plainMessages.size > 0) {
  console.log("  messages without buttons (parts of split answers, apologies, notices):");
  for (const [text, n] of [...plainMessages].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
    console.log(`    ${String(n).padStart(5)} × ${JSON.stringify(text)}`);
  }
}
console.log("");
console.log(
  `429s from our pace  ${String(tooManyDuringLoad).padStart(5)}   target 0: ${verdict(tooManyDuringLoad === 0)}`,
);
if (refused.length > 0) {
  console.log(
    `  by method: ${[...refusedByMethod].map(([m, n]) => `${m} ${n}`).join(", ")}; ` +
      `per-chat window full ${perChat429}, global window full ${refused.length - perChat429}; ` +
      `${answersDelayedBy429} chats had a sendMessage refused`,
  );
}
console.log(
  `  busiest second (by arrival): ${busiest} accepted sendMessage/edit calls (limit ${GLOBAL_PER_SECOND}); ` +
    `${loadCalls.filter((c) => c.method === "sendMessage" && c.response.ok).length} accepted sendMessage in ${driveSeconds.toFixed(1)} s`,
);
console.log("");
console.log(
  `peak RSS of the bot ${peakRssMb.toFixed(1).padStart(5)} MB (VmHWM)  target ≤ ${TARGET.peakRssMb} MB: ${verdict(peakRssMb <= TARGET.peakRssMb)}` +
    `; ${idleRssMb.toFixed(1)} MB idle after start-up and the warm-up question` +
    (childPeakKb > 0 ? `; its child processes peaked at ${(childPeakKb / 1024).toFixed(1)} MB more` : ""),
);
console.log(
  `bot CPU during the load ${(cpuAfter - cpuBefore).toFixed(1)} s over ${driveSeconds.toFixed(1)} s; ` +
    `bench process (both loopback servers, users) ${(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6).toFixed(1)} s CPU`,
);
const requestsDuringLoad = ai.requests.length - modelRequestsBefore;
const meanLength = answerLengths.reduce((a, b) => a + b, 0) / Math.max(answerLengths.length, 1);
console.log(
  `model requests ${requestsDuringLoad} for ${asked} questions; answers averaged ${meanLength.toFixed(0)} characters`,
);
if (logCounts.size > 0) {
  console.log("bot log lines at warn and above:");
  for (const [key, n] of [...logCounts].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${String(n).padStart(5)} × ${key}`);
  }
}
console.log(
  `bot stop on SIGTERM: ${botExit ? `exit code ${botExit.code ?? botExit.signal} in ${fmtMs(stopMs)}` : "killed (did not exit)"}` +
    `; it wrote ${sessionFiles} files (sessions) in its scratch directory, removed; whole run ${((Date.now() - runStarted) / 1000).toFixed(1)} s`,
);
/** Targets are judged only on a run that completed. */
const ran = asked > 0 && !notStarted && !hardTimeout;
const targets = [
  ran && fullSize && answered === asked && notAsked === 0,
  lost === 0,
  doubled === 0,
  tooManyDuringLoad === 0,
  p99First <= TARGET.firstVisibleP99Ms,
  peakRssMb <= TARGET.peakRssMb,
];
console.log(
  `\ntargets met: ${ran ? targets.filter(Boolean).length : 0} of ${targets.length}${ran ? "" : " (the run did not complete)"}`,
);
process.exitCode = notStarted || hardTimeout ? 1 : 0;
