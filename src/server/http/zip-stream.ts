import type { Writable } from "node:stream";
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";

/** One file of a streamed archive: its path, and its bytes or text as they are produced. */
export interface ZipEntry {
  name: string;
  /** Already compressed (a JPEG, a WebP): stored as is rather than deflated again. */
  compressed: boolean;
  content: AsyncIterable<Uint8Array | string>;
}

/**
 * Writes a zip of `entries` to `out` as the entries produce their content (fflate's streaming
 * Zip), one entry after the other, waiting for `out` to drain whenever it asks to: the archive is
 * never held in memory, and a slow reader slows the producers down. Rejects when `out` closes
 * first (the reader went away) or a producer fails; `out` is not ended either way.
 */
export async function writeZip(out: Writable, entries: AsyncIterable<ZipEntry>): Promise<void> {
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure ??= error;
    else out.write(chunk);
    if (final) finished = true;
  });
  const check = async () => {
    if (failure) throw failure;
    if (out.destroyed) throw new Error("The reader went away before the archive was complete.");
    if (out.writableNeedDrain) await drained(out);
  };
  for await (const entry of entries) {
    const file = entry.compressed ? new ZipPassThrough(entry.name) : new ZipDeflate(entry.name, { level: 6 });
    zip.add(file);
    // Small pieces (a JSON line each) are gathered into chunks: the compressor works per push.
    let gathered: Uint8Array[] = [];
    let size = 0;
    const flush = async (final: boolean) => {
      file.push(gathered.length === 1 ? gathered[0]! : concat(gathered, size), final);
      gathered = [];
      size = 0;
      await check();
    };
    for await (const piece of entry.content) {
      const bytes = typeof piece === "string" ? strToU8(piece) : piece;
      gathered.push(bytes);
      size += bytes.length;
      if (size >= CHUNK_BYTES) await flush(false);
    }
    await flush(true);
  }
  zip.end();
  await check();
  if (!finished) throw new Error("The archive did not finish.");
}

/** Pieces are pushed to the compressor once this many bytes are gathered. */
const CHUNK_BYTES = 64 * 1024;

function concat(pieces: Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    whole.set(piece, at);
    at += piece.length;
  }
  return whole;
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off("close", onClose);
      resolve();
    };
    const onClose = () => {
      out.off("drain", onDrain);
      reject(new Error("The reader went away before the archive was complete."));
    };
    out.once("drain", onDrain);
    out.once("close", onClose);
  });
}
