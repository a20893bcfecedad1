import type { Turn } from "./types.ts";

/**
 * Turns a conversation keeps, in every adapter (bot session, terminal, web API). The assistant bounds
 * what a model sees by tokens (HISTORY_TOKENS) on top of this.
 */
export const MAX_TURNS = 6;
/** Characters of an answer kept in the history: enough for a follow-up, small enough for any storage. */
const MAX_STORED_ANSWER = 600;

/** The history with one more turn, bounded in turns and in each answer's length. */
export function remember(history: readonly Turn[], turn: Turn): Turn[] {
  const answer =
    turn.answer.length > MAX_STORED_ANSWER ? `${turn.answer.slice(0, MAX_STORED_ANSWER)}…` : turn.answer;
  return recent([...history, { ...turn, answer }]);
}

/** The latest turns of a history that came from elsewhere (a client's messages). */
export function recent(history: readonly Turn[]): Turn[] {
  return history.slice(-MAX_TURNS);
}
