/**
 * docs/faults.md stays in step with the fault library: every kind has a section in the
 * tie-break order, every parameter of its `params` table has a row (saying `required` or
 * giving the kind's default), and every example `--fault` flag parses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultContext, parseFaultFlag } from '../../src/sim/faults/index.js';
import { formatParam } from '../../src/sim/faults/params.js';

const doc = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');

/** The text of `## kind` up to the next `## `. */
function section(kind: string): string {
  const start = doc.indexOf(`\n## ${kind}\n`);
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

const context: FaultContext = {
  systems: ['wms', 'erp', 'storefront'],
  links: ['wms->erp', 'erp->storefront'],
  linkModes: { 'wms->erp': 'batch', 'erp->storefront': 'event' },
};

describe('docs/faults.md', () => {
  it('lists the kinds in FAULT_KINDS order, in the contents and as sections', () => {
    const listed = [...doc.matchAll(/^\| (\d+) \| \[`([a-z_]+)`\]/gm)].map((match) => match[2]);
    expect(listed).toEqual(FAULT_KINDS.map((kind) => kind.kind));
    const sections = [...doc.matchAll(/^## ([a-z_]+)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(FAULT_KINDS.map((kind) => kind.kind));
  });

  for (const definition of FAULT_KINDS) {
    it(`${definition.kind}: a row per parameter, with its default, and example flags that parse`, () => {
      const text = section(definition.kind);
      for (const param of definition.params) {
        const row = text.split('\n').find((line) => line.startsWith(`| \`${param.name}\` |`));
        expect(row, `${definition.kind}.${param.name}`).toBeDefined();
        if (param.required) expect(row).toContain('required');
        const fallback = definition.defaults?.[param.name];
        if (fallback !== undefined) expect(row).toContain(`\`${formatParam(param, fallback)}\``);
      }
      const rows = text.split('\n').filter((line) => /^\| `[A-Za-z]+` \|/.test(line));
      expect(rows).toHaveLength(definition.params.length);
      const flags = [...text.matchAll(/--fault '([^']+)'/g)].map((match) => match[1]!);
      expect(flags.length).toBeGreaterThan(0);
      for (const flag of flags) {
        expect(flag.startsWith(`${definition.kind}:`), flag).toBe(true);
        expect(parseFaultFlag(flag, context).problems, flag).toEqual([]);
      }
    });
  }
});
