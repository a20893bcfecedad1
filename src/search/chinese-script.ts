import { configs as traditionalConfigs } from "opencc-js/preset/cn2t";
import { configs as simplifiedConfigs } from "opencc-js/preset/t2cn";

/**
 * Simplified ⇄ traditional (Taiwan characters): OpenCC's `s2tw` and `tw2s` with its own dictionaries,
 * held in flat maps instead of opencc-js's tries. opencc-js builds one `Map` per trie node; for `s2tw`
 * that is two tries of STPhrases, about 200,000 maps and 42 MB of heap. Flat maps hold the same ~50,000
 * phrases in a few MB and give the same output: a test compares both directions with opencc-js.
 *
 * The conversion is OpenCC's: normalise compatibility ideographs; cut the text at the longest phrase
 * of the segmentation dictionary at each position (runs matching none stay one segment); convert each
 * segment through each dictionary group in turn, longest match first, the group's first dictionary
 * winning where two define the same word.
 */

type Dictionary = string | readonly (readonly [string, string])[];
type Entries = readonly (readonly [string, string])[];

/** A dictionary's entries, parsed once per build however many groups share it (STPhrases is in two). */
function entries(dictionary: Dictionary, parsed: Map<Dictionary, Entries>): Entries {
  if (typeof dictionary !== "string") return dictionary;
  let list = parsed.get(dictionary);
  if (!list) {
    const out: [string, string][] = [];
    for (const entry of dictionary.split("|")) {
      const space = entry.indexOf(" ");
      if (space > 0) out.push([entry.slice(0, space), entry.slice(space + 1)]);
    }
    list = out;
    parsed.set(dictionary, list);
  }
  return list;
}

/** One group of dictionaries flattened: every word and its replacement, and the longest word per first unit. */
class FlatDictionary {
  private readonly words = new Map<string, string>();
  private readonly longest = new Map<number, number>();

  constructor(dictionaries: readonly Dictionary[], parsed: Map<Dictionary, Entries>) {
    // The first dictionary of a group wins, as in OpenCC: load the others first, then overwrite.
    for (const dictionary of [...dictionaries].reverse()) {
      for (const [word, replacement] of entries(dictionary, parsed)) {
        this.words.set(word, replacement);
        const first = word.charCodeAt(0);
        if ((this.longest.get(first) ?? 0) < word.length) this.longest.set(first, word.length);
      }
    }
  }

  /** The longest word starting at `i`: its end and replacement, or undefined. */
  match(text: string, i: number): { end: number; value: string } | undefined {
    const longest = this.longest.get(text.charCodeAt(i));
    if (longest === undefined) return undefined;
    for (let length = Math.min(longest, text.length - i); length > 0; length--) {
      const value = this.words.get(text.slice(i, i + length));
      if (value !== undefined) return { end: i + length, value };
    }
    return undefined;
  }

  /** The text with every longest match replaced; what matches nothing is kept. */
  convert(text: string): string {
    let out = "";
    for (let i = 0; i < text.length; ) {
      const matched = this.match(text, i);
      if (matched) {
        out += matched.value;
        i = matched.end;
      } else {
        const end = i + unmatchedLength(text, i);
        out += text.slice(i, end);
        i = end;
      }
    }
    return out;
  }
}

/** How far an unmatched position reaches: one code point, or a whole ideographic description sequence. */
function unmatchedLength(text: string, i: number): number {
  const end = descriptionSequenceEnd(text, i);
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

function descriptionSequenceEnd(text: string, i: number): number {
  const operands = arity(text.codePointAt(i) ?? 0);
  if (operands === 0) return 0;
  let end = i + codePointLength(text, i);
  for (let n = 0; n < operands; n++) {
    if (end >= text.length) return 0;
    const inner = descriptionSequenceEnd(text, end);
    end = inner || end + codePointLength(text, end);
  }
  return end;
}

type Config = (typeof traditionalConfigs)[string] & { normalizationChain?: readonly (readonly string[])[] };

/** One of OpenCC's conversions (normalise, segment, convert each segment through each group), flattened. */
class ScriptConverter {
  private readonly normalization: FlatDictionary[];
  private readonly segmentation: FlatDictionary;
  private readonly chain: FlatDictionary[];

  constructor(config: Config) {
    const segmentation = Array.isArray(config.segmentation) ? config.segmentation : [config.segmentation];
    const parsed = new Map<Dictionary, Entries>();
    this.normalization = (config.normalizationChain ?? []).map((group) => new FlatDictionary(group, parsed));
    this.segmentation = new FlatDictionary(segmentation as string[], parsed);
    this.chain = config.conversionChain.map((group) => new FlatDictionary(group, parsed));
  }

  convert(text: string): string {
    let normalized = text;
    for (const group of this.normalization) normalized = group.convert(normalized);
    let out = "";
    let run = "";
    for (let i = 0; i < normalized.length; ) {
      const matched = this.segmentation.match(normalized, i);
      if (matched) {
        if (run) out += this.convertSegment(run);
        run = "";
        out += this.convertSegment(normalized.slice(i, matched.end));
        i = matched.end;
      } else {
        const end = i + unmatchedLength(normalized, i);
        run += normalized.slice(i, end);
        i = end;
      }
    }
    if (run) out += this.convertSegment(run);
    return out;
  }

  private convertSegment(segment: string): string {
    let out = segment;
    for (const group of this.chain) out = group.convert(out);
    return out;
  }
}

function configOf(configs: Record<string, Config | undefined>, name: string): Config {
  const config = configs[name];
  if (!config) throw new Error(`opencc-js has no ${name} configuration`);
  return config;
}

let traditional: ScriptConverter | undefined;
let simplified: ScriptConverter | undefined;

/**
 * Builds the traditional dictionaries now (~100 ms) rather than in the middle of the first traditional
 * answer, which, in a burst, would hold every other chat up as long. The process calls it once it is serving.
 */
export function prepareTraditional(): void {
  traditional ??= new ScriptConverter(configOf(traditionalConfigs, "s2tw"));
}

/** `text` in traditional characters as written in Taiwan (OpenCC s2tw: characters and phrases, no vocabulary changes). */
export function toTraditional(text: string): string {
  traditional ??= new ScriptConverter(configOf(traditionalConfigs, "s2tw"));
  return traditional.convert(text);
}

/**
 * `text` in simplified characters (OpenCC tw2s: Taiwan variants, then characters and the few phrases
 * that decide them, no vocabulary changes such as 軟體 → 软件). Its dictionaries are small (~40 KB).
 */
export function toSimplified(text: string): string {
  simplified ??= new ScriptConverter(configOf(simplifiedConfigs, "tw2s"));
  return simplified.convert(text);
}
