/**
 * Human output of `replay`: one line per observation, observed against simulated per system,
 * mismatches highlighted, then a summary line and the command that reproduces the run.
 */
import pc from 'picocolors';
import type { Incident } from '../sim/model.js';
import type { ReplayReport } from '../sim/replay.js';
import { formatTime } from '../sim/time.js';

/** Above this many observations, only the mismatched ones are listed (unless `all`). */
export const LISTING_LIMIT = 200;

export function formatReplayText(incident: Incident, report: ReplayReport, options: { all?: boolean; rerun?: string } = {}): string {
  const lines: string[] = [];
  const { summary } = report;
  const skuWidth = Math.max(3, ...incident.skus.map((sku) => sku.sku.length));
  const systemWidth = incident.systems.map((system) => Math.max(system.name.length, 14));
  const listAll = options.all || report.comparisons.length <= LISTING_LIMIT;
  lines.push(
    [pad('time', 21), pad('sku', skuWidth), ...incident.systems.map((system, index) => pad(system.name, systemWidth[index]!)), 'match'].join('  '),
  );
  let hidden = 0;
  for (const comparison of report.comparisons) {
    if (!listAll && comparison.matches) {
      hidden++;
      continue;
    }
    const cells = comparison.systems.map((system, index) => {
      const width = systemWidth[index]!;
      if (system.observed === undefined) return pc.dim(pad(`(${system.simulated})`, width));
      if (system.matches) return pad(String(system.simulated), width);
      const sign = system.difference! > 0 ? '+' : '';
      return pc.red(pad(`${system.observed}≠${system.simulated} (${sign}${system.difference})`, width));
    });
    lines.push([pad(formatTime(comparison.atMs), 21), pad(comparison.sku, skuWidth), ...cells, comparison.matches ? pc.green('yes') : pc.red('NO')].join('  '));
  }
  if (hidden > 0) lines.push(pc.dim(`(${hidden} matching observations not listed; --all lists them)`));
  lines.push('');
  lines.push(
    summary.observations === 0
      ? `No observations to compare: the incident records none (${report.run.stats.movements} movements replayed, ${report.run.stats.messages} link messages, ${report.run.stats.deliveries} deliveries).`
      : summary.reproduces
      ? pc.green(`All ${summary.observations} observations match the replay${incident.tolerance ? ` (tolerance ${incident.tolerance})` : ''}.`)
      : pc.red(
          `${summary.mismatched} of ${summary.observations} observations differ from the replay (${summary.matched} match; largest difference ${summary.maxAbsError}).`,
        ),
  );
  lines.push(pc.dim('Cells: simulated count; observed≠simulated (simulated - observed) where they differ; (simulated) where not observed.'));
  if (report.run.logs.length > 0) lines.push(`The faults made the middleware log ${report.run.logs.length} line${report.run.logs.length === 1 ? '' : 's'} (--json lists them).`);
  if (options.rerun) lines.push(`Re-run: ${options.rerun}`);
  return `${lines.join('\n')}\n`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
