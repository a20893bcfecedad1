import { mkdirSync } from "node:fs";
import { readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { UpdateJournal } from "../ports/update-journal.ts";

/**
 * The update journal as one small file per update (next to the session files). A file is written in
 * place, not renamed into place like a session: one cut short by a crash stands for an update the
 * next getUpdates never confirmed, which Telegram therefore sends again, so it is skipped here.
 */
export class FileUpdateJournal implements UpdateJournal {
  constructor(
    readonly dir: string,
    private readonly logger?: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  async add(updates: readonly Update[]): Promise<void> {
    await Promise.all(
      updates.map((update) => writeFile(this.file(update.update_id), JSON.stringify(update))),
    );
  }

  async remove(updateId: number): Promise<void> {
    const file = this.file(updateId);
    try {
      await unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      // A folder that refuses deletions may still let the file be emptied: an empty entry reads as done,
      // so the update is not answered again at every restart.
      await writeFile(file, "").catch(() => {
        throw error;
      });
    }
  }

  async unfinished(): Promise<Update[]> {
    const updates: Update[] = [];
    for (const name of await readdir(this.dir)) {
      // Only this journal's own entries: a `lost+found` or a stray file is none of its business.
      const match = ENTRY.exec(name);
      if (!match) continue;
      const path = join(this.dir, name);
      const stats = await stat(path).catch(() => undefined);
      if (!stats?.isFile() || stats.size === 0) continue;
      const update = await readFile(path, "utf8")
        .then((text) => JSON.parse(text) as unknown)
        .catch(() => undefined);
      if (isUpdate(update) && update.update_id === Number(match[1])) {
        updates.push(update);
        continue;
      }
      this.logger?.warn(
        { file: name },
        "skipped an unreadable journal entry; Telegram sends that update again",
      );
      await unlink(path).catch(() => writeFile(path, "").catch(() => {}));
    }
    return updates.sort((a, b) => a.update_id - b.update_id);
  }

  private file(updateId: number): string {
    return join(this.dir, `${updateId}.json`);
  }
}

/** A journal entry's file name: the update id. */
const ENTRY = /^(\d{1,16})\.json$/;

function isUpdate(value: unknown): value is Update {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Number.isSafeInteger((value as { update_id?: unknown }).update_id)
  );
}
