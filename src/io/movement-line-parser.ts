/**
 * A fast path for NDJSON movement lines: reads the bytes of a line of the usual shape
 * (`{"at":"2026-03-02T09:00:00Z","system":"wms","sku":"MUG-01","type":"shipment","qty":-2,"ref":"SO-1"}`)
 * straight into the movement store, with no `JSON.parse`, no object per line and no string
 * per field: the SKU is found by hashing its bytes, the system and type by comparing bytes,
 * the ref's bytes are copied into the store's arena. Strings must be ASCII without escapes,
 * which is what exports write; other lines take the general path.
 *
 * It is exact by construction: it takes a line only when the line is a JSON object of
 * known fields whose every value passes the movement checks as the general path would read
 * it; anything else (an escape in a string, a fraction, an unknown or repeated key, a value
 * that would be a problem, a time in another form) makes it answer false, and the line goes
 * through `JSON.parse` and `MovementSink.accept`, which accept it or word its problems with
 * file, line and column. So both paths keep the same rows, and problems only come from one.
 */
import { ABSOLUTE_MOVEMENT_TYPES, MOVEMENT_TYPES } from '../sim/model.js';
import { MOVEMENT_ABSOLUTE, MOVEMENT_SYNC, MOVEMENT_TYPE_CODE } from '../sim/movement-store.js';
import { parseTimeBytes } from './fast-time.js';
import { ACTOR, AT, COUNT, MOVEMENT_FIELDS, type MovementSink, QTY, REF, SKU, SYNC, SYSTEM, TYPE, isValidActor } from './movement-sink.js';
import type { WindowBounds } from './record-sink.js';
import type { SkuInterner } from './sku-interner.js';

const FIELD_COUNT = MOVEMENT_FIELDS.length;

/** What a value was: a string (bytes in `start..end`), an integer, a boolean, or null. */
const ABSENT = 0;
const STRING = 1;
const INTEGER = 2;
const TRUE = 3;
const FALSE = 4;
const NULL = 5;

const QUOTE = 34;
const BACKSLASH = 92;

const encoder = new TextEncoder();

/** The text of ASCII bytes (the only strings this path takes). */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** Byte strings to compare a field against: the field names, the system names, the movement types. */
function encodeAll(names: readonly string[]): Uint8Array[] {
  return names.map((name) => encoder.encode(name));
}

function matchIndex(table: readonly Uint8Array[], bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  for (let index = 0; index < table.length; index++) {
    const candidate = table[index]!;
    if (candidate.length !== length) continue;
    let same = true;
    for (let offset = 0; offset < length; offset++) {
      if (candidate[offset] !== bytes[start + offset]) {
        same = false;
        break;
      }
    }
    if (same) return index;
  }
  return -1;
}

/**
 * SKU bytes -> provisional SKU index, an open-addressing table over a byte arena, so a SKU
 * seen before costs a hash and a compare, never a string. A new SKU is made a string once and
 * interned like the general path does (the same index, whichever path saw it first).
 * The streamed replay's first pass (stream-movements.ts) collects a file's SKUs with it.
 *
 * @example
 * const table = new SkuBytesTable(new SkuInterner());
 * table.lookup(Buffer.from('"MUG-01"'), 1, 7); // 0
 */
export class SkuBytesTable {
  private slots = new Int32Array(1 << 12).fill(-1);
  private keyStart: Int32Array = new Int32Array(1 << 11);
  private keyEnd: Int32Array = new Int32Array(1 << 11);
  private value: Int32Array = new Int32Array(1 << 11);
  private arena = new Uint8Array(1 << 16);
  private arenaLength = 0;
  private count = 0;

  constructor(private readonly skus: SkuInterner) {}

  lookup(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let at = start; at < end; at++) hash = Math.imul(hash ^ bytes[at]!, 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry < 0) return this.insert(slot, bytes, start, end);
      const keyStart = this.keyStart[entry]!;
      if (this.keyEnd[entry]! - keyStart !== end - start) continue;
      let same = true;
      for (let offset = 0; offset < end - start; offset++) {
        if (this.arena[keyStart + offset] !== bytes[start + offset]) {
          same = false;
          break;
        }
      }
      if (same) return this.value[entry]!;
    }
  }

  private insert(slot: number, bytes: Uint8Array, start: number, end: number): number {
    const sku = this.skus.intern(asciiText(bytes, start, end));
    const entry = this.count++;
    if (entry === this.keyStart.length) {
      this.keyStart = grow(this.keyStart);
      this.keyEnd = grow(this.keyEnd);
      this.value = grow(this.value);
    }
    const length = end - start;
    if (this.arenaLength + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLength + length));
      arena.set(this.arena.subarray(0, this.arenaLength));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaLength);
    this.keyStart[entry] = this.arenaLength;
    this.keyEnd[entry] = this.arenaLength + length;
    this.arenaLength += length;
    this.value[entry] = sku;
    this.slots[slot] = entry;
    if (this.count * 2 > this.slots.length) this.rehash();
    return sku;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let hash = 0x811c9dc5;
      for (let at = this.keyStart[entry]!; at < this.keyEnd[entry]!; at++) hash = Math.imul(hash ^ this.arena[at]!, 0x01000193);
      let slot = hash & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

