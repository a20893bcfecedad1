import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TableAnswerer } from "../../src/answer/table-answer.ts";
import { documentName } from "../../src/corpus/policy.ts";
import type { Edition } from "../../src/corpus/types.ts";
import type { Retriever } from "../../src/search/retrieve.ts";

/** One labelled question: `expect` lists every acceptable direction, [] when out of scope. */
export interface LabelledQuestion {
  q: string;
  expect: number[];
  category: string;
  /**
   * A question about the programme itself (deadline, funding, eligibility, templates) that the table
   * does not answer: it must get the official-notice line, plus the direction when one is named.
   */
  programme?: boolean;
}

export interface Scores {
  count: number;
  /** In-scope questions (a direction expected), the base of hit@1, hit@3, MRR and wrongly rejected. */
  inScope: number;
  hit1: number;
  hit3: number;
  mrr: number;
  /** Off-topic questions (none expected, not programme questions), and how many got no direction. */
  offTopic: number;
  /** Off-topic questions that got no direction, over all off-topic questions. */
  rejection: number;
  /** In-scope questions that got no direction, over all in-scope questions. */
  wronglyRejected: number;
  /** Programme questions, and how many were answered with the official-notice line. */
  programme: number;
  programmeAnswered: number;
  /** Table answers whose stated counts or lists disagree with the documents index (needs an answerer). */
  wrongFacts: number;
}

export function readQuestions(file: string): LabelledQuestion[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledQuestion);
}

/** Every labelled set of a folder (`test/eval/*.jsonl`), by file name, in name order. */
export function readSets(dir = "test/eval"): [string, LabelledQuestion[]][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => [join(dir, f), readQuestions(join(dir, f))]);
}

/** The line that sends an applicant to MIIT's notice for what the table does not say. */
export const OFFICIAL_NOTICE =
  /以工信部正式通知为准|以工业和信息化部(?:官方发布的|正式)?通知为准|MIIT's official notice/i;

/**
 * The statements of a table answer that the documents index can check, and whether they hold:
 * "引用《X》的方向共 N 个：- 方向a … - 方向b …" must name exactly the directions the index says cite X,
 * an overview must count the table's directions, and a direction's "所引政策文件" must be its documents.
 * Returns the statements that do not hold (empty when all do).
 */
export function wrongFacts(edition: Edition, body: string): string[] {
  const wrong: string[] = [];
  const byName = new Map(edition.documents.map((e) => [documentName(e.document), e]));
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const zh = /^(未)?引用(.+)的方向共 (\d+) 个：$/.exec(line);
    const en = /^(\d+) direction\(s\) (do not )?cite (.+):$/.exec(line);
    if (!zh && !en) continue;
    const count = Number(zh ? zh[3] : en?.[1]);
    const names = zh ? (zh[2] ?? "") : (en?.[3] ?? "");
    const citing = new Set<number>();
    for (const [name, entry] of byName)
      if (names.includes(name)) for (const id of entry.citedBy) citing.add(id);
    // "未引用…的方向" / "do not cite": the directions the index says do not cite it.
    const cited = (zh ? zh[1] : en?.[2])
      ? new Set(edition.table.directions.map((d) => d.id).filter((id) => !citing.has(id)))
      : citing;
    const listed: number[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const item = /^- (?:方向|Direction )(\d+)/.exec(lines[j] ?? "");
      if (!item) break;
      listed.push(Number(item[1]));
    }
    if (count !== cited.size) wrong.push(`${line} — the index says ${cited.size}`);
    const stray = listed.filter((id) => !cited.has(id));
    if (stray.length > 0) wrong.push(`${line} — lists ${stray.join(",")}, which do not cite it`);
    if (listed.length !== count) wrong.push(`${line} — lists ${listed.length}`);
  }
  const overview = /共 (\d+) 个研究方向：|^(\d+) research directions/m.exec(body);
  if (overview && Number(overview[1] ?? overview[2]) !== edition.table.directions.length)
    wrong.push(`overview counts ${overview[1] ?? overview[2]}`);
  return wrong;
}

/**
 * Retrieval quality per category and overall; deterministic, so tests can hold floors on it. With a
 * table answerer it also checks every answer's facts against the documents index and whether programme
 * questions get the official-notice line.
 */
export function evaluate(
  retriever: Retriever,
  questions: LabelledQuestion[],
  answerer?: TableAnswerer,
): Map<string, Scores> {
  const groups = new Map<string, LabelledQuestion[]>();
  for (const q of questions) {
    groups.set(q.category, [...(groups.get(q.category) ?? []), q]);
    groups.set("overall", [...(groups.get("overall") ?? []), q]);
  }
  const result = new Map<string, Scores>();
  for (const [category, list] of groups) {
    const s: Scores = {
      count: list.length,
      inScope: 0,
      hit1: 0,
      hit3: 0,
      mrr: 0,
      offTopic: 0,
      rejection: 0,
      wronglyRejected: 0,
      programme: 0,
      programmeAnswered: 0,
      wrongFacts: 0,
    };
    for (const q of list) {
      const retrieval = retriever.retrieve(q.q);
      const ids = retrieval.matches.map((m) => m.direction.id);
      const body = answerer?.answer(retrieval).body;
      if (body !== undefined && wrongFacts(retriever.edition, body).length > 0) s.wrongFacts++;
      if (q.programme) {
        s.programme++;
        if (body !== undefined && OFFICIAL_NOTICE.test(body)) s.programmeAnswered++;
      }
      if (q.expect.length === 0) {
        if (q.programme) continue;
        s.offTopic++;
        if (ids.length === 0) s.rejection++;
        continue;
      }
      s.inScope++;
      if (ids.length === 0) s.wronglyRejected++;
      const rank = ids.findIndex((id) => q.expect.includes(id));
      if (rank === 0) s.hit1++;
      if (rank >= 0 && rank < 3) s.hit3++;
      if (rank >= 0) s.mrr += 1 / (rank + 1);
    }
    const ratio = (x: number, n: number) => (n ? x / n : Number.NaN);
    result.set(category, {
      ...s,
      hit1: ratio(s.hit1, s.inScope),
      hit3: ratio(s.hit3, s.inScope),
      mrr: ratio(s.mrr, s.inScope),
      rejection: ratio(s.rejection, s.offTopic),
      wronglyRejected: ratio(s.wronglyRejected, s.inScope),
    });
  }
  return result;
}

const pct = (x: number) => (Number.isNaN(x) ? "    - " : `${(x * 100).toFixed(1).padStart(5)}%`);

/** The per-category table `npm run bench` and `test/eval/score.ts` print. */
export function formatScores(scores: Map<string, Scores>, categories = true): string {
  const rows = [
    "category          n  in-scope  hit@1   hit@3    MRR  in-scope-rejected  off-topic  rejected  programme  notice-line  wrong-facts",
  ];
  for (const [category, s] of [...scores].sort(([a], [b]) =>
    a === "overall" ? 1 : b === "overall" ? -1 : a < b ? -1 : 1,
  )) {
    if (!categories && category !== "overall") continue;
    rows.push(
      `${category.padEnd(15)} ${String(s.count).padStart(3)}  ${String(s.inScope).padStart(8)}  ${pct(s.hit1)}  ${pct(s.hit3)}  ${pct(s.mrr)}  ${pct(s.wronglyRejected).padStart(17)}  ${String(s.offTopic).padStart(9)}  ${pct(s.rejection).padStart(8)}  ${String(s.programme).padStart(9)}  ${String(s.programmeAnswered).padStart(11)}  ${String(s.wrongFacts).padStart(11)}`,
    );
  }
  return rows.join("\n");
}
