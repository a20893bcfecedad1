import { readFileSync } from "node:fs";
import type { Retriever } from "../../src/search/retrieve.ts";

/** One labelled question: `expect` lists every acceptable direction, [] when out of scope. */
export interface LabelledQuestion {
  q: string;
  expect: number[];
  category: string;
}

export interface Scores {
  count: number;
  hit1: number;
  hit3: number;
  mrr: number;
  /** Out-of-scope questions that got no direction, over all out-of-scope questions. */
  rejection: number;
  /** In-scope questions that got no direction, over all in-scope questions. */
  wronglyRejected: number;
}

export function readQuestions(file: string): LabelledQuestion[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledQuestion);
}

/** Retrieval quality per category and overall; deterministic, so tests can hold floors on it. */
export function evaluate(retriever: Retriever, questions: LabelledQuestion[]): Map<string, Scores> {
  const groups = new Map<string, LabelledQuestion[]>();
  for (const q of questions) {
    groups.set(q.category, [...(groups.get(q.category) ?? []), q]);
    groups.set("overall", [...(groups.get("overall") ?? []), q]);
  }
  const result = new Map<string, Scores>();
  for (const [category, list] of groups) {
    let hit1 = 0;
    let hit3 = 0;
    let mrr = 0;
    let oos = 0;
    let rejected = 0;
    let inScope = 0;
    let wrong = 0;
    for (const q of list) {
      const ids = retriever.retrieve(q.q).matches.map((m) => m.direction.id);
      if (q.expect.length === 0) {
        oos++;
        if (ids.length === 0) {
          rejected++;
          hit1++;
          hit3++;
          mrr++;
        }
        continue;
      }
      inScope++;
      if (ids.length === 0) wrong++;
      const rank = ids.findIndex((id) => q.expect.includes(id));
      if (rank === 0) hit1++;
      if (rank >= 0 && rank < 3) hit3++;
      if (rank >= 0) mrr += 1 / (rank + 1);
    }
    const n = list.length;
    result.set(category, {
      count: n,
      hit1: hit1 / n,
      hit3: hit3 / n,
      mrr: mrr / n,
      rejection: oos ? rejected / oos : Number.NaN,
      wronglyRejected: inScope ? wrong / inScope : Number.NaN,
    });
  }
  return result;
}
