/**
 * `link`: change a declared link (its `mode`, `every`, `offset`, `capacity`, `latency`,
 * `idempotent`, `carries`) or add one (`from`, `to`). Answers the cadence and capacity rules
 * and a design that drifts by itself (a daily batch a business has outgrown).
 *
 * What it does to the faults in place: the job is reconfigured, so
 * - a fault kind that exists only on some link modes stops applying when the link moves to
 *   another mode (a webhook drop on a link that became a batch; a batch lag on a link that
 *   became event-driven);
 * - a new `every`, `offset` or `mode` reschedules the job: a `cadence` fault (the job running
 *   on another period, or pausing on weekdays) no longer holds;
 * - a new `capacity` is the job's real page size: a `batch_capacity` fault no longer holds.
 * Everything else stays as it is (a truncation keeps cutting, a timeout keeps timing out).
 */
import { faultKind } from '../../sim/faults/index.js';
import type { LinkCarries, LinkDef, LinkMode } from '../../sim/model.js';
import { linkIndex, systemIndex } from '../../sim/model.js';
import { DECLARED_LINKS, type RemedyKindDefinition } from '../remedy-kind.js';
import { actsOnLink, mapFaults, withAddedLink, withLink } from '../world.js';

export const linkRemedy: RemedyKindDefinition = {
  kind: 'link',
  side: 'integration',
  summary: "change a declared link's mode, cadence, capacity, latency, idempotency or carries, or add a link",
  answers: ['cadence', 'batch_capacity', 'batch_lag', 'webhook_drop', 'duplicate_delivery', 'timeout', 'rate_limit', DECLARED_LINKS],
  params: [
    { name: 'link', type: 'link', doc: 'the declared link to change (from->to)' },
    { name: 'from', type: 'system', doc: 'with to: add a link from this system' },
    { name: 'to', type: 'system', doc: 'with from: add a link to this system' },
    { name: 'mode', type: 'enum', values: ['event', 'batch', 'poll'], doc: 'event (a webhook per change), batch or poll' },
    { name: 'every', type: 'duration', doc: 'batch/poll: the period' },
    { name: 'offset', type: 'duration', doc: 'batch/poll: the offset of the cycles' },
    { name: 'capacity', type: 'positiveInteger', doc: 'batch/poll: at most this many SKUs per cycle' },
    { name: 'latency', type: 'duration', doc: 'delivery delay after send' },
    { name: 'idempotent', type: 'boolean', doc: 'the target ignores a second delivery of a key' },
    { name: 'carries', type: 'enum', values: ['snapshot', 'delta'], doc: "snapshot (the source's count) or delta (the change)" },
  ],
  exactlyOne: [['link', 'from']],
  requires: { from: 'to', to: 'from' },
  check(spec, incident) {
    const problems = [];
    const name = typeof spec.params.link === 'string' ? spec.params.link : undefined;
    const existing = name === undefined ? undefined : incident.links[linkIndex(incident, name)];
    const mode = (spec.params.mode as LinkMode | undefined) ?? existing?.mode;
    if (name === undefined) {
      const added = `${String(spec.params.from)}->${String(spec.params.to)}`;
      if (spec.params.from === spec.params.to) problems.push({ path: 'to', expected: 'a system other than from', found: JSON.stringify(spec.params.to) });
      if (linkIndex(incident, added) >= 0) problems.push({ path: 'from', expected: `a link that is not declared yet (change ${added} with link=${added})`, found: added });
      if (mode === undefined) problems.push({ path: 'mode', expected: 'a mode for the new link (event, batch or poll)', found: 'nothing' });
    } else if (Object.keys(spec.params).length === 1) {
      problems.push({ path: 'link', expected: 'at least one change (mode, every, offset, capacity, latency, idempotent, carries)', found: 'none' });
    }
    if (mode !== undefined && mode !== 'event' && spec.params.every === undefined && existing?.everyMs === undefined) {
      problems.push({ path: 'every', expected: `a period for a ${mode} link`, found: 'nothing' });
    }
    if (mode === 'event') {
      for (const param of ['every', 'offset', 'capacity']) {
        if (spec.params[param] !== undefined) problems.push({ path: param, expected: `${param} only on a batch or poll link`, found: `${param} on an event link` });
      }
    }
    if (typeof spec.params.every === 'number' && spec.params.every <= 0) problems.push({ path: 'every', expected: 'a positive period', found: '0' });
    return problems;
  },
  apply(spec, world) {
    const params = spec.params;
    const change = (link: LinkDef): LinkDef => {
      const mode = (params.mode as LinkMode | undefined) ?? link.mode;
      const next: LinkDef = {
        ...link,
        mode,
        carries: (params.carries as LinkCarries | undefined) ?? link.carries,
        latencyMs: (params.latency as number | undefined) ?? link.latencyMs,
        idempotent: (params.idempotent as boolean | undefined) ?? link.idempotent,
        offsetMs: (params.offset as number | undefined) ?? link.offsetMs,
      };
      const everyMs = (params.every as number | undefined) ?? link.everyMs;
      const capacity = (params.capacity as number | undefined) ?? link.capacity;
      delete next.everyMs;
      delete next.capacity;
      if (mode !== 'event') {
        if (everyMs !== undefined) next.everyMs = everyMs;
        if (capacity !== undefined) next.capacity = capacity;
      } else next.offsetMs = 0;
      return next;
    };
    if (typeof params.link !== 'string') {
      const from = systemIndex(world.incident, params.from as string);
      const to = systemIndex(world.incident, params.to as string);
      const blank: LinkDef = { name: `${params.from as string}->${params.to as string}`, from, to, mode: 'event', offsetMs: 0, carries: 'delta', latencyMs: 0, idempotent: true };
      return withAddedLink(world, change(blank));
    }
    const name = params.link;
    const changed = withLink(world, name, change);
    const mode = changed.incident.links[linkIndex(changed.incident, name)]!.mode;
    const rescheduled = params.every !== undefined || params.offset !== undefined || params.mode !== undefined;
    return mapFaults(changed, (fault) => {
      if (!actsOnLink(fault, name)) return fault;
      const modes = faultKind(fault.kind)?.linkModes;
      if (modes && !modes.includes(mode)) return undefined;
      if (fault.kind === 'cadence' && rescheduled) return undefined;
      if (fault.kind === 'batch_capacity' && params.capacity !== undefined) return undefined;
      return fault;
    });
  },
};
