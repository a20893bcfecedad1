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

/**
 * Filters citations out of a text as it streams: a citation of a direction not in `allowed` (one that
 * does not exist, or was not given to the model) is dropped before the user sees it. Holds back only
 * a possibly unfinished tag at the end of what has arrived.
 */
export class CitationFilter {
  private pending = "";

  constructor(
    private readonly allowed: ReadonlySet<number>,
    private readonly label: (id: number) => string,
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
    return text.replace(CITATION, (tag) => {
      const kept = (tag.match(/\d+/g) ?? []).map(Number).filter((n) => this.allowed.has(n));
      return kept.map((n) => this.label(n)).join("");
    });
  }
}
