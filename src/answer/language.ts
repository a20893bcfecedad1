import { toSimplified, toTraditional } from "../search/chinese-script.ts";
import type { Language, Turn } from "./types.ts";

/** English words that make ASCII text a sentence rather than a keyword someone typed ("SEP", "eVTOL"). */
const ENGLISH_SENTENCE =
  /\b(?:what|which|how|why|when|where|who|is|are|do|does|can|should|would|the|a|an|of|for|to|in|on|about|with|my|our|we|i|me|you|please|tell|show|give|need|want|help|and|or|vs|versus|between|direction|directions|patent|patents|proposal)\b/i;

/**
 * The language to answer a question in. Chinese text is Chinese; so is a question of ASCII keywords only
 * (SEP, AI, eVTOL) from someone whose chat is Chinese — only an English sentence switches to English.
 * When the question does not tell, the adapter's preference (Telegram's language_code, the chat's last
 * language) decides, then the conversation's history.
 */
export function answerLanguage(
  question: string,
  preferred: Language | undefined,
  history: Turn[] = [],
): Language {
  if (/\p{Script=Han}/u.test(question)) return "zh";
  const words = question.match(/[a-z][a-z0-9.+-]*/gi) ?? [];
  if (words.length === 0) return preferred ?? historyLanguage(history) ?? "zh";
  const keywordsOnly = words.length <= 3 && !ENGLISH_SENTENCE.test(question);
  if (keywordsOnly) return preferred ?? historyLanguage(history) ?? "zh";
  return "en";
}

function historyLanguage(history: Turn[]): Language | undefined {
  const last = [...history].reverse().find((t) => /\p{Script=Han}|[a-z]/iu.test(t.question));
  if (!last) return undefined;
  return /\p{Script=Han}/u.test(last.question) ? "zh" : "en";
}

/** Whether the question is written in traditional characters (converting it to simplified changes it). */
export function writesTraditional(question: string): boolean {
  const han = question.match(/\p{Script=Han}/gu);
  if (!han || han.length === 0) return false;
  const text = han.join("");
  return toSimplified(text) !== text;
}

/** The answer as shown to someone who writes traditional characters: same wording, traditional script. */
export function traditional(text: string): string {
  return toTraditional(text);
}