function grow(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/**
 * @example
 * const parser = new MovementLineParser(sink, skus, ['wms', 'erp'], bounds);
 * const line = Buffer.from('{"at":"2026-03-02T09:00:00Z","system":"wms","sku":"A","type":"receipt","qty":5}');
 * parser.parse(line, 0, line.length); // true: the movement is in the sink's store
 */
export class MovementLineParser {
  private readonly fieldNames = encodeAll(MOVEMENT_FIELDS);
  private readonly systemNames: Uint8Array[];
  private readonly typeNames = encodeAll(MOVEMENT_TYPES);
  private readonly typeCode = Int32Array.from(MOVEMENT_TYPES, (type) => MOVEMENT_TYPE_CODE.get(type)!);
  private readonly typeAbsolute = Uint8Array.from(MOVEMENT_TYPES, (type) => (ABSOLUTE_MOVEMENT_TYPES.has(type) ? 1 : 0));
  private readonly skuTable: SkuBytesTable;
  // Per-line scratch, reused: what each field held and where.
  private readonly kind = new Uint8Array(FIELD_COUNT);
  private readonly start = new Int32Array(FIELD_COUNT);
  private readonly end = new Int32Array(FIELD_COUNT);
  private readonly integer = new Float64Array(FIELD_COUNT);

  constructor(
    private readonly sink: MovementSink,
    skus: SkuInterner,
    systems: readonly string[],
    private readonly bounds: WindowBounds,
  ) {
    this.systemNames = encodeAll(systems);
    this.skuTable = new SkuBytesTable(skus);
  }

  /** Takes the line `bytes[start, end)` when it is a valid movement of the usual shape; false leaves it to the general path. */
  parse(bytes: Uint8Array, start: number, end: number): boolean {
    const close = this.read(bytes, start, end);
    if (close < 0 || skipSpace(bytes, close, end) !== end) return false;
    return this.keep(bytes);
  }

  /**
   * Like `parse` for the line starting at `start` whose end is not known yet (`limit` is the
   * end of the bytes at hand): the line is read up to its newline, which saves looking for
   * it first. The index of that newline when the line was taken; -1 leaves the line to the
   * caller (it is not of the usual shape, or it goes on past `limit`).
   */
  parseLine(bytes: Uint8Array, start: number, limit: number): number {
    const close = this.read(bytes, start, limit);
    if (close < 0) return -1;
    const newline = skipSpace(bytes, close, limit);
    if (newline >= limit || bytes[newline] !== 10 /* \n */) return -1;
    return this.keep(bytes) ? newline : -1;
  }

  /**
   * Reads one JSON object of movement fields from `start` into the scratch; the index after
   * its closing brace, or -1. Nothing here passes a newline (whitespace stops at it and
   * strings refuse control characters), so a line is never read into the next.
   */
  private read(bytes: Uint8Array, start: number, end: number): number {
    const kind = this.kind;
    kind.fill(ABSENT);
    let at = skipSpace(bytes, start, end);
    if (bytes[at] !== 123 /* { */) return -1;
    at = skipSpace(bytes, at + 1, end);
    if (bytes[at] === 125 /* } */) return -1;
    for (;;) {
      // A key: known, not seen before on this line, no escapes.
      if (bytes[at] !== QUOTE) return -1;
      const keyStart = at + 1;
      let keyEnd = keyStart;
      while (keyEnd < end && bytes[keyEnd] !== QUOTE) {
        if (bytes[keyEnd] === BACKSLASH || bytes[keyEnd]! < 0x20) return -1;
        keyEnd++;
      }
      if (keyEnd >= end) return -1;
      const field = matchIndex(this.fieldNames, bytes, keyStart, keyEnd);
      if (field < 0 || kind[field] !== ABSENT) return -1;
      at = skipSpace(bytes, keyEnd + 1, end);
      if (bytes[at] !== 58 /* : */) return -1;
      at = skipSpace(bytes, at + 1, end);
      at = this.readValue(bytes, at, end, field);
      if (at < 0) return -1;
      at = skipSpace(bytes, at, end);
      const next = bytes[at];
      if (next === 44 /* , */) {
        at = skipSpace(bytes, at + 1, end);
        continue;
      }
      if (next !== 125 /* } */) return -1;
      return at + 1;
    }
  }

  /** Reads the value of `field` at `at`; the index after it, or -1 when the line is not for this path. */
  private readValue(bytes: Uint8Array, at: number, end: number, field: number): number {
    const first = bytes[at];
    if (first === QUOTE) {
      // ASCII only, no escapes: then the bytes are the string's UTF-16 units, one each.
      let close = at + 1;
      for (; close < end; close++) {
        const byte = bytes[close]!;
        if (byte === QUOTE) break;
        if (byte === BACKSLASH || byte < 0x20 || byte >= 0x80) return -1;
      }
      if (close >= end) return -1;
      this.kind[field] = STRING;
      this.start[field] = at + 1;
      this.end[field] = close;
      return close + 1;
    }
    if (first === 45 /* - */ || (first! >= 48 && first! <= 57)) {
      let cursor = at;
      const negative = first === 45;
      if (negative) cursor++;
      const digitsStart = cursor;
      let value = 0;
      while (cursor < end && bytes[cursor]! >= 48 && bytes[cursor]! <= 57) value = value * 10 + (bytes[cursor++]! - 48);
      const digits = cursor - digitsStart;
      // JSON forbids leading zeros; fractions and exponents go the general way, and so do
      // numbers long enough to be unsafe integers.
      if (digits === 0 || digits > 15 || (digits > 1 && bytes[digitsStart] === 48)) return -1;
      const after = bytes[cursor];
      if (after === 46 /* . */ || after === 101 /* e */ || after === 69 /* E */) return -1;
      this.kind[field] = INTEGER;
      this.integer[field] = negative ? (value === 0 ? -0 : -value) : value;
      return cursor;
    }
    if (first === 116 /* t */ && bytes[at + 1] === 114 && bytes[at + 2] === 117 && bytes[at + 3] === 101) {
      this.kind[field] = TRUE;
      return at + 4;
    }
    if (first === 102 /* f */ && bytes[at + 1] === 97 && bytes[at + 2] === 108 && bytes[at + 3] === 115 && bytes[at + 4] === 101) {
      this.kind[field] = FALSE;
      return at + 5;
    }
    if (first === 110 /* n */ && bytes[at + 1] === 117 && bytes[at + 2] === 108 && bytes[at + 3] === 108) {
      this.kind[field] = NULL;
      return at + 4;
    }
    return -1;
  }

  /** The movement checks on what was read; appends the row when every one passes. */
  private keep(bytes: Uint8Array): boolean {
    const kind = this.kind;
    const start = this.start;
    const end = this.end;
    // Text fields: a non-empty string (null or "" would be a missing field; a number is read
    // as its digits by the general path, which is left to do it).
    if (kind[AT] !== STRING || kind[SYSTEM] !== STRING || kind[SKU] !== STRING || kind[TYPE] !== STRING) return false;
    if (end[SYSTEM] === start[SYSTEM] || end[SKU] === start[SKU]) return false;
    const atMs = parseTimeBytes(bytes, start[AT]!, end[AT]!);
    if (atMs !== atMs || atMs < this.bounds.startMs || atMs > this.bounds.endMs) return false;
    const system = matchIndex(this.systemNames, bytes, start[SYSTEM]!, end[SYSTEM]!);
    if (system < 0) return false;
    const type = matchIndex(this.typeNames, bytes, start[TYPE]!, end[TYPE]!);
    if (type < 0) return false;
    const absolute = this.typeAbsolute[type] === 1;
    const valueField = absolute ? COUNT : QTY;
    const otherField = absolute ? QTY : COUNT;
    if (kind[valueField] !== INTEGER) return false;
    // The other one must be left out (null or "" count as left out).
    const other = kind[otherField]!;
    if (other !== ABSENT && other !== NULL && !(other === STRING && end[otherField] === start[otherField])) return false;
    const value = this.integer[valueField]!;
    if (!absolute && value === 0) return false;

    const refKind = kind[REF]!;
    const hasRef = refKind === STRING && end[REF]! > start[REF]!;
    if (!hasRef && refKind !== ABSENT && refKind !== NULL && refKind !== STRING) return false;
    const actorKind = kind[ACTOR]!;
    let actor = -1;
    if (actorKind === STRING && end[ACTOR]! > start[ACTOR]!) {
      const name = asciiText(bytes, start[ACTOR]!, end[ACTOR]!);
      if (!isValidActor(name)) return false;
      actor = this.sink.movements.actorCode(name);
    } else if (actorKind !== ABSENT && actorKind !== NULL && actorKind !== STRING) {
      return false;
    }
    const syncKind = kind[SYNC]!;
    if (syncKind !== ABSENT && syncKind !== NULL && syncKind !== TRUE && syncKind !== FALSE) return false;
    const sync = syncKind !== FALSE;

    const sku = this.skuTable.lookup(bytes, start[SKU]!, end[SKU]!);
    const store = this.sink.movements;
    store.push(atMs, system, sku, this.typeCode[type]!, value, (absolute ? MOVEMENT_ABSOLUTE : 0) | (sync ? MOVEMENT_SYNC : 0), actor);
    if (hasRef) store.setRefBytes(bytes, start[REF]!, end[REF]!);
    this.sink.noteTime(atMs);
    return true;
  }
}

/** The index of the first byte from `at` that is not JSON whitespace other than a newline (a line ends there). */
function skipSpace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end) {
    const byte = bytes[at]!;
    if (byte !== 32 && byte !== 9 && byte !== 13) return at;
    at++;
  }
  return at;
}
