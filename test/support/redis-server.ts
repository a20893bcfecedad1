/**
 * A real redis-server for tests, on a free loopback port, with nothing written to disk.
 *
 * `startRedisServer()` returns undefined when no redis-server can be started (not installed), so a
 * test file can skip its Redis tests with a clear message; under CI (process.env.CI set) it throws
 * instead, since `.ci/run` installs Redis and a skipped test there would hide a failure.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Socket } from "node:net";
import { freePort } from "./bot-process.ts";

export interface RedisTestServer {
  /** e.g. "redis://127.0.0.1:41234" — use as REDIS_URL. */
  url: string;
  port: number;
  /** Deletes every key (between tests). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export const REDIS_SKIP_MESSAGE =
  "redis-server could not be started (install it: apt-get install redis-server); Redis tests skipped";

/** Starts redis-server, or returns undefined outside CI when it cannot be started. */
export async function startRedisServer(): Promise<RedisTestServer | undefined> {
  try {
    return await launch();
  } catch (error) {
    if (process.env.CI) throw new Error(`redis-server is required in CI: ${(error as Error).message}`);
    console.warn(`${REDIS_SKIP_MESSAGE}: ${(error as Error).message}`);
    return undefined;
  }
}

async function launch(): Promise<RedisTestServer> {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // A test file that fails before its afterAll must not leave a server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  let output = "";
  child.stdout?.on("data", (d) => {
    output = (output + String(d)).slice(-2000);
  });
  child.stderr?.on("data", (d) => {
    output = (output + String(d)).slice(-2000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start within 10 s:\n${output}`));
    }, 10_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
    const poll = () =>
      command(port, "PING").then(
        (reply) => {
          if (!reply.startsWith("+PONG")) return void setTimeout(poll, 50);
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve();
        },
        () => setTimeout(poll, 50),
      );
    poll();
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    flush: async () => {
      await command(port, "FLUSHALL");
    },
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** One inline command over a fresh connection; resolves with the raw reply. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.setTimeout(1_000, () => socket.destroy(new Error("timeout")));
    socket.once("error", reject);
    socket.connect(port, "127.0.0.1", () => socket.write(`${line}\r\n`));
    socket.once("data", (data) => {
      resolve(String(data));
      socket.end();
    });
  });
}
