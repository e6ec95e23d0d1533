/**
 * `push_counts`: cycle counts and corrections entered in a system are pushed into the sync
 * chain (the screen raises the sync event, or a job pushes them): each `unpropagated_adjustment`
 * in the system enters its outgoing links like a movement. Answers `unpropagated_adjustment`;
 * the system needs an outgoing link (add one with `link:from=...,to=...`).
 */
import type { RemedyKindDefinition } from '../remedy-kind.js';
import { actsInSystem, mapFaults } from '../world.js';

export const pushCountsRemedy: RemedyKindDefinition = {
  kind: 'push_counts',
  side: 'process',
  summary: 'cycle counts and corrections enter the sync chain',
  answers: ['unpropagated_adjustment'],
  params: [
    { name: 'system', type: 'system', required: true, doc: 'the system where counts are entered' },
    { name: 'sku', type: 'sku', doc: 'only this SKU (default every SKU)' },
  ],
  check(spec, incident) {
    const system = incident.systems.findIndex((candidate) => candidate.name === spec.params.system);
    if (system >= 0 && !incident.links.some((link) => link.from === system)) {
      return [{ path: 'system', expected: 'a system with an outgoing link to push through (add one with link:from=...,to=...)', found: `${String(spec.params.system)}, which has none` }];
    }
    return [];
  },
  apply(spec, world) {
    const system = spec.params.system as string;
    const sku = spec.params.sku as string | undefined;
    return mapFaults(world, (fault) => {
      if (fault.kind !== 'unpropagated_adjustment' || !actsInSystem(fault, system)) return fault;
      if (sku !== undefined && fault.params.sku !== sku) return fault;
      return { kind: fault.kind, params: { ...fault.params, synced: true } };
    });
  },
};
