/**
 * Topologies: the systems of an omnichannel chain and the links between them, with every
 * link mode, cadence, offset, capacity, latency, carried value and idempotency the format
 * has. Shrinking moves toward the smallest readable chain: a WMS and a storefront joined by
 * one event link carrying snapshots.
 *
 * Shapes: `wms -> storefront`; `wms -> erp -> storefront`; either with orders flowing back
 * from the storefront (an event link carrying `order` and `cancel` deltas), and the three-system
 * chain sometimes with a 3PL feeding the WMS.
 *
 * @example
 * fc.assert(fc.property(topologyArbitrary(), (topology) => topology.links.length >= 1));
 */
import fc from 'fast-check';
import type { LinkDocument, SystemDocument } from './documents.js';

export interface TopologyDocument {
  systems: Record<string, SystemDocument>;
  links: LinkDocument[];
  recordOf: string;
}

export interface TopologyOptions {
  /** Link modes to draw from (default all three). */
  modes?: readonly LinkDocument['mode'][];
  /** Allow the three-system chain and the extras (default true). */
  chains?: boolean;
}

/**
 * The batch and poll periods drawn (the first is what shrinking moves to).
 *
 * @example
 * CADENCES[0]; // '15m'
 */
export const CADENCES = ['15m', '5m', '30m', '1h', '1d'] as const;

/**
 * One link between two systems with any mode and fields; defaults are left out of the document.
 *
 * @example
 * fc.sample(linkArbitrary('wms', 'erp'), 1)[0]; // { from: 'wms', to: 'erp', mode: 'batch', every: '15m' }
 */
export function linkArbitrary(from: string, to: string, modes: readonly LinkDocument['mode'][] = ['event', 'batch', 'poll']): fc.Arbitrary<LinkDocument> {
  return fc
    .record({
      mode: fc.constantFrom(...modes),
      carries: fc.constantFrom<('snapshot' | 'delta' | undefined)>(undefined, 'delta', 'snapshot'),
      latency: fc.constantFrom<(string | undefined)>(undefined, '3s', '2m'),
      every: fc.constantFrom(...CADENCES),
      offset: fc.constantFrom<(string | undefined)>(undefined, '5m', '10m'),
      capacity: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      idempotent: fc.constantFrom<(boolean | undefined)>(undefined, false),
    })
    .map(({ mode, carries, latency, every, offset, capacity, idempotent }) => {
      const link: LinkDocument = { from, to, mode };
      if (mode !== 'event') {
        link.every = every;
        if (offset !== undefined) link.offset = offset;
        if (capacity !== undefined) link.capacity = capacity;
      }
      if (carries !== undefined) link.carries = carries;
      if (latency !== undefined) link.latency = latency;
      if (idempotent !== undefined) link.idempotent = idempotent;
      return link;
    });
}

/**
 * A chain of systems and links; see the file comment for the shapes.
 *
 * @example
 * const topology = fc.sample(topologyArbitrary(), { seed: 7, numRuns: 1 })[0];
 * Object.keys(topology.systems); // ['wms', 'erp', 'storefront']
 */
export function topologyArbitrary(options: TopologyOptions = {}): fc.Arbitrary<TopologyDocument> {
  const modes = options.modes ?? ['event', 'batch', 'poll'];
  const chains = options.chains ?? true;
  return fc
    .record({
      erp: chains ? fc.boolean() : fc.constant(false),
      backLink: chains ? fc.boolean() : fc.constant(false),
      threePl: chains ? fc.boolean() : fc.constant(false),
      first: linkArbitrary('wms', 'erp', modes),
      second: linkArbitrary('erp', 'storefront', modes),
      direct: linkArbitrary('wms', 'storefront', modes),
      partner: linkArbitrary('3pl', 'wms', modes),
    })
    .map(({ erp, backLink, threePl, first, second, direct, partner }) => {
      const systems: Record<string, SystemDocument> = { wms: { kind: 'wms' } };
      const links: LinkDocument[] = [];
      if (erp) {
        systems.erp = { kind: 'erp' };
        links.push(first, second);
      } else {
        links.push(direct);
      }
      systems.storefront = { kind: 'shopify' };
      const upstream = erp ? 'erp' : 'wms';
      // Orders placed on the storefront flow back upstream; the relay rule stops them there.
      if (backLink) links.push({ from: 'storefront', to: upstream, mode: 'event', carries: 'delta', types: ['order', 'cancel'] });
      if (erp && threePl) {
        systems['3pl'] = { kind: '3pl' };
        links.push(partner);
      }
      return { systems, links, recordOf: 'wms' };
    });
}
