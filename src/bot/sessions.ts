import type { StorageAdapter } from "grammy";
import type { Logger } from "pino";
import type { Turn } from "../answer/types.ts";
import { describeError } from "../logger.ts";
import type { SessionData } from "../ports/sessions.ts";

/**
 * A stored conversation as the bot can use it: whatever a store returns (a hand-edited file, `null`,
 * fields of the wrong types, an older format) becomes a valid session, keeping what is valid in it.
 * Nothing a store holds can make a chat fail, `/reset` included.
 */
export function saneSession(value: unknown): SessionData | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const history = Array.isArray(raw.history) ? raw.history.filter(isTurn) : [];
  return {
    history,
    ...(typeof raw.topic === "string" ? { topic: raw.topic } : {}),
    ...(raw.language === "zh" || raw.language === "en" ? { language: raw.language } : {}),
  };
}

function isTurn(turn: unknown): turn is Turn {
  if (typeof turn !== "object" || turn === null) return false;
  const t = turn as Record<string, unknown>;
  return (
    typeof t.question === "string" &&
    typeof t.answer === "string" &&
    Array.isArray(t.directions) &&
    t.directions.every((d) => typeof d === "number")
  );
}

/**
 * The session storage the bot uses: reads made sane, and a write or delete that fails (a full or
 * read-only SESSION_DIR, Redis away) logged rather than thrown. The answer has already been sent by
 * then; an apology after it would tell the user something went wrong with an answer they have.
 */
export function forgivingStorage(
  storage: StorageAdapter<SessionData>,
  logger: Logger,
): StorageAdapter<SessionData> {
  return {
    read: async (key) => saneSession(await storage.read(key)),
    write: (key, value) =>
      Promise.resolve()
        .then(() => storage.write(key, value))
        .catch((error: unknown) => {
          logger.warn(
            { error: describeError(error) },
            "could not save a conversation; it continues without the last turn",
          );
        }),
    delete: (key) =>
      Promise.resolve()
        .then(() => storage.delete(key))
        .catch((error: unknown) => {
          logger.warn({ error: describeError(error) }, "could not delete a conversation");
        }),
  };
}
