/**
 * `approval_gate`: manual count changes in a system need approval. `action: stop` refuses
 * them (the overrides never happen); `action: route` sends them through the sync chain: the
 * same change is entered in the system of record and flows down the links like a movement.
 * Answers `manual_override`; `sku` limits it to one SKU.
 */
import type { RemedyKindDefinition } from '../remedy-kind.js';
import { actsInSystem, mapFaults } from '../world.js';

export const approvalGateRemedy: RemedyKindDefinition = {
  kind: 'approval_gate',
  side: 'process',
  summary: 'manual overrides in a system are stopped, or routed through the sync chain',
  answers: ['manual_override'],
  params: [
    { name: 'system', type: 'system', required: true, doc: 'the system whose manual changes need approval' },
    { name: 'action', type: 'enum', values: ['stop', 'route'], doc: 'stop them, or route them through the system of record (default stop)' },
    { name: 'sku', type: 'sku', doc: 'only this SKU (default every SKU)' },
  ],
  defaults: { action: 'stop' },
  apply(spec, world) {
    const system = spec.params.system as string;
    const sku = spec.params.sku as string | undefined;
    const record = world.incident.systems[world.incident.recordOf]!.name;
    return mapFaults(world, (fault) => {
      if (fault.kind !== 'manual_override' || !actsInSystem(fault, system)) return fault;
      if (sku !== undefined && fault.params.sku !== sku) return fault;
      if (spec.params.action === 'stop') return undefined;
      return { kind: fault.kind, params: { ...fault.params, system: record, synced: true } };
    });
  },
};
