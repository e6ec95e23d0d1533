/**
 * Writes output files so that nothing is ever half-written: the content goes to a temporary
 * file beside the target and is renamed over it only when complete. A failed run leaves the
 * previous file (or none) in place.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
}

/** Writes `content` to `path` atomically, creating its folder if needed. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = temporaryPath(path);
  try {
    await writeFile(partial, content);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * A line-by-line writer for large outputs (traces), committed atomically by `close`. It
 * writes synchronously through a 1 MiB buffer, so the engine's synchronous loop can emit
 * millions of lines with bounded memory.
 */
export class AtomicLineWriter {
  private readonly descriptor: number;
  private buffer = '';

  private constructor(
    private readonly path: string,
    private readonly partial: string,
  ) {
    this.descriptor = openSync(partial, 'w');
  }

  static async open(path: string): Promise<AtomicLineWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new AtomicLineWriter(path, temporaryPath(path));
  }

  write(line: string): void {
    this.buffer += line;
    this.buffer += '\n';
    if (this.buffer.length >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.descriptor, this.buffer);
    this.buffer = '';
  }

  /** Finishes the file and moves it into place. */
  async close(): Promise<void> {
    this.flush();
    closeSync(this.descriptor);
    await rename(this.partial, this.path);
  }

  /** Drops the partial file (the run failed). */
  async abort(): Promise<void> {
    closeSync(this.descriptor);
    await rm(this.partial, { force: true });
  }
}
