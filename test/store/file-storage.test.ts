import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FileUpdateJournal } from "../../src/store/file-journal.ts";
import { FileStorage } from "../../src/store/file-storage.ts";

const DAY_MS = 24 * 3600 * 1000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storage<T>(ttlMs?: number): FileStorage<T> {
  const dir = mkdtempSync(join(tmpdir(), "file-storage-"));
  dirs.push(dir);
  return new FileStorage<T>(join(dir, "chats"), ttlMs === undefined ? {} : { ttlMs });
}

/** Writes a value as if `days` ago: its content and its file's time say so. */
async function writeDaysAgo<T>(files: FileStorage<T>, key: string, value: T, days: number): Promise<void> {
  const then = new Date(Date.now() - days * DAY_MS);
  vi.useFakeTimers({ toFake: ["Date"], now: then });
  try {
    await files.write(key, value);
  } finally {
    vi.useRealTimers();
  }
  utimesSync(join(files.dir, `${key}.json`), then, then);
}

describe("file storage", () => {
  it("keeps a value per key, lists the keys, and deletes", async () => {
    const files = storage<{ history: string[] }>();
    await files.write("1001", { history: ["a"] });
    await files.write("-100123:1001", { history: ["b"] });
    expect(await files.read("1001")).toEqual({ history: ["a"] });
    expect(await files.read("-100123:1001")).toEqual({ history: ["b"] });
    const keys: string[] = [];
    for await (const key of files.readAllKeys()) keys.push(key);
    expect(keys.sort()).toEqual(["-100123:1001", "1001"]);
    await files.delete("1001");
    expect(await files.read("1001")).toBeUndefined();
    await files.delete("never-written");
  });

  it("replaces a file whole: no temporary file is left and the previous value is never half-written", async () => {
    const files = storage<{ n: number; text: string }>();
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => files.write("1001", { n, text: "长".repeat(5000) })),
    );
    expect(readdirSync(files.dir)).toEqual(["1001.json"]);
    expect(JSON.parse(readFileSync(join(files.dir, "1001.json"), "utf8")).value.text).toHaveLength(5000);
  });

  it("starts afresh from a file it cannot read instead of failing every update of that chat", async () => {
    const files = storage<object>();
    writeFileSync(join(files.dir, "1001.json"), '{"history": [');
    expect(await files.read("1001")).toBeUndefined();
  });

  it("forgets a conversation idle for longer than the retention limit, and sweeps its file", async () => {
    const files = storage<object>(30 * DAY_MS);
    await writeDaysAgo(files, "old", { history: [] }, 31);
    await writeDaysAgo(files, "recent", { history: [] }, 29);
    expect(await files.read("old")).toBeUndefined();
    expect(await files.read("recent")).toEqual({ history: [] });

    await writeDaysAgo(files, "old", { history: [] }, 31);
    const leftover = join(files.dir, "left.json.123.1.tmp");
    writeFileSync(leftover, "{");
    utimesSync(leftover, new Date(Date.now() - 31 * DAY_MS), new Date(Date.now() - 31 * DAY_MS));
    expect(await files.sweep()).toBe(2);
    expect(readdirSync(files.dir)).toEqual(["recent.json"]);
  });
});

describe("update journal in files", () => {
  it("keeps updates until they are handled, and gives the rest back oldest first", async () => {
    const journal = new FileUpdateJournal(storage<Update>().dir);
    const update = (id: number) => ({ update_id: id, message: { text: `q${id}` } }) as unknown as Update;
    await journal.add([update(100000012), update(100000010), update(100000011)]);
    await journal.remove(100000011);
    expect((await journal.unfinished()).map((u) => u.update_id)).toEqual([100000010, 100000012]);
  });
});
