import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("the bundle build behind npm start and npm run ask", () => {
  it("leaves no esbuild service running beside the program once the bundle is written", async () => {
    // The child builds a bundle the way scripts/run.mjs does, then lists its own child processes still running.
    const script = `
      import { readdirSync, readFileSync } from "node:fs";
      const { bundleAll } = await import("./scripts/build.mjs");
      await bundleAll(["ask"]);
      // "(name) S": a zombie (Z) has exited and holds no memory. A service told to stop may take a
      // moment to exit on a busy machine; one left running is still there seconds later.
      const runningChildren = () => readdirSync("/proc/self/task")
        .flatMap((t) => readFileSync("/proc/self/task/" + t + "/children", "utf8").split(" ").filter(Boolean))
        .map((pid) => { try { return readFileSync("/proc/" + pid + "/stat", "utf8").split(" ").slice(1, 3); } catch { return ["gone", "Z"]; } })
        .filter(([, state]) => state !== "Z").map(([name]) => name);
      let running = runningChildren();
      for (let i = 0; i < 30 && running.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        running = runningChildren();
      }
      process.stdout.write(JSON.stringify(running));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: new URL("../..", import.meta.url),
    });
    expect(JSON.parse(stdout)).toEqual([]);
  }, 60_000);
});
