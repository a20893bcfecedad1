/**
 * The real `npm start` process (`node scripts/run.mjs main`) for end-to-end tests: started with an
 * environment, read through its log lines (pino JSON on standard error), stopped with a signal.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface BotProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it wrote to standard error so far. */
  stderr(): string;
  /** Resolves with the first log line whose `msg` matches. */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills whatever a test left running (use in afterEach). */
export function killBotProcesses(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

export function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn("node", ["scripts/run.mjs", "main"], {
    env: { ...process.env, OPENAI_API_KEY: "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stderr?.on("data", (data) => {
    stderr += String(data);
    for (const listener of [...listeners]) listener();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      for (const listener of [...listeners]) listener();
      resolve(code);
    }),
  );
  const logged = (msg: string | RegExp) =>
    stderr
      .split("\n")
      .slice(0, -1) // the last piece may be a line still being written
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      })
      .find((line) => (typeof msg === "string" ? line.msg === msg : msg.test(String(line.msg))));
  return {
    child,
    exited,
    stderr: () => stderr,
    waitForLog: (msg, timeoutMs = 20_000) =>
      new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const line = logged(msg);
          if (line) {
            cleanup();
            resolve(line);
          } else if (child.exitCode !== null) {
            cleanup();
            reject(new Error(`bot exited (${child.exitCode}) before logging ${String(msg)}:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`bot did not log ${String(msg)} within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: (signal = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}

/** A port nothing listens on right now, for an instance that must keep its address across a restart. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
