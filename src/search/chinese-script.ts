import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Simplified ⇄ traditional (Taiwan characters): OpenCC's `s2tw` and `tw2s` with its own dictionaries
 * (opencc-js's), searched where they lie instead of in opencc-js's tries. opencc-js builds one `Map`
 * per trie node; for `s2tw` that is two tries of STPhrases, about 200,000 maps and 42 MB of heap. Here
 * each dictionary is its own text and three offset arrays, searched by binary search: about 1.4 MB for
 * STPhrases' ~50,000 phrases, built with little garbage. A test compares both directions with opencc-js.
 *
 * The conversion is OpenCC's: normalise compatibility ideographs; cut the text at the longest phrase
 * of the segmentation dictionary at each position (runs matching none stay one segment); convert each
 * segment through each dictionary group in turn, longest match first, the group's first dictionary
 * winning where two define the same word.
 */

/**
 * OpenCC's two configurations, as opencc-js's presets (`opencc-js/preset/cn2t` s2tw and
 * `opencc-js/preset/t2cn` tw2s) define them, by dictionary name.
 */
interface Config {
  normalization: readonly (readonly string[])[];
  segmentation: readonly string[];
  chain: readonly (readonly string[])[];
}
const S2TW: Config = {
  normalization: [["CJK_Compatibility_Ideographs"]],
  segmentation: ["STPhrases", "STPhrases_GeneratedFromRegionalPhrases"],
  chain: [
    ["STPhrases", "STPhrases_GeneratedFromRegionalPhrases", "STCharacters"],
    ["TWVariantsPhrases", "TWVariants"],
  ],
};
const TW2S: Config = {
  normalization: [["CJK_Compatibility_Ideographs"]],
  segmentation: ["TSPhrases"],
  chain: [
    ["TWVariantsRevPhrases", "TWVariantsRev"],
    ["TSPhrases", "TSCharacters"],
  ],
};

/**
 * One opencc-js dictionary (`word replacement|…`), read from its file rather than imported (an imported
 * module's source and strings stay in memory for the life of the process), and kept as that one string
 * with where each entry's word and replacement start and end. OpenCC's dictionaries are sorted by word
 * (UTF-16 code units); the odd one that is not is put in order through the offsets.
 */
class Dictionary {
  private readonly text: string;
  /** Entry k: its word is text[starts[k], spaces[k]), its replacement text[spaces[k] + 1, ends[k]). */
  private readonly starts: Uint32Array;
  private readonly spaces: Uint32Array;
  private readonly ends: Uint32Array;
  /** One bit per UTF-16 code unit: whether a word starts with it (most text matches no word at all). */
  private readonly firsts = new Uint32Array(2048);

  constructor(name: string) {
    const source = readFileSync(createRequire(import.meta.url).resolve(`opencc-js/dict/${name}`), "utf8");
    const text = JSON.parse(source.slice(source.indexOf('"'), source.lastIndexOf('"') + 1)) as string;
    let count = 0;
    for (let at = text.indexOf("|"); at >= 0; at = text.indexOf("|", at + 1)) count++;
    const starts = new Uint32Array(count + 1);
    const spaces = new Uint32Array(count + 1);
    const ends = new Uint32Array(count + 1);
    let n = 0;
    for (let start = 0; start <= text.length; ) {
      const bar = text.indexOf("|", start);
      const end = bar < 0 ? text.length : bar;
      const space = text.indexOf(" ", start);
      // An entry with no word (or no space) is no entry, as in opencc-js.
      if (space > start && space < end) {
        starts[n] = start;
        spaces[n] = space;
        ends[n] = end;
        n++;
      }
      start = end + 1;
    }
    this.text = text;
    const order = Array.from({ length: n }, (_, k) => k);
    if (!order.every((k) => k === 0 || this.compareWords(starts, spaces, k - 1, k) <= 0)) {
      order.sort((a, b) => this.compareWords(starts, spaces, a, b));
    }
    this.starts = Uint32Array.from(order, (k) => starts[k] as number);
    this.spaces = Uint32Array.from(order, (k) => spaces[k] as number);
    this.ends = Uint32Array.from(order, (k) => ends[k] as number);
    for (const start of this.starts) {
      const unit = text.charCodeAt(start);
      this.firsts[unit >>> 5] = (this.firsts[unit >>> 5] as number) | (1 << (unit & 31));
    }
  }

  private compareWords(starts: Uint32Array, spaces: Uint32Array, a: number, b: number): number {
    const wordA = this.text.slice(starts[a], spaces[a]);
    const wordB = this.text.slice(starts[b], spaces[b]);
    return wordA < wordB ? -1 : wordA > wordB ? 1 : 0;
  }

  /** Code unit `at` of entry k's word, or -1 past its end (a shorter word sorts first). */
  private unit(k: number, at: number): number {
    const i = (this.starts[k] as number) + at;
    return i < (this.spaces[k] as number) ? this.text.charCodeAt(i) : -1;
  }

  /** The first entry in [lo, hi) whose word's unit `at` is at least `unit` (all share the units before). */
  private lowerBound(lo: number, hi: number, at: number, unit: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.unit(mid, at) < unit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The length of the word `longest` found last (0 when it found none). */
  matched = 0;

  /**
   * The entry of the longest word that `text` has at `i` and that ends by `limit`, or -1 when there is
   * none; its length is then in `matched`. No object per call: this runs at every position of every text.
   */
  longest(text: string, i: number, limit: number): number {
    this.matched = 0;
    const first = text.charCodeAt(i);
    if (!((this.firsts[first >>> 5] as number) & (1 << (first & 31)))) return -1;
    let lo = 0;
    let hi = this.starts.length;
    let entry = -1;
    for (let at = 0; i + at < limit; at++) {
      const unit = text.charCodeAt(i + at);
      lo = this.lowerBound(lo, hi, at, unit);
      hi = this.lowerBound(lo, hi, at, unit + 1);
      if (lo >= hi) break;
      // The words left all begin with text[i..i+at]; the first of them is that prefix itself if a word.
      if ((this.starts[lo] as number) + at + 1 === this.spaces[lo]) {
        entry = lo;
        this.matched = at + 1;
      }
    }
    return entry;
  }

  replacement(entry: number): string {
    return this.text.slice((this.spaces[entry] as number) + 1, this.ends[entry]);
  }
}

/** Each dictionary read once, whichever groups and conversions share it (STPhrases, the compatibility ideographs). */
const dictionaries = new Map<string, Dictionary>();
function dictionary(name: string): Dictionary {
  let read = dictionaries.get(name);
  if (!read) {
    read = new Dictionary(name);
    dictionaries.set(name, read);
  }
  return read;
}

/** One group of dictionaries: the longest word any of them has, the group's first dictionary winning a tie. */
class FlatDictionary {
  /** Where the word `match` found last is defined: its dictionary and entry. */
  private found: Dictionary | undefined;
  private entry = -1;

  constructor(private readonly dictionaries: readonly Dictionary[]) {}

  /** The end of the longest word starting at `i` and ending by `limit`, or -1; `value()` is its replacement. */
  match(text: string, i: number, limit: number): number {
    let length = 0;
    for (const dictionary of this.dictionaries) {
      const entry = dictionary.longest(text, i, limit);
      if (entry >= 0 && dictionary.matched > length) {
        length = dictionary.matched;
        this.found = dictionary;
        this.entry = entry;
      }
    }
    return length > 0 ? i + length : -1;
  }

  /** The replacement of the word `match` found last. */
  value(): string {
    return (this.found as Dictionary).replacement(this.entry);
  }

  /**
   * text[start, end) with every longest match replaced, what matches nothing kept; undefined when
   * nothing matched (most text: the caller keeps what it has, and nothing is copied).
   */
  convert(text: string, start: number, end: number): string | undefined {
    let out: string | undefined;
    let copied = start;
    for (let i = start; i < end; ) {
      const to = this.match(text, i, end);
      if (to >= 0) {
        out = (out ?? "") + text.slice(copied, i) + this.value();
        i = to;
        copied = to;
      } else {
        i += unmatchedLength(text, i, end);
      }
    }
    return out === undefined ? undefined : out + text.slice(copied, end);
  }
}

/** How far an unmatched position reaches: one code point, or a whole ideographic description sequence, within `limit`. */
function unmatchedLength(text: string, i: number, limit: number): number {
  const end = descriptionSequenceEnd(text, i, limit);
  return end > i ? end - i : codePointLength(text, i);
}

function codePointLength(text: string, i: number): number {
  return (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** Operands of an ideographic description character (⿰ takes two, ⿲ three), 0 for any other. */
function arity(codePoint: number): number {
  if (codePoint >= 0x2ff0 && codePoint <= 0x2ff1) return 2;
  if (codePoint >= 0x2ff2 && codePoint <= 0x2ff3) return 3;
  if (codePoint >= 0x2ff4 && codePoint <= 0x2fff) return 2;
  return 0;
}

function descriptionSequenceEnd(text: string, i: number, limit: number): number {
  const operands = arity(text.codePointAt(i) ?? 0);
  if (operands === 0) return 0;
  let end = i + codePointLength(text, i);
  for (let n = 0; n < operands; n++) {
    if (end >= limit) return 0;
    const inner = descriptionSequenceEnd(text, end, limit);
    end = inner || end + codePointLength(text, end);
  }
  return end;
}

/** One of OpenCC's conversions (normalise, segment, convert each segment through each group), flattened. */
class ScriptConverter {
  private readonly normalization: FlatDictionary[];
  private readonly segmentation: FlatDictionary;
  private readonly chain: FlatDictionary[];

  constructor(config: Config) {
    const group = (names: readonly string[]) => new FlatDictionary(names.map(dictionary));
    this.normalization = config.normalization.map(group);
    this.segmentation = group(config.segmentation);
    this.chain = config.chain.map(group);
  }

  convert(text: string): string {
    let normalized = text;
    for (const group of this.normalization)
      normalized = group.convert(normalized, 0, normalized.length) ?? normalized;
    // Segments that convert to themselves are not copied: only the text between changed ones is.
    const done = { out: "", copied: 0 };
    let run = 0;
    for (let i = 0; i < normalized.length; ) {
      const to = this.segmentation.match(normalized, i, normalized.length);
      if (to >= 0) {
        this.segment(normalized, run, i, done);
        this.segment(normalized, i, to, done);
        i = to;
        run = to;
      } else {
        i += unmatchedLength(normalized, i, normalized.length);
      }
    }
    this.segment(normalized, run, normalized.length, done);
    return done.copied === 0 ? normalized : done.out + normalized.slice(done.copied);
  }

  /** Adds text[start, end) converted to what is done, if it changed (with the unchanged text before it). */
  private segment(text: string, start: number, end: number, done: { out: string; copied: number }): void {
    if (start === end) return;
    const converted = this.convertSegment(text, start, end);
    if (converted === undefined) return;
    done.out += text.slice(done.copied, start) + converted;
    done.copied = end;
  }

  /** text[start, end) through each group of the chain in turn; undefined when no group changed it. */
  private convertSegment(text: string, start: number, end: number): string | undefined {
    let out: string | undefined;
    for (const group of this.chain) {
      out = (out === undefined ? group.convert(text, start, end) : group.convert(out, 0, out.length)) ?? out;
    }
    return out;
  }
}

let traditional: ScriptConverter | undefined;
let simplified: ScriptConverter | undefined;

/**
 * Builds the traditional dictionaries now (~100 ms) rather than in the middle of the first traditional
 * answer, which, in a burst, would hold every other chat up as long. The process calls it once it is serving.
 */
export function prepareTraditional(): void {
  traditional ??= new ScriptConverter(S2TW);
}

/** `text` in traditional characters as written in Taiwan (OpenCC s2tw: characters and phrases, no vocabulary changes). */
export function toTraditional(text: string): string {
  traditional ??= new ScriptConverter(S2TW);
  return traditional.convert(text);
}

/**
 * `text` in simplified characters (OpenCC tw2s: Taiwan variants, then characters and the few phrases
 * that decide them, no vocabulary changes such as 軟體 → 软件). Its dictionaries are small (~40 KB).
 */
export function toSimplified(text: string): string {
  simplified ??= new ScriptConverter(TW2S);
  return simplified.convert(text);
}
