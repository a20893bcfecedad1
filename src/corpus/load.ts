import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as z from "zod";
import { CorpusError, parseTable } from "./parse.ts";
import { documentKey } from "./policy.ts";
import type { Companion, DirectionAliases, Edition, PolicyDocument, Table } from "./types.ts";

const CompanionSchema = z.object({
  synonyms: z.record(z.string().min(1), z.string().min(1)).default({}),
  industries: z.array(z.string().min(1)).default([]),
  parts: z.record(z.string().regex(/^\d+$/), z.object({ titleEn: z.string().min(1) })).default({}),
  directions: z.record(
    z.string().regex(/^\d+$/),
    z.object({
      titleEn: z.string().min(1),
      short: z.object({ zh: z.string().min(1).max(16), en: z.string().min(1).max(20) }).optional(),
      focus: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
      core: z.array(z.string().min(1)).min(1),
      keywords: z.array(z.string().min(1)).default([]),
      context: z.array(z.string().min(1)).default([]),
      kind: z.array(z.string().min(1)).default([]),
    }),
  ),
  paraphrases: z
    .record(z.string().min(1), z.record(z.string().min(1), z.array(z.string().min(1))))
    .default({}),
  documents: z
    .record(
      z.string().min(1),
      z.object({ titleEn: z.string().min(1), aliases: z.array(z.string()).default([]) }),
    )
    .default({}),
});

/** The companion file that goes with a table: same name, `.keywords.json` instead of `.txt`. */
export function companionPath(tableFile: string): string {
  return tableFile.replace(/\.txt$/, ".keywords.json");
}

/** Reads a companion file; a table without one still works, with no aliases and plain English titles. */
export function parseCompanion(text: string | undefined, file: string, table: Table): Companion {
  const companion: Companion = {
    directions: new Map(),
    synonyms: new Map(),
    industries: new Set(),
    partsEn: new Map(),
    documents: new Map(),
    paraphrases: new Map(),
  };
  if (text === undefined) return companion;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CorpusError(file, undefined, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = CompanionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorpusError(file, undefined, `${issue?.path.join(".") || "file"}: ${issue?.message}`);
  }
  for (const [id, aliases] of Object.entries(parsed.data.directions)) {
    if (!table.directions.some((d) => d.id === Number(id))) {
      throw new CorpusError(file, undefined, `direction ${id} is not in ${basename(table.file)}`);
    }
    companion.directions.set(Number(id), aliases satisfies DirectionAliases);
  }
  for (const term of parsed.data.industries) companion.industries.add(term.toLowerCase());
  for (const [variant, canonical] of Object.entries(parsed.data.synonyms))
    companion.synonyms.set(variant, canonical);
  for (const [n, part] of Object.entries(parsed.data.parts)) companion.partsEn.set(Number(n), part.titleEn);
  // Paraphrases go with the table's own wording: an item no row says, or a term its item lacks, is stale.
  const flat = (t: string) => t.replace(/\s/g, "");
  const suggestions = table.directions.map((d) => flat(d.suggestion));
  for (const [item, terms] of Object.entries(parsed.data.paraphrases)) {
    if (!suggestions.some((s) => s.includes(flat(item))))
      throw new CorpusError(file, undefined, `paraphrases: "${item}" is in no row's 申报建议`);
    for (const term of Object.keys(terms))
      if (!flat(item).includes(flat(term)))
        throw new CorpusError(file, undefined, `paraphrases: "${term}" is not a term of "${item}"`);
    companion.paraphrases.set(item, new Map(Object.entries(terms)));
  }
  const known = new Set(table.directions.flatMap((d) => d.documents.map((doc) => doc.key)));
  for (const [title, aliases] of Object.entries(parsed.data.documents)) {
    const key = documentKey(title);
    if (!known.has(key))
      throw new CorpusError(file, undefined, `document "${title}" is not cited in ${basename(table.file)}`);
    companion.documents.set(key, aliases);
  }
  return companion;
}

/** Groups every document a table names with the directions that cite it, in order of first citation. */
export function citations(table: Table): Edition["documents"] {
  const byKey = new Map<string, { document: PolicyDocument; citedBy: number[] }>();
  for (const direction of table.directions) {
    for (const document of direction.documents) {
      const entry = byKey.get(document.key) ?? { document, citedBy: [] };
      entry.citedBy.push(direction.id);
      byKey.set(document.key, entry);
    }
  }
  return [...byKey.values()];
}

/** Loads one table file and its companion. */
export function loadEdition(tableFile: string): Edition {
  const table = parseTable(readFileSync(tableFile, "utf8"), tableFile);
  const companionFile = companionPath(tableFile);
  const text = existsSync(companionFile) ? readFileSync(companionFile, "utf8") : undefined;
  return { table, companion: parseCompanion(text, companionFile, table), documents: citations(table) };
}

/**
 * Loads every table in a folder (`*.txt`), newest plan year first. Dropping next year's table beside this
 * year's is all it takes to serve it; the assistant serves the newest edition unless told otherwise.
 */
export function loadCorpus(dir: string): Edition[] {
  if (!existsSync(dir)) throw new CorpusError(dir, undefined, "corpus folder not found");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort();
  if (files.length === 0) throw new CorpusError(dir, undefined, "no table (*.txt) in the corpus folder");
  const editions = files.map((f) => loadEdition(join(dir, f)));
  const years = new Map<number, string>();
  for (const e of editions) {
    const other = years.get(e.table.year);
    if (other)
      throw new CorpusError(e.table.file, undefined, `plan year ${e.table.year} is also in ${other}`);
    years.set(e.table.year, e.table.file);
  }
  return editions.sort((a, b) => b.table.year - a.table.year);
}
