import { appendFile, mkdir, open, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import {
  type AnswerRecord,
  FEEDBACK_DAYS,
  type FeedbackEntry,
  type FeedbackStore,
  newestFirst,
  type Vote,
  withVote,
} from "../ports/feedback.ts";
import { utcDay } from "../ports/token-budget.ts";

const DAY_MS = 24 * 3600 * 1000;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

type Line = ({ t: "a" } & AnswerRecord) | { t: "v"; id: string; vote: Vote };

/**
 * Feedback on disk for one instance: one JSON line per answer or vote, one file per UTC day
 * (`2026-12-01.jsonl`), appended and never rewritten; days past FEEDBACK_DAYS are deleted. A broken
 * line (a crash mid-write) is skipped, never fatal.
 */
export class FileFeedback implements FeedbackStore {
  private swept = "";
  /** The day file this process has appended to, so it ends in a newline. */
  private checked = "";

  constructor(
    private readonly dir: string,
    private readonly logger?: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async answered(record: AnswerRecord): Promise<void> {
    await this.append({ t: "a", ...record });
  }

  async vote(id: string, vote: Vote): Promise<void> {
    await this.append({ t: "v", id, vote });
  }

  async since(since: Date): Promise<FeedbackEntry[]> {
    const first = utcDay(since);
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const answers = new Map<string, AnswerRecord>();
    const votes = new Map<string, Vote>();
    const from = since.toISOString();
    for (const file of files.sort()) {
      const day = DAY_FILE.exec(file)?.[1];
      if (!day || day < first) continue;
      const text = await readFile(join(this.dir, file), "utf8").catch(() => "");
      for (const raw of text.split("\n")) {
        if (!raw) continue;
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          this.logger?.warn({ file }, "skipped a broken feedback line");
          continue;
        }
        if (line.t === "v") votes.set(line.id, line.vote);
        else if (line.t === "a" && line.at >= from) {
          const { t: _, ...record } = line;
          answers.set(record.id, record);
        }
      }
    }
    return [...answers.values()].map((a) => withVote(a, votes.get(a.id))).sort(newestFirst);
  }

  private async append(line: Line): Promise<void> {
    const now = this.clock();
    const day = utcDay(now);
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${day}.jsonl`);
    // A line a crash left unfinished must not swallow the next one: start on a fresh line.
    const fresh = this.checked === file || (await endsWithNewline(file)) ? "" : "\n";
    this.checked = file;
    // One appendFile of one line: lines of concurrent answers never interleave.
    await appendFile(file, `${fresh}${JSON.stringify(line)}\n`, "utf8");
    if (this.swept !== day) {
      this.swept = day;
      await this.sweep(now).catch((error: Error) =>
        this.logger?.warn({ reason: error.message }, "could not delete old feedback"),
      );
    }
  }

  /** Deletes the days past FEEDBACK_DAYS. */
  private async sweep(now: Date): Promise<void> {
    const oldest = utcDay(new Date(now.getTime() - FEEDBACK_DAYS * DAY_MS));
    for (const file of await readdir(this.dir)) {
      const day = DAY_FILE.exec(file)?.[1];
      if (day && day < oldest) await unlink(join(this.dir, file));
    }
  }
}

/** True for a missing or empty file, or one whose last byte is a newline. */
async function endsWithNewline(file: string): Promise<boolean> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return true;
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
