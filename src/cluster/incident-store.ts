/**
 * Incident images in Redis: stored once per content hash, in chunks (a Redis string holds
 * at most 512 MB; a month of a large retailer's movements is more), shared by every run that
 * names the same hash, and deleted when the last of them lets go. A crashed coordinator's
 * image expires after a day.
 *
 * @example
 * await storeIncident(redis, 'drift-sim', encoded, runId);
 * const bytes = await fetchIncident(redis, 'drift-sim', encoded.hash); // on a worker
 * await releaseIncident(redis, 'drift-sim', encoded.hash, runId);
 */
import type { Redis } from 'ioredis';
import { incidentKeys } from './protocol.js';
import type { EncodedIncident } from './wire.js';

/** Bytes per Redis value. */
const CHUNK_BYTES = 64 * 1024 * 1024;
/** A run refreshes its image's life on every batch; an abandoned image goes after this. */
const TTL_SECONDS = 24 * 3600;

/** Stores `incident` unless already there (another run may share it), and notes `runId` as a user. */
export async function storeIncident(redis: Redis, queue: string, incident: EncodedIncident, runId: string): Promise<void> {
  const keys = incidentKeys(queue, incident.hash);
  await redis.multi().sadd(keys.users, runId).expire(keys.users, TTL_SECONDS).exec();
  const stored = await redis.get(keys.meta);
  const chunks = Math.max(1, Math.ceil(incident.bytes.length / CHUNK_BYTES));
  if (stored === String(chunks)) {
    await touchIncident(redis, queue, incident.hash, chunks);
    return;
  }
  for (let index = 0; index < chunks; index++) {
    await redis.set(keys.chunk(index), incident.bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES), 'EX', TTL_SECONDS);
  }
  // The chunk count is written last: a worker never sees a half-written image.
  await redis.set(keys.meta, String(chunks), 'EX', TTL_SECONDS);
}

/** Gives the image (and its users set) another day. */
export async function touchIncident(redis: Redis, queue: string, hash: string, chunks: number): Promise<void> {
  const keys = incidentKeys(queue, hash);
  const multi = redis.multi().expire(keys.meta, TTL_SECONDS).expire(keys.users, TTL_SECONDS);
  for (let index = 0; index < chunks; index++) multi.expire(keys.chunk(index), TTL_SECONDS);
  await multi.exec();
}

/** The image's bytes, or undefined when Redis does not hold it (expired, or Redis restarted empty). */
export async function fetchIncident(redis: Redis, queue: string, hash: string): Promise<Buffer | undefined> {
  const keys = incidentKeys(queue, hash);
  const count = Number(await redis.get(keys.meta));
  if (!Number.isInteger(count) || count < 1) return undefined;
  const parts: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const part = await redis.getBuffer(keys.chunk(index));
    if (!part) return undefined;
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** Atomically: drop this run from the users, and the image itself when no run uses it any more. */
const RELEASE_SCRIPT = `
redis.call('SREM', KEYS[1], ARGV[1])
if redis.call('SCARD', KEYS[1]) > 0 then return 0 end
local count = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('DEL', KEYS[1], KEYS[2])
for index = 0, count - 1 do redis.call('DEL', ARGV[2] .. index) end
return 1`;

/** Lets go of the image for `runId`; deletes it when it was the last user. */
export async function releaseIncident(redis: Redis, queue: string, hash: string, runId: string): Promise<void> {
  const keys = incidentKeys(queue, hash);
  await redis.eval(RELEASE_SCRIPT, 2, keys.users, keys.meta, runId, keys.chunk(0).slice(0, -1));
}
