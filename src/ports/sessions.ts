import type { Language, Turn } from "../answer/types.ts";

/** What the bot remembers of a conversation; kept by a `Sessions` store (files or Redis). */
export interface SessionData {
  /** Earlier questions and answers, oldest first, at most `MAX_TURNS`. */
  history: Turn[];
  /** The user's own last question (not a command's), the topic /tips tailors its checklist to. */
  topic?: string;
  /** The language the user last wrote a question in; it wins over their Telegram language. */
  language?: Language;
}

export function newSession(): SessionData {
  return { history: [] };
}

/**
 * Where conversations are kept, by session key. The same shape as grammY's `StorageAdapter`, so the
 * bot's session middleware takes any implementation directly.
 */
export interface Sessions {
  read(key: string): Promise<SessionData | undefined>;
  write(key: string, value: SessionData): Promise<void>;
  delete(key: string): Promise<void>;
}
