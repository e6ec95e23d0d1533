/**
 * `counts`: observed counts in a generic export, CSV or NDJSON, one count per row:
 * `at,sku,system,count`. Spot checks, an ERP item search (Location On Hand), a storefront
 * report: anything that says "system S showed N of SKU K at time T".
 *
 * A source for one system may leave the `system` column out and say `system:`; a snapshot
 * may leave `at` out and say `at:`. Counts of several sources at the same instant and SKU
 * merge into one observation. With `initial: true` the rows are the starting counts.
 */
import { describeFound } from '../io/problems.js';
import { type ColumnSpec, streamFieldRecords } from './export-rows.js';
import { ExportTimeReader } from './export-time.js';
import { type Preset, type PresetRun, readRowNumber, readRowTime } from './preset.js';

export const counts: Preset = {
  name: 'counts',
  summary: 'observed counts (at, sku, system, count), CSV or NDJSON: observations, or starting counts',
  formats: ['csv', 'ndjson'],
  options: ['system', 'at', 'timezone', 'columns', 'initial', 'dateFormat'],
  system: { required: false },
  read: readCounts,
};

async function readCounts(run: PresetRun): Promise<void> {
  const { source, builder, stats, reporter, problems, systems } = run;
  const times = new ExportTimeReader(source.zone, source.dateOrder);
  const byName = new Map(systems.map((system, index) => [system.name, index]));
  const specs: ColumnSpec[] = [
    { field: 'at', names: ['at'], required: source.atMs === undefined && !source.initial },
    { field: 'sku', names: ['sku'], required: true },
    { field: 'system', names: ['system'], required: source.system === undefined },
    { field: 'count', names: ['count'], required: true },
  ];
  const expectedSystem = `a declared system (${systems.map((system) => system.name).join(', ')})`;

  await streamFieldRecords(
    source.file,
    source.format,
    specs,
    source.columns,
    (record, line) => {
      stats.rows++;
      const before = reporter.count;
      const atText = record.get('at');
      let atMs = source.atMs ?? NaN;
      if (atText) atMs = readRowTime(times, atText, reporter, line, record.columnOf('at') ?? -1, 'at');
      else if (source.atMs === undefined && !source.initial) reporter.report(line, record.columnOf('at'), 'at', 'the time of the count', 'nothing');
      const sku = record.get('sku');
      if (!sku) reporter.report(line, record.columnOf('sku'), 'sku', 'a SKU', 'nothing');
      const systemText = record.get('system');
      let system = source.system;
      if (systemText) {
        system = byName.get(systemText);
        if (system === undefined) reporter.report(line, record.columnOf('system'), 'system', expectedSystem, describeFound(systemText));
      } else if (system === undefined) reporter.report(line, record.columnOf('system'), 'system', expectedSystem, 'nothing');
      const count = readRowNumber(record.get('count'), reporter, line, record.columnOf('count') ?? -1, 'count', -Infinity, 'a whole number');
      if (reporter.count > before) return;
      const origin = { file: source.file.displayPath, line, ...(record.columnOf('count') !== undefined ? { column: record.columnOf('count')! + 1 } : {}) };
      if (source.initial) {
        if (atText && atMs !== builder.window.startMs) {
          reporter.report(line, record.columnOf('at'), 'at', 'the window\'s start (a snapshot of the starting counts)', atText);
          return;
        }
        builder.initialCount(stats, sku!, system!, count, origin);
      } else builder.observation(stats, atMs, sku!, system!, count, origin);
    },
    reporter,
    problems,
  );
}
