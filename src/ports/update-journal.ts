import type { Update } from "grammy/types";

/**
 * Updates taken by long polling and not yet handled. Telegram forgets an update as soon as the next
 * getUpdates asks past it, and the runner asks for the next batch while this one is still being
 * answered; so an update is written here before it is confirmed and removed once handled. Whatever a
 * stop (past its grace period) or a crash leaves here is handled by the next start.
 *
 * Holding the getUpdates offset back instead would confirm only handled updates, but Telegram then
 * returns the unfinished ones at once on every poll: no long polling while any answer is in flight.
 */
export interface UpdateJournal {
  add(updates: readonly Update[]): Promise<void>;
  remove(updateId: number): Promise<void>;
  /** Updates an earlier run took and never finished, oldest first. */
  unfinished(): Promise<Update[]>;
}

/** A journal that lasts as long as the process: for tests, and what a stop without a store can offer. */
export class MemoryUpdateJournal implements UpdateJournal {
  private readonly updates = new Map<number, Update>();

  async add(updates: readonly Update[]): Promise<void> {
    for (const update of updates) this.updates.set(update.update_id, update);
  }

  async remove(updateId: number): Promise<void> {
    this.updates.delete(updateId);
  }

  async unfinished(): Promise<Update[]> {
    return [...this.updates.values()].sort((a, b) => a.update_id - b.update_id);
  }
}
