import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * `npm ci` refuses a lock file that lacks another platform's optional package, and an incremental
 * `npm install` on one machine drops them silently. Every optional dependency that a locked package
 * declares must itself be locked, or CI and the Dockerfile (`RUN npm ci`) cannot install.
 */
interface LockedPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8")) as {
  packages: Record<string, LockedPackage>;
};

describe("package-lock.json", () => {
  it("locks every platform's optional binaries (biome, jieba, esbuild), so npm ci installs anywhere", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${path}/node_modules/${name}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${name}`])
          missing.push(`${path} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("locks the packages whose binaries differ by platform", () => {
    for (const name of [
      "@biomejs/cli-darwin-arm64",
      "@node-rs/jieba-win32-x64-msvc",
      "@esbuild/darwin-arm64",
    ]) {
      expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
    }
  });
});
