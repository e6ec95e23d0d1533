/**
 * docs/remedies.md stays in step with the remedy library: every kind has a section in the
 * library's order and a row in the overview naming every fault kind it answers, every
 * parameter has a row (with the kind's default where it has one), and every example parses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECLARED_LINKS } from '../../src/fix/remedy-kind.js';
import { REMEDY_KINDS, parseRemedyFlag } from '../../src/fix/remedies/index.js';
import { formatParam } from '../../src/sim/faults/params.js';
import { incidentFrom } from '../support/incident.js';

const doc = readFileSync(new URL('../../docs/remedies.md', import.meta.url), 'utf8');

function section(kind: string): string {
  const start = doc.indexOf(`\n## ${kind}\n`);
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

const incident = await incidentFrom(`version: 1
name: doc
window: {start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z'}
systems: {wms: {kind: wms}, erp: {kind: erp}, storefront: {kind: shopify}, partner: {kind: 3pl}}
skus: [{sku: MUG-01}]
links:
  - {from: wms, to: erp, mode: batch, every: 15m}
  - {from: erp, to: storefront, mode: event, carries: delta}
  - {from: storefront, to: erp, mode: event, carries: delta}
`);

describe('docs/remedies.md', () => {
  it('has a section per kind in the library order, and an overview row with what each answers', () => {
    const sections = [...doc.matchAll(/^## ([a-z_]+)$/gm)].map((match) => match[1]).filter((name) => REMEDY_KINDS.some((kind) => kind.kind === name));
    expect(sections).toEqual(REMEDY_KINDS.map((kind) => kind.kind));
    for (const definition of REMEDY_KINDS) {
      const row = doc.split('\n').find((line) => line.startsWith(`| [\`${definition.kind}\`]`));
      expect(row, definition.kind).toBeDefined();
      expect(row).toContain(`| ${definition.side} |`);
      for (const answer of definition.answers) expect(row, `${definition.kind} answers ${answer}`).toContain(answer === DECLARED_LINKS ? 'the declared links alone' : `\`${answer}\``);
    }
  });

  for (const definition of REMEDY_KINDS) {
    it(`${definition.kind}: a row per parameter, its defaults, and examples that parse`, () => {
      const text = section(definition.kind);
      for (const param of definition.params) {
        const row = text.split('\n').find((line) => line.startsWith(`| \`${param.name}\` |`));
        expect(row, `${definition.kind}.${param.name}`).toBeDefined();
        if (param.required) expect(row).toContain('required');
        const fallback = definition.defaults?.[param.name];
        if (fallback !== undefined) expect(row).toContain(`\`${formatParam(param, fallback)}\``);
      }
      const flags = [...text.matchAll(/--remedy '([^']+)'/g)].map((match) => match[1]!);
      expect(flags.length).toBeGreaterThan(0);
      for (const flag of flags) {
        expect(flag.startsWith(`${definition.kind}:`), flag).toBe(true);
        expect(parseRemedyFlag(flag, incident).problems, flag).toEqual([]);
      }
    });
  }
});
