/**
 * Connects the engine's trace to an NDJSON file written atomically.
 */
import { AtomicLineWriter } from '../io/atomic-write.js';
import type { TraceSink } from '../sim/trace.js';

/** Opens `path` for a trace, runs `body` with a sink writing to it, and commits it on success. */
export async function withTraceFile<T>(path: string | undefined, body: (sink: TraceSink | undefined) => Promise<T>): Promise<T> {
  if (!path) return body(undefined);
  const writer = await AtomicLineWriter.open(path);
  try {
    const result = await body((event) => writer.write(JSON.stringify(event)));
    await writer.close();
    return result;
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
