import { mkdirSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { UpdateJournal } from "../bot/journal.ts";

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
    await rm(this.file(updateId), { force: true });
  }

  async unfinished(): Promise<Update[]> {
    const updates: Update[] = [];
    for (const name of await readdir(this.dir)) {
      try {
        updates.push(JSON.parse(await readFile(join(this.dir, name), "utf8")) as Update);
      } catch {
        this.logger?.warn(
          { file: name },
          "skipped an unreadable journal entry; Telegram sends that update again",
        );
        await rm(join(this.dir, name), { force: true });
      }
    }
    return updates.sort((a, b) => a.update_id - b.update_id);
  }

  private file(updateId: number): string {
    return join(this.dir, `${updateId}.json`);
  }
}
