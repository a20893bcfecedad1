import { parseChineseNumber } from "./numerals.ts";
import { extractPolicyDocuments } from "./policy.ts";
import type { Direction, Part, Table } from "./types.ts";

/** A table that cannot be read; the message names the file and line so an editor can fix it. */
export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = "CorpusError";
  }
}

const HEADER = ["序号", "方向", "申报建议", "政策指引"];
const PART = /^第([一二三四五六七八九十\d]+)部分\s*[：:]\s*(.+)$/;

/**
 * Parses a table as the plan publishes it: tab-separated cells, a title line, header rows that repeat,
 * part headings on their own lines between rows, and blank lines. Anything else is an error that names
 * the line, so a broken table stops the assistant at start-up instead of answering from half a table.
 */
export function parseTable(text: string, file: string): Table {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let title: string | undefined;
  let part: Part | undefined;
  const parts: Part[] = [];
  const directions: Direction[] = [];
  let sawHeader = false;

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    const cells = raw.split("\t").map((c) => c.trim());
    while (cells.length > 1 && cells[cells.length - 1] === "") cells.pop();
    const first = cells[0] ?? "";

    if (first === HEADER[0]) {
      if (cells.length !== HEADER.length || cells.some((c, i) => c !== HEADER[i])) {
        throw new CorpusError(
          file,
          line,
          `header row must be "${HEADER.join("⇥")}", found "${cells.join("⇥")}"`,
        );
      }
      sawHeader = true;
      return;
    }

    const heading = cells.length === 1 ? PART.exec(first) : null;
    if (heading) {
      const number = parseChineseNumber(heading[1] ?? "");
      if (number === undefined) throw new CorpusError(file, line, `unreadable part number in "${first}"`);
      if (parts.some((p) => p.number === number))
        throw new CorpusError(file, line, `part ${number} appears twice`);
      part = { number, title: (heading[2] ?? "").trim() };
      parts.push(part);
      return;
    }

    if (/^\d+$/.test(first)) {
      if (!sawHeader) throw new CorpusError(file, line, "a direction row comes before the header row");
      if (!part)
        throw new CorpusError(file, line, `direction ${first} comes before any part heading (第…部分：…)`);
      if (cells.length !== 4) {
        throw new CorpusError(
          file,
          line,
          `direction ${first} has ${cells.length} cell(s); expected 4 tab-separated cells (${HEADER.join(", ")})`,
        );
      }
      const [idText, directionTitle, suggestion, policyBasis] = cells as [string, string, string, string];
      const empty = HEADER.find((_, i) => cells[i] === "");
      if (empty) throw new CorpusError(file, line, `direction ${idText} has an empty ${empty} cell`);
      const id = Number(idText);
      if (directions.some((d) => d.id === id))
        throw new CorpusError(file, line, `direction ${id} appears twice`);
      directions.push({
        id,
        part,
        title: directionTitle,
        suggestion,
        policyBasis,
        documents: extractPolicyDocuments(policyBasis),
        source: { file, line },
      });
      return;
    }

    if (title === undefined && !sawHeader && cells.length === 1) {
      title = first;
      return;
    }
    throw new CorpusError(file, line, `unrecognised line: "${raw.slice(0, 60)}"`);
  });

  if (title === undefined)
    throw new CorpusError(file, undefined, 'no title line (e.g. "2026 年…项目建议表")');
  const year = /(\d{4})\s*年/.exec(title)?.[1];
  if (!year) throw new CorpusError(file, 1, `the title "${title}" does not name the plan year`);
  if (directions.length === 0) throw new CorpusError(file, undefined, "no direction rows");
  return { file, title, year: Number(year), parts, directions };
}
