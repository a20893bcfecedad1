import { mkdirSync } from "node:fs";
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StorageAdapter } from "grammy";
import type { Logger } from "pino";

const SUFFIX = ".json";

/** A file's content: the value, and when it was written (read with it in one go, for the retention limit). */
interface Stored<T> {
  savedAt: number;
  value: T;
}

/**
 * A grammY storage adapter over one JSON file per key, in a single folder, with a retention limit.
 *
 * Written here rather than taken from @grammyjs/storage-file, which writes each file in place (a process
 * stopped mid-write leaves a truncated file, and every later update of that chat fails on it) and has
 * no way to list or expire what it stored. Here a write goes to a temporary file that is then renamed
 * over the old one, so a reader sees the old value or the new one, never half of either; and a value
 * untouched for `ttlMs` reads as absent and is deleted by `sweep`.
 */
export class FileStorage<T> implements StorageAdapter<T> {
  private writes = 0;

  constructor(
    readonly dir: string,
    private readonly options: { ttlMs?: number; logger?: Logger } = {},
  ) {
    mkdirSync(dir, { recursive: true });
  }

  async read(key: string): Promise<T | undefined> {
    const file = this.file(key);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let stored: Stored<T>;
    try {
      stored = JSON.parse(text) as Stored<T>;
      if (typeof stored !== "object" || stored === null || !("value" in stored)) throw new Error("no value");
    } catch {
      // Only a hand edit or another program can leave this; starting the conversation afresh beats failing it.
      this.options.logger?.warn({ file }, "unreadable stored value; starting afresh");
      return undefined;
    }
    if (this.expired(stored.savedAt)) {
      await this.delete(key);
      return undefined;
    }
    return stored.value;
  }

  async write(key: string, value: T): Promise<void> {
    const file = this.file(key);
    const temporary = `${file}.${process.pid}.${++this.writes}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify({ savedAt: Date.now(), value } satisfies Stored<T>));
      await rename(temporary, file);
    } catch (error) {
      // A full disk leaves a 0-byte temporary file; it must not stay behind for every failed write.
      await rm(temporary, { force: true }).catch(() => {});
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async has(key: string): Promise<boolean> {
    return (await this.read(key)) !== undefined;
  }

  async *readAllKeys(): AsyncIterable<string> {
    for (const name of await readdir(this.dir)) {
      if (name.endsWith(SUFFIX)) yield decodeURIComponent(name.slice(0, -SUFFIX.length));
    }
  }

  /** Deletes every value (and any temporary file left by a stopped write) older than the retention limit. */
  async sweep(): Promise<number> {
    if (this.options.ttlMs === undefined) return 0;
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      const file = join(this.dir, name);
      const stats = await stat(file).catch(() => undefined);
      if (!stats?.isFile() || !this.expired(stats.mtimeMs)) continue;
      await rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  private expired(savedAt: number): boolean {
    return this.options.ttlMs !== undefined && Date.now() - savedAt > this.options.ttlMs;
  }

  /** Keys are chat ids, `chat:user` pairs or update ids; encoding keeps any other key a plain file name. */
  private file(key: string): string {
    return join(this.dir, `${encodeURIComponent(key)}${SUFFIX}`);
  }
}
