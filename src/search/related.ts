import type { Edition } from "../corpus/types.ts";

/** Rows of the same part share a kind of study (two patent-pool rows, two SEP rows): that counts much. */
const SAME_PART = 2;

/**
 * The directions closest in meaning to one, best first: those whose rows name the same topics (any
 * industry, technology or IP term of the companion found in both rows' title and suggestion, a term
 * few rows name weighing more than one many name), then the part they share. Numeric
 * closeness plays no part: 7's nearest is 8 (both patent pools), 9's is 10 (both SEP), 4's include 7
 * (光伏 and 锂电池).
 */
export function relatedDirections(edition: Edition, id: number, count = 3): number[] {
  const { directions } = edition.table;
  const text = new Map(
    directions.map((d) => [d.id, `${d.title}${d.suggestion}${d.policyBasis}`.toLowerCase()]),
  );
  const vocabulary = new Set(
    [
      ...edition.companion.industries,
      ...[...edition.companion.directions.values()].flatMap((a) => [...a.core, ...a.keywords]),
    ]
      .map((t) => t.toLowerCase())
      .filter((t) => t.length >= 2),
  );
  const rowsNaming = new Map<string, number[]>();
  for (const term of vocabulary) {
    const rows = directions.filter((d) => text.get(d.id)?.includes(term)).map((d) => d.id);
    if (rows.length >= 2) rowsNaming.set(term, rows);
  }
  // A word inside a longer one that the same rows name is that topic again (电池 in 锂电池): counted once.
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (const [term, rows] of rowsNaming)
    for (const [longer, others] of rowsNaming)
      if (longer !== term && longer.includes(term) && same(rows, others)) {
        rowsNaming.delete(term);
        break;
      }
  const part = directions.find((d) => d.id === id)?.part.number;
  return directions
    .filter((d) => d.id !== id)
    .map((d) => {
      let score = 0;
      for (const rows of rowsNaming.values())
        if (rows.includes(id) && rows.includes(d.id)) score += 1 / (rows.length - 1);
      return { id: d.id, score, same: d.part.number === part };
    })
    .filter((r) => r.score > 0)
    .map((r) => ({ ...r, score: r.score + (r.same ? SAME_PART : 0) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, count)
    .map((r) => r.id);
}
