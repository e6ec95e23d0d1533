/**
 * Human output of `run`: per drifted SKU, when the systems parted, the largest gap, and where
 * they ended; then the faults and the logs they produced.
 */
import pc from 'picocolors';
import type { SimulationResult } from '../sim/engine.js';
import type { SkuDrift } from '../sim/drift.js';
import type { FaultSpec, Incident } from '../sim/model.js';
import { formatTime } from '../sim/time.js';
import { describeFault } from './describe-fault.js';

/** At most this many drifted SKUs are listed; the rest are counted. */
const SKU_LIMIT = 50;

function counts(incident: Incident, values: readonly number[]): string {
  return incident.systems.map((system, index) => `${system.name} ${values[index]}`).join(', ');
}

export function formatRunText(incident: Incident, faults: readonly FaultSpec[], run: SimulationResult, drift: readonly SkuDrift[], rerun: string): string {
  const lines: string[] = [];
  const { stats } = run;
  lines.push(
    `Simulated ${incident.name}: ${stats.movements} movements, ${stats.cycles} link cycles, ${stats.messages} messages, ${stats.deliveries} deliveries, ${stats.interventions} interventions.`,
  );
  if (faults.length === 0) lines.push('Faults: none (the declared links only).');
  else {
    lines.push('Faults:');
    for (const fault of faults) lines.push(`  - [${fault.kind}] ${describeFault(fault)}`);
  }
  if (drift.length === 0) lines.push(pc.green('No drift: every system agreed on every SKU after each instant.'));
  else {
    lines.push(`${drift.length} SKU${drift.length === 1 ? '' : 's'} drifted (systems disagreed after some instant):`);
    for (const entry of drift.slice(0, SKU_LIMIT)) {
      const sku = incident.skus[entry.sku]!.sku;
      lines.push(`  ${pc.bold(sku)}`);
      lines.push(`    first apart ${formatTime(entry.firstDivergenceMs)}; largest gap ${entry.largestGap} at ${formatTime(entry.largestGapMs)} (${counts(incident, entry.atLargestGap)})`);
      const apart = Math.max(...entry.final) !== Math.min(...entry.final);
      lines.push(`    at the end: ${apart ? pc.red(counts(incident, entry.final)) : counts(incident, entry.final)}${apart ? '' : pc.dim(' (back in agreement)')}`);
    }
    if (drift.length > SKU_LIMIT) lines.push(pc.dim(`  (${drift.length - SKU_LIMIT} more SKUs drifted)`));
  }
  if (run.logs.length > 0) {
    lines.push(`The faults made the middleware log ${run.logs.length} line${run.logs.length === 1 ? '' : 's'}; the first:`);
    for (const line of run.logs.slice(0, 5)) lines.push(`  ${formatTime(line.atMs)} ${line.level} ${line.component} ${line.code ?? ''} ${line.message ?? ''}`);
  }
  lines.push(`Re-run: ${rerun}`);
  return `${lines.join('\n')}\n`;
}
