/** What claiming an update id found: it is ours now, someone is handling it, or it was handled. */
export type Claim = "claimed" | "busy" | "handled";

/**
 * Update ids claimed and handled. Telegram delivers a webhook update again when it did not see our
 * answer to the request (a proxy that dropped the response, a reply past its timeout), possibly to
 * another instance, possibly while the first copy is still being answered. An id is claimed atomically
 * before handling (a set in memory; `SET NX` in Redis, shared by instances), so only one copy is
 * answered; a claim expires by itself if its holder dies, so the update is not lost for good.
 */
export interface HandledUpdates {
  /** Claims the id for this handler, atomically; says who has it otherwise. */
  claim(updateId: number): Promise<Claim>;
  /** Marks a claimed id handled (answered, or failed with the apology sent). */
  done(updateId: number): Promise<void>;
  /** Drops a claim that is not `done`: the journal's replay after a crash takes over its own updates. */
  release(updateId: number): Promise<void>;
}

/** Thrown (to the webhook, which answers 503 so Telegram tries later) when another handler has the update. */
export class UpdateInProgress extends Error {
  override name = "UpdateInProgress";
  constructor(readonly updateId: number) {
    super(`update ${updateId} is being handled elsewhere`);
  }
}

/** How many ids one process remembers: far more than Telegram ever delivers again. */
const REMEMBERED = 10_000;

/** Claimed and handled ids in memory, the latest `REMEMBERED` of them (one instance). */
export class MemoryHandledUpdates implements HandledUpdates {
  private readonly ids = new Map<number, "busy" | "done">();

  async claim(updateId: number): Promise<Claim> {
    const state = this.ids.get(updateId);
    if (state) return state === "done" ? "handled" : "busy";
    this.ids.set(updateId, "busy");
    if (this.ids.size > REMEMBERED) {
      for (const [id, s] of this.ids) {
        if (s !== "done") continue;
        this.ids.delete(id);
        break;
      }
    }
    return "claimed";
  }

  async done(updateId: number): Promise<void> {
    this.ids.set(updateId, "done");
  }

  async release(updateId: number): Promise<void> {
    if (this.ids.get(updateId) === "busy") this.ids.delete(updateId);
  }
}
