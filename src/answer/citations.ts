/** [方向3], 【方向3】, [Direction 3], [方向3、7]: how a model cites directions. */
const CITATION =
  /[[【](?:方向|direction\s*)\s*(\d{1,3})((?:\s*[、,，]\s*(?:方向|direction\s*)?\s*\d{1,3})*)\s*[\]】]/gi;
/** A tag may still be arriving: an opening bracket with no closing one, not too long ago. */
const OPEN_TAG = /[[【][^\]】]{0,24}$/;

/** The direction numbers a text cites, in order, each once. */
export function citedIds(text: string): number[] {
  const ids: number[] = [];
  for (const m of text.matchAll(CITATION)) {
    for (const n of `${m[1]}${m[2] ?? ""}`.match(/\d+/g) ?? [])
      if (!ids.includes(Number(n))) ids.push(Number(n));
  }
  return ids;
}

/** Stands for a dropped citation until the separators around it are dropped too. */
const DROPPED = "\u0000";
/** "、", "，", "和", "and" next to a dropped citation: without the citation they only break the sentence. */
const SEPARATOR = String.raw`\s*(?:[、,，/]|和|及|与|或|\band\b|\bor\b)\s*`;
const DROPPED_AFTER = new RegExp(`${SEPARATOR}${DROPPED}`, "g");
/** A dropped first item of a list ("[方向12]、[方向3]") takes the separator after it. */
const DROPPED_BEFORE = new RegExp(`${DROPPED}${SEPARATOR}(?=[[【]|方向|direction)`, "gi");

/**
 * Filters citations in a text as it streams. A citation of a direction in `allowed` (given to the
 * model) keeps its tag; one of a direction that exists but was not given becomes a plain mention
 * ("方向8", from the catalogue) when `mention` names it; one of a number that does not exist is dropped
 * with the separator next to it, so lists stay readable. Holds back only a possibly unfinished tag.
 */
export class CitationFilter {
  private pending = "";

  constructor(
    private readonly allowed: ReadonlySet<number>,
    private readonly label: (id: number) => string,
    private readonly mention: (id: number) => string | undefined = () => undefined,
  ) {}

  push(delta: string): string {
    const text = this.pending + delta;
    const open = OPEN_TAG.exec(text);
    const cut = open ? open.index : text.length;
    this.pending = text.slice(cut);
    return this.clean(text.slice(0, cut));
  }

  flush(): string {
    const rest = this.clean(this.pending);
    this.pending = "";
    return rest;
  }

  private clean(text: string): string {
    const replaced = text.replace(CITATION, (tag) => {
      const ids = (tag.match(/\d+/g) ?? []).map(Number);
      const kept = ids.filter((n) => this.allowed.has(n)).map((n) => this.label(n));
      const mentioned = ids.filter((n) => !this.allowed.has(n)).flatMap((n) => this.mention(n) ?? []);
      const all = [kept.join(""), ...mentioned].filter(Boolean);
      return all.length > 0 ? all.join("、") : DROPPED;
    });
    if (!replaced.includes(DROPPED)) return replaced;
    return replaced.replace(DROPPED_AFTER, "").replace(DROPPED_BEFORE, "").replaceAll(DROPPED, "");
  }
}
