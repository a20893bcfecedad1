/**
 * Text out of a proposal draft (.docx, .pdf, .txt, .md), within bounds: file size, pages, characters,
 * the decompressed size of a .docx and time. What cannot be read is a `DraftReadError` with a reason the
 * adapters turn into a specific message; nothing here logs or keeps the text.
 */
import { inflateRawSync } from "node:zlib";

/** Why a file could not be read; each has its own message in locales. */
export type UnreadableReason =
  | "old-word" // .doc / .wps (binary Office), or a password-protected .docx (same container)
  | "image" // a photo or picture: no OCR
  | "scanned" // a PDF without a text layer
  | "encrypted" // a password-protected PDF
  | "broken" // not what its name says, or damaged
  | "too-large" // over the byte, page or decompressed-size limit
  | "unsupported" // another kind of file (.xlsx, .zip, …)
  | "empty" // readable, but (almost) no text
  | "timeout"; // reading took too long

export class DraftReadError extends Error {
  override name = "DraftReadError";
  constructor(
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
  }
}

export type DraftFormat = "docx" | "pdf" | "text";

/** A draft's text and what it was read from; `truncated` when it was cut at the character limit. */
export interface DraftText {
  text: string;
  format: DraftFormat;
  /** Pages of a PDF. */
  pages?: number;
  truncated: boolean;
}

export interface ReadLimits {
  /** Bytes of the file; Telegram lets bots download 20 MB. */
  maxBytes: number;
  /** Pages of a PDF. */
  maxPages: number;
  /** Characters kept of the text (the rest is cut, and the review says so). */
  maxChars: number;
  /** Bytes all parts of a .docx may inflate to (a zip bomb stops here, before mammoth). */
  maxUnzippedBytes: number;
  /**
   * Bytes of a .docx's text part (word/document.xml), which mammoth parses whole into memory; a
   * 300-page proposal is well under 10 MB. Images and other parts are not inflated to read the text.
   */
  maxDocumentXmlBytes: number;
  /** Milliseconds the extraction may take. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxPages: 200,
  maxChars: 200_000,
  maxUnzippedBytes: 100 * 1024 * 1024,
  maxDocumentXmlBytes: 16 * 1024 * 1024,
  timeoutMs: 15_000,
};

/** Fewer characters than this in a whole file is no draft. */
const MIN_CHARS = 20;
/** A PDF with fewer characters per page than this has no real text layer (a scan with a page number). */
const MIN_CHARS_PER_PAGE = 8;

const IMAGE_EXT = /\.(?:png|jpe?g|gif|webp|bmp|tiff?|heic|heif)$/i;
const OLD_OFFICE_EXT = /\.(?:doc|wps|dot|wpt|rtf)$/i;
const TEXT_EXT = /\.(?:txt|md|markdown|text)$/i;

/** What the first bytes say a file is, whatever its name. */
function sniff(bytes: Uint8Array): "zip" | "pdf" | "ole" | "image" | "rtf" | undefined {
  const head = Buffer.from(bytes.subarray(0, 16));
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "zip";
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return "ole";
  if (head.subarray(0, 5).toString("latin1") === "{\\rtf") return "rtf";
  const images = [
    [0x89, 0x50, 0x4e, 0x47],
    [0xff, 0xd8, 0xff],
    [0x47, 0x49, 0x46, 0x38],
    [0x42, 0x4d],
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
  ];
  if (images.some((sig) => sig.every((b, i) => head[i] === b))) return "image";
  if (head.subarray(0, 4).toString("latin1") === "RIFF" && head.subarray(8, 12).toString("latin1") === "WEBP")
    return "image";
  if (head.subarray(4, 12).toString("latin1").startsWith("ftyphei")) return "image";
  return undefined;
}

/**
 * Reads a draft's text. The kind is told by the bytes first (a PDF renamed .docx is still read), then
 * the name; `mimeType` (from Telegram) only helps to recognise images.
 */
export async function readDraft(
  bytes: Uint8Array,
  fileName: string,
  options: { limits?: Partial<ReadLimits>; mimeType?: string } = {},
): Promise<DraftText> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (bytes.length > limits.maxBytes) throw tooLarge(bytes.length, limits.maxBytes);
  const kind = sniff(bytes);
  if (kind === "image" || (!kind && (IMAGE_EXT.test(fileName) || options.mimeType?.startsWith("image/"))))
    throw new DraftReadError("image", "an image: no text to read (no OCR)");
  if (kind === "ole" || kind === "rtf" || (!kind && OLD_OFFICE_EXT.test(fileName)))
    throw new DraftReadError("old-word", "an old Word/WPS file or a password-protected document");
  const work = async (): Promise<DraftText> => {
    if (kind === "pdf") return readPdf(bytes, limits);
    if (kind === "zip") {
      if (/\.(?:xlsx|pptx|zip|7z|rar)$/i.test(fileName))
        throw new DraftReadError("unsupported", "not a text document");
      return readDocx(bytes, limits);
    }
    if (/\.pdf$/i.test(fileName)) throw new DraftReadError("broken", "not a PDF");
    if (/\.docx$/i.test(fileName)) throw new DraftReadError("broken", "not a .docx");
    if (TEXT_EXT.test(fileName) || !/\.[a-z0-9]{1,5}$/i.test(fileName)) return readPlain(bytes, limits);
    throw new DraftReadError("unsupported", "not a kind of file drafts come in");
  };
  // Loading the reader (once per process, about a second) is not the document's time.
  if (kind === "pdf") await loadPdfjs();
  const draft = await withTimeout(work(), limits.timeoutMs);
  if (draft.text.replace(/\s/g, "").length < MIN_CHARS) throw new DraftReadError("empty", "no text");
  return draft;
}

