/**
 * `route_back`: a fulfilment partner's updates flow back into the chain. Its shipments
 * (`split_shipment` in `system`) enter its outgoing links like movements, and when it has no
 * link to `to` (default: the system of record) an event link `system->to` carrying deltas of
 * shipments is added, with `latency`. Answers `split_shipment`.
 */
import { linkIndex } from '../../sim/model.js';
import type { RemedyKindDefinition } from '../remedy-kind.js';
import { actsInSystem, mapFaults, withAddedLink } from '../world.js';

export const routeBackRemedy: RemedyKindDefinition = {
  kind: 'route_back',
  side: 'process',
  summary: "a fulfilment partner's updates flow back into the chain",
  answers: ['split_shipment'],
  params: [
    { name: 'system', type: 'system', required: true, doc: "the partner's system" },
    { name: 'to', type: 'system', doc: 'where its updates flow back to (default the system of record)' },
    { name: 'latency', type: 'duration', doc: 'delay of the added link (default 0)' },
  ],
  check(spec, incident) {
    const to = (spec.params.to as string | undefined) ?? incident.systems[incident.recordOf]!.name;
    return to === spec.params.system ? [{ path: 'to', expected: 'a system other than the partner', found: JSON.stringify(to) }] : [];
  },
  apply(spec, world) {
    const incident = world.incident;
    const system = spec.params.system as string;
    const to = (spec.params.to as string | undefined) ?? incident.systems[incident.recordOf]!.name;
    const name = `${system}->${to}`;
    const from = incident.systems.findIndex((candidate) => candidate.name === system);
    const target = incident.systems.findIndex((candidate) => candidate.name === to);
    const linked =
      linkIndex(incident, name) >= 0
        ? world
        : withAddedLink(world, { name, from, to: target, mode: 'event', offsetMs: 0, carries: 'delta', latencyMs: (spec.params.latency as number | undefined) ?? 0, types: ['shipment'], idempotent: true });
    return mapFaults(linked, (fault) => (fault.kind === 'split_shipment' && actsInSystem(fault, system) ? { kind: fault.kind, params: { ...fault.params, synced: true } } : fault));
  },
};
