/**
 * A provider-neutral token estimate: one token per CJK character, one per four other characters.
 * Close enough to OpenAI's and Qwen's tokenizers for budgets and prompt-size reports.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/gu)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}
