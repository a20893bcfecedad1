/** Terminal rendering of the answer markup: **bold** becomes bold on a terminal, plain text elsewhere. */
export function forTerminal(text: string, tty: boolean): string {
  return text.replace(/\*\*(.+?)\*\*/gs, (_, inner: string) => (tty ? `\x1b[1m${inner}\x1b[22m` : inner));
}
