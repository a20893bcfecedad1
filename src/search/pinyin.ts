import { createRequire } from "node:module";
import type { pinyin as PinyinPro } from "pinyin-pro";

/**
 * Pinyin without keeping pinyin-pro in memory. Once used, its dictionaries hold ~8 MB of heap for the
 * life of the process, which a bot serving hundreds of chats feels; the search needs far less: one
 * reading per character (is a typed character a homophone of the corpus's?) and the spellings of the
 * corpus's own words, computed when the vocabulary is built. So pinyin-pro is loaded (as CommonJS, so
 * it can be unloaded), used, and forgotten; the characters' readings stay as one small table.
 */

/** Text's syllables, one per character, toneless, ü as v (光伏 → guang, fu); a character it cannot read stays itself. */
export type Spell = (text: string) => string[];

/** Runs `use` with pinyin-pro loaded, then drops the module so its dictionaries can be collected. */
export function withPinyin<T>(use: (spell: Spell) => T): T {
  const require = createRequire(import.meta.url);
  const path = require.resolve("pinyin-pro");
  try {
    const { pinyin } = require(path) as { pinyin: typeof PinyinPro };
    return use((text) => pinyin(text, { toneType: "none", type: "array", v: true }));
  } finally {
    delete require.cache[path];
  }
}

/** The CJK ideographs read: Extension A and the Unified block (U+3400–U+9FFF). */
const FIRST = 0x3400;
const END = 0xa000;
let table: { readings: Uint16Array; syllables: string[] } | undefined;

/** Each character's reading (toneless, ü as v), as pinyin-pro gives it for the character alone. */
function readings(spell?: Spell): { readings: Uint16Array; syllables: string[] } {
  if (table) return table;
  if (!spell) return withPinyin((s) => readings(s));
  const ids = new Map<string, number>();
  const out = new Uint16Array(END - FIRST);
  for (let code = FIRST; code < END; code++) {
    const char = String.fromCharCode(code);
    const reading = spell(char)[0];
    if (!reading || reading === char) continue;
    let id = ids.get(reading);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(reading, id);
    }
    out[code - FIRST] = id;
  }
  table = { readings: out, syllables: ["", ...ids.keys()] };
  return table;
}

/** The reading of one Han character (toneless, ü as v), or undefined for one pinyin-pro cannot read. */
export function readingOf(char: string): string | undefined {
  const code = char.length === 1 ? char.charCodeAt(0) : -1;
  if (code < FIRST || code >= END) return undefined;
  const { readings: ids, syllables } = readings();
  return syllables[ids[code - FIRST] ?? 0] || undefined;
}

/** Builds the character table now, with pinyin-pro already loaded if given (~100 ms), not in a burst. */
export function prepareReadings(spell?: Spell): void {
  readings(spell);
}
