/**
 * `logs`: middleware, API or webhook log lines in a generic export, CSV or NDJSON, with the
 * incident format's own fields: `at,component,level,code,sku,message` (`code`, `sku`,
 * `message` optional). `component` names a declared system or link (`wms->erp`); `level`
 * is `error`, `warn` or `info` (`warning` reads as `warn`). Log lines are evidence for the
 * checks, not inputs: the replay does not consume them, and they may lie outside the window.
 */
import { describeFound } from '../io/problems.js';
import { type ColumnSpec, streamFieldRecords } from './export-rows.js';
import { ExportTimeReader } from './export-time.js';
import { type Preset, type PresetRun, readRowTime } from './preset.js';

const SPECS: readonly ColumnSpec[] = [
  { field: 'at', names: ['at'], required: true },
  { field: 'component', names: ['component'], required: true },
  { field: 'level', names: ['level'], required: true },
  { field: 'code', names: ['code'], required: false },
  { field: 'sku', names: ['sku'], required: false },
  { field: 'message', names: ['message'], required: false },
];

const LEVELS: Readonly<Record<string, 'error' | 'warn' | 'info'>> = { error: 'error', warn: 'warn', warning: 'warn', info: 'info' };

export const logs: Preset = {
  name: 'logs',
  summary: 'log lines (at, component, level, code, sku, message), CSV or NDJSON: evidence for the checks',
  formats: ['csv', 'ndjson'],
  options: ['timezone', 'columns', 'dateFormat'],
  system: { required: false },
  read: readLogs,
};

async function readLogs(run: PresetRun): Promise<void> {
  const { source, builder, stats, reporter, problems, components } = run;
  const times = new ExportTimeReader(source.zone, source.dateOrder);
  const expectedComponent = `a declared system or link name (${[...components].join(', ')})`;
  await streamFieldRecords(
    source.file,
    source.format,
    SPECS,
    source.columns,
    (record, line) => {
      stats.rows++;
      const before = reporter.count;
      const atMs = readRowTime(times, record.get('at'), reporter, line, record.columnOf('at') ?? -1, 'at');
      const component = record.get('component');
      if (!component || !components.has(component)) reporter.report(line, record.columnOf('component'), 'component', expectedComponent, describeFound(component));
      const levelText = record.get('level');
      // Own keys only: a level such as `constructor` must not find what every object inherits.
      const level = levelText === undefined || !Object.hasOwn(LEVELS, levelText.toLowerCase()) ? undefined : LEVELS[levelText.toLowerCase()];
      if (level === undefined) reporter.report(line, record.columnOf('level'), 'level', 'error, warn or info', describeFound(levelText));
      if (reporter.count > before) return;
      builder.log(stats, atMs, component!, level!, record.get('code') || undefined, record.get('sku') || undefined, record.get('message') || undefined);
    },
    reporter,
    problems,
  );
}
