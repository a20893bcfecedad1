import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/**
 * Scratch folders for one test file, removed after each test — made mutable again first, for tests
 * that lock one with `makeImmutable`. Call at the top level of the file.
 */
export function scratchFolders(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      try {
        execFileSync("chattr", ["-R", "-i", dir], { stdio: "ignore" });
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** Makes a folder refuse new files and deletions even for root (chattr +i); false where the file system cannot. */
export function makeImmutable(dir: string): boolean {
  try {
    execFileSync("chattr", ["+i", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
