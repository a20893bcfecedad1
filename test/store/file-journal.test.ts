import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { FileUpdateJournal } from "../../src/store/file-journal.ts";
import { makeImmutable, scratchFolders } from "../support/scratch.ts";

const scratch = scratchFolders("journal-");

const update = (id: number) => ({ update_id: id, message: { text: `m${id}` } }) as unknown as Update;

describe("the file update journal", () => {
  it("a sub-folder (lost+found) and odd entries do not stop the start", async () => {
    const dir = scratch();
    const journal = new FileUpdateJournal(dir);
    await journal.add([update(7)]);
    mkdirSync(join(dir, "lost+found"));
    mkdirSync(join(dir, "9.json"));
    writeFileSync(join(dir, "8.json"), "null");
    writeFileSync(join(dir, "10.json"), '{"update_id":"x"}');
    writeFileSync(join(dir, "11.json"), "[1,2]");
    writeFileSync(join(dir, "notes.txt"), "hello");
    const unfinished = await new FileUpdateJournal(dir).unfinished();
    expect(unfinished.map((u) => u.update_id)).toEqual([7]);
  });

  it("an entry that cannot be deleted is not handled again at the next start", async (context) => {
    const dir = scratch();
    const journal = new FileUpdateJournal(dir);
    await journal.add([update(1), update(2)]);
    if (!makeImmutable(dir)) context.skip("chattr +i is not available here");
    await journal.remove(1);
    const unfinished = await new FileUpdateJournal(dir).unfinished();
    expect(unfinished.map((u) => u.update_id)).toEqual([2]);
  });
});