function tooLarge(size: number, max: number): DraftReadError {
  return new DraftReadError("too-large", `${size} bytes, over ${max}`);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DraftReadError("timeout", `reading took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Cuts at the character limit, tidies whitespace. */
function bounded(text: string, limits: ReadLimits): { text: string; truncated: boolean } {
  const clean = text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00a0\u3000]+/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return clean.length > limits.maxChars
    ? { text: clean.slice(0, limits.maxChars), truncated: true }
    : { text: clean, truncated: false };
}

function readPlain(bytes: Uint8Array, limits: ReadLimits): DraftText {
  if (bytes.includes(0)) throw new DraftReadError("unsupported", "a binary file");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Chinese Windows editors save GBK/GB18030 by default.
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return { ...bounded(text.replace(/^\uFEFF/, ""), limits), format: "text" };
}

// ------------------------------------------------------------------ .docx

interface ZipDirectoryEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory of a zip: names and declared sizes, read without inflating anything. */
function zipDirectory(buf: Buffer): ZipDirectoryEntry[] {
  const broken = () => new DraftReadError("broken", "damaged zip");
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw broken();
  const count = buf.readUInt16LE(end + 10);
  let pos = buf.readUInt32LE(end + 16);
  if (count === 0xffff || pos === 0xffffffff) throw new DraftReadError("too-large", "zip64 archive");
  const entries: ZipDirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (pos + 46 > buf.length || buf.readUInt32LE(pos) !== 0x02014b50) throw broken();
    const nameLength = buf.readUInt16LE(pos + 28);
    const extra = buf.readUInt16LE(pos + 30);
    const comment = buf.readUInt16LE(pos + 32);
    entries.push({
      method: buf.readUInt16LE(pos + 10),
      compressedSize: buf.readUInt32LE(pos + 20),
      size: buf.readUInt32LE(pos + 24),
      localOffset: buf.readUInt32LE(pos + 42),
      name: buf.subarray(pos + 46, pos + 46 + nameLength).toString("utf8"),
    });
    pos += 46 + nameLength + extra + comment;
  }
  return entries;
}

/**
 * Inflates one entry with a ceiling on its output, so a part whose directory lies about its size
 * cannot blow up either.
 */
function inflateEntry(buf: Buffer, entry: ZipDirectoryEntry, maxBytes: number): Buffer {
  const at = entry.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50)
    throw new DraftReadError("broken", "damaged zip");
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method !== 8) throw new DraftReadError("broken", "unknown zip compression");
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new DraftReadError("too-large", "a part inflates past the limit");
    throw new DraftReadError("broken", "damaged zip");
  }
}

async function readDocx(bytes: Uint8Array, limits: ReadLimits): Promise<DraftText> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipDirectory(buf);
  const declared = entries.reduce((n, e) => n + e.size, 0);
  if (declared > limits.maxUnzippedBytes) throw new DraftReadError("too-large", "decompresses too large");
  const main = entries.find((e) => e.name === "word/document.xml");
  if (!main) throw new DraftReadError("broken", "a zip, but no Word document inside");
  if (main.size > limits.maxDocumentXmlBytes) throw new DraftReadError("too-large", "text part too large");
  // The directory is what mammoth trusts; check the main part really inflates within bounds first.
  inflateEntry(buf, main, limits.maxDocumentXmlBytes);
  const mammoth = (await import("mammoth")).default;
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: buf })).value;
  } catch {
    throw new DraftReadError("broken", "mammoth could not read it");
  }
  return { ...bounded(text, limits), format: "docx" };
}

// ------------------------------------------------------------------ .pdf

let pdfjs: Promise<typeof import("pdfjs-dist/legacy/build/pdf.mjs")> | undefined;

/**
 * pdf.js and its worker code, loaded once. In Node the "worker" runs in-process; installing its handler
 * on `globalThis.pdfjsWorker` saves pdf.js importing it again for every document (about a second).
 */
function loadPdfjs(): Promise<typeof import("pdfjs-dist/legacy/build/pdf.mjs")> {
  pdfjs ??= (async () => {
    // The worker module ships without types; only its presence matters here.
    const workerModule: string = "pdfjs-dist/legacy/build/pdf.worker.mjs";
    const worker: unknown = await import(workerModule);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return pdfjs;
}

/**
 * Starts loading the readers: the bot calls it when a document arrives, so pdf.js (~30 MB) and mammoth
 * load while the file downloads, and a process nobody sends a draft to never carries them.
 */
export async function preloadReaders(): Promise<void> {
  await Promise.all([loadPdfjs(), import("mammoth")]).catch(() => {});
}

async function readPdf(bytes: Uint8Array, limits: ReadLimits): Promise<DraftText> {
  // The legacy build runs on Node 20; the worker is the same code in-process.
  const { getDocument } = await loadPdfjs();
  const task = getDocument({
    data: new Uint8Array(bytes), // pdf.js takes ownership of the buffer it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => {});
    if ((error as Error).name === "PasswordException")
      throw new DraftReadError("encrypted", "password-protected PDF");
    throw new DraftReadError("broken", "damaged PDF");
  }
  try {
    if (doc.numPages > limits.maxPages)
      throw new DraftReadError("too-large", `${doc.numPages} pages, over ${limits.maxPages}`);
    const pages: string[] = [];
    let length = 0;
    const deadline = Date.now() + limits.timeoutMs;
    for (let n = 1; n <= doc.numPages && length <= limits.maxChars; n++) {
      // pdf.js's in-process worker answers in microtasks: yield to the event loop between pages so other
      // chats are served meanwhile, and check the clock, which a timer alone cannot interrupt.
      await new Promise((resolve) => setImmediate(resolve));
      if (Date.now() > deadline)
        throw new DraftReadError("timeout", `reading took over ${limits.timeoutMs} ms`);
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str + (item.hasEOL ? "\n" : "");
      }
      page.cleanup();
      pages.push(text);
      length += text.length;
    }
    const chars = pages.join("").replace(/\s/g, "").length;
    if (chars < Math.max(MIN_CHARS, MIN_CHARS_PER_PAGE * pages.length))
      throw new DraftReadError("scanned", "no text layer");
    return { ...bounded(pages.join("\n\n"), limits), format: "pdf", pages: doc.numPages };
  } catch (error) {
    if (error instanceof DraftReadError) throw error;
    throw new DraftReadError("broken", "damaged PDF");
  } finally {
    await doc.destroy().catch(() => {});
  }
}
