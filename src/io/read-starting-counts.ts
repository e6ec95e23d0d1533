/**
 * `--starting-count SYSTEM:SKU=DIFF`: a starting-count correction on the command line, as
 * Gate 2's re-run commands carry them (differences already there when the window opened).
 * Every bad value is a problem naming the flag, what was expected and what was found.
 */
import { type Incident, skuIndex, systemIndex } from '../sim/model.js';
import type { StartingCount } from '../sim/starting-counts.js';
import { InputError, type Problem } from './problems.js';

/** Parses every flag value against `incident`; throws InputError listing all problems. */
export function readStartingCounts(incident: Incident, values: readonly string[]): StartingCount[] {
  const problems: Problem[] = [];
  const counts: StartingCount[] = [];
  values.forEach((value, index) => {
    const path = `--starting-count[${index}]`;
    const colon = value.indexOf(':');
    const equals = value.lastIndexOf('=');
    if (colon <= 0 || equals <= colon + 1) {
      problems.push({ file: 'command line', path, expected: 'SYSTEM:SKU=DIFF, e.g. storefront:MUG-01=-5', found: JSON.stringify(value) });
      return;
    }
    const systemName = value.slice(0, colon);
    const skuName = value.slice(colon + 1, equals);
    const differenceText = value.slice(equals + 1);
    const system = systemIndex(incident, systemName);
    const sku = skuIndex(incident, skuName);
    const difference = /^[+-]?\d+$/.test(differenceText) ? Number(differenceText) : Number.NaN;
    if (system < 0) problems.push({ file: 'command line', path: `${path}.system`, expected: `a declared system (${incident.systems.map((item) => item.name).join(', ')})`, found: JSON.stringify(systemName) });
    if (sku < 0) problems.push({ file: 'command line', path: `${path}.sku`, expected: 'a SKU of the incident', found: JSON.stringify(skuName) });
    if (!Number.isSafeInteger(difference) || difference === 0) problems.push({ file: 'command line', path: `${path}.difference`, expected: 'a non-zero whole number like -5 or +3', found: JSON.stringify(differenceText) });
    if (system >= 0 && sku >= 0 && Number.isSafeInteger(difference) && difference !== 0) counts.push({ system, sku, difference });
  });
  if (problems.length > 0) throw new InputError(problems);
  return counts;
}
