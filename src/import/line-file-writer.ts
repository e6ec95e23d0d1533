/**
 * An atomic line writer whose disk writes run in the background: lines are encoded straight
 * into 1 MiB byte chunks, and each full chunk is written by the thread pool while the next
 * rows are parsed, so a large import neither stops for the disk once per megabyte (as a
 * synchronous writer does) nor builds a megabyte string to encode (concatenated strings are
 * ropes that must be flattened and copied again). The file appears under its name only when
 * `close` renames it into place; `abort` removes it.
 *
 * Lines are written either whole (`write`) or piece by piece (`reserve`, then `bytes`,
 * `ascii`, `text`, `integer`, `endLine`) by a caller that writes the same few constant pieces
 * a million times and keeps them as bytes.
 */
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const CHUNK_BYTES = 1 << 20;

/**
 * @example
 * const writer = await LineFileWriter.open('out/incident.movements.ndjson');
 * writer.write('{"at":"2026-03-07T15:00:00Z",...}');
 * writer.reserve(64);
 * writer.ascii('{"qty":');
 * writer.integer(-2);
 * writer.ascii('}');
 * writer.endLine();
 * await writer.close();
 */
export class LineFileWriter {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /**
   * Chunks the disk has written, to fill again. Without them a megabyte chunk would be made
   * per megabyte written, and freed only when a full garbage collection next runs (a chunk
   * outlives its write, long enough to leave the young generation): tens of megabytes held.
   */
  private readonly spare: Buffer[] = [];
  /** The chain of chunk writes, in order; a failure surfaces at `close`. */
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly partial: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<LineFileWriter> {
    await mkdir(dirname(path), { recursive: true });
    const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    return new LineFileWriter(path, partial, await open(partial, 'w'));
  }

  /** Writes one whole line (the line break is added). */
  write(line: string): void {
    this.reserve(line.length * 3 + 1);
    this.used += this.chunk.write(line, this.used);
    this.chunk[this.used++] = 10;
  }

  /**
   * Makes room for `byteCount` more bytes in the current chunk, handing the chunk to the disk
   * first when they do not fit. The piece writers below do not check: a caller reserves what
   * a whole line can take (a string of n UTF-16 units takes at most 3n bytes).
   */
  reserve(byteCount: number): void {
    if (this.used + byteCount <= this.chunk.length) return;
    this.flush();
    if (byteCount > this.chunk.length) this.chunk = Buffer.allocUnsafe(byteCount);
  }

  /** Copies bytes (a constant piece of a line, encoded once). */
  bytes(piece: Uint8Array): void {
    // A loop, not `set`: the pieces are a few dozen bytes, shorter than `set` takes to start.
    if (piece.length > 64) {
      this.chunk.set(piece, this.used);
      this.used += piece.length;
      return;
    }
    const chunk = this.chunk;
    let used = this.used;
    for (let index = 0; index < piece.length; index++) chunk[used++] = piece[index]!;
    this.used = used;
  }

  /** Writes a string known to be ASCII, one byte per character. */
  ascii(text: string): void {
    const chunk = this.chunk;
    let used = this.used;
    for (let index = 0; index < text.length; index++) chunk[used++] = text.charCodeAt(index);
    this.used = used;
  }

  /** Writes any string as UTF-8. */
  text(text: string): void {
    this.used += this.chunk.write(text, this.used);
  }

  /** Writes a number as `String(value)` would, by hand for safe integers (at most 17 bytes then). */
  integer(value: number): void {
    if (!Number.isSafeInteger(value)) {
      this.text(String(value));
      return;
    }
    const chunk = this.chunk;
    let rest = value;
    if (rest < 0) {
      chunk[this.used++] = 45;
      rest = -rest;
    }
    let digitCount = 1;
    for (let scale = 10; scale <= rest; scale *= 10) digitCount++;
    let position = this.used + digitCount;
    this.used = position;
    do {
      const next = Math.floor(rest / 10);
      chunk[--position] = 48 + (rest - next * 10);
      rest = next;
    } while (rest > 0);
  }

  /** Writes a whole number from 0 to 99 as two digits (`07`). */
  twoDigits(value: number): void {
    const tens = Math.floor(value / 10);
    this.chunk[this.used++] = 48 + tens;
    this.chunk[this.used++] = 48 + (value - tens * 10);
  }

  /** Writes one ASCII character by its code. */
  byte(code: number): void {
    this.chunk[this.used++] = code;
  }

  /** Ends the line being written. */
  endLine(): void {
    this.chunk[this.used++] = 10;
  }

  private flush(): void {
    if (this.used === 0) return;
    const written = this.chunk;
    const full = written.subarray(0, this.used);
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.pending = this.pending
      .then(() => this.handle.write(full))
      .then(() => {
        // One made larger for a long line is left to the collector.
        if (written.length === CHUNK_BYTES) this.spare.push(written);
      });
  }

  /** Writes what is left, closes the file and moves it into place. */
  async close(): Promise<void> {
    this.flush();
    await this.pending;
    await this.handle.close();
    await rename(this.partial, this.path);
  }

  /** Drops the partial file. */
  async abort(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.handle.close();
    await rm(this.partial, { force: true });
  }
}
