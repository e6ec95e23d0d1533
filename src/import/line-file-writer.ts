/**
 * An atomic line writer whose disk writes run in the background: lines are gathered into
 * 1 MiB chunks and each chunk is written by the thread pool while the next rows are parsed,
 * so a large import does not stop for the disk once per megabyte (as a synchronous writer
 * does). The file appears under its name only when `close` renames it into place; `abort`
 * removes it.
 */
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const CHUNK_CHARS = 1 << 20;

/**
 * @example
 * const writer = await LineFileWriter.open('out/incident.movements.ndjson');
 * writer.write('{"at":"2026-03-07T15:00:00Z",...}');
 * await writer.close();
 */
export class LineFileWriter {
  private buffer = '';
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

  write(line: string): void {
    this.buffer += line;
    this.buffer += '\n';
    if (this.buffer.length >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = Buffer.from(this.buffer, 'utf8');
    this.buffer = '';
    this.pending = this.pending.then(() => this.handle.write(chunk));
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
