const bold = (inner: string, tty: boolean) => (tty ? `\x1b[1m${inner}\x1b[22m` : inner);

/**
 * Terminal rendering of the answer markup and what models write: **bold** and "#" headings become bold
 * on a terminal (plain text elsewhere); code fences, backticks, *italic* markers and "> " go; a link
 * shows its address. Works on whole lines, so the chat can render as lines arrive.
 */
export function forTerminal(text: string, tty: boolean): string {
  return text
    .replace(/^[ \t]*(?:`{3,}|~{3,})[\w+-]*[ \t]*(?:\n|$)/gm, "")
    .replace(/^#{1,6}[ \t]+(.+)$/gm, (_, heading: string) => bold(heading.replace(/\*\*/g, ""), tty))
    .replace(/^[ \t]*>[ \t]?/gm, "")
    .replace(/\*\*(.+?)\*\*/gs, (_, inner: string) => bold(inner, tty))
    .replace(/`([^`\n]+)`/g, "$1")
    .replace(/(?<![*\w])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![*\w])/g, "$1")
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, "$1 ($2)");
}
