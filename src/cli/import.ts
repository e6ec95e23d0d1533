/**
 * `drift-sim import <manifest> --out incident.yaml`: an incident from the exports people
 * have (docs/import.md). `--init` writes a commented manifest; `--example DIR` writes a
 * scenario's run as vendor exports plus the manifest that imports them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '../io/atomic-write.js';
import { InputError } from '../io/problems.js';
import { findScenario } from '../io/scenario-library.js';
import { exampleExports, MANIFEST_NAME, writeExampleFiles } from '../import/example-exports.js';
import { importIncident } from '../import/import-incident.js';
import { manifestTemplate } from '../import/manifest-template.js';
import { stringifyJson } from '../report/json.js';
import { parseDuration } from '../sim/time.js';
import { jsonOption } from './common-options.js';
import { guarded } from './exit.js';

interface ImportArgs {
  manifest?: string;
  out?: string;
  json: boolean;
  init: boolean;
  example?: string;
  scenario: string;
  observe: string;
  seed: number;
}

export const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import [manifest]',
  describe: 'make an incident from vendor exports (WMS history, Shopify orders/inventory/webhooks, NetSuite saved search, counts, logs)',
  builder: (yargs) =>
    yargs
      .positional('manifest', { type: 'string', describe: 'the import manifest (import.yaml)' })
      .option('out', { type: 'string', requiresArg: true, description: 'the incident file to write (NDJSON side files go beside it)' })
      .option('json', jsonOption)
      .option('init', { type: 'boolean', default: false, description: 'write a commented manifest template (to the manifest path, default import.yaml)' })
      .option('example', { type: 'string', requiresArg: true, description: 'write realistic sample exports of a scenario, and their manifest, into this folder' })
      .option('scenario', { type: 'string', default: 'storefront-sits-low', description: 'with --example: the bundled scenario to run' })
      .option('observe', { type: 'string', default: '6h', description: 'with --example: sample every SKU in every system this often' })
      .option('seed', { type: 'number', default: 20261202, description: 'with --example: seed of the sample catalog (product titles, customers, ...)' })
      .check((args) => {
        const modes = [args.init, args.example !== undefined, args.manifest !== undefined && !args.init].filter(Boolean).length;
        if (args.example !== undefined && args.init) throw new Error('--init and --example are separate steps');
        if (modes === 0) throw new Error('give a manifest and --out, or --init, or --example DIR');
        if (!args.init && args.example === undefined && args.out === undefined) throw new Error('import needs --out incident.yaml');
        return true;
      })
      .example('$0 import --example exports', 'sample exports of a scenario plus exports/import.yaml')
      .example('$0 import exports/import.yaml --out incident.yaml', 'read the exports; write incident.yaml and its NDJSON side files')
      .example('$0 import --init', 'write a commented import.yaml to start from') as never,
  handler: (args) =>
    guarded(async () => {
      if (args.init) {
        const path = args.manifest ?? 'import.yaml';
        if (existsSync(path)) throw new InputError([{ file: path, path: '(file)', expected: 'no file there (--init does not overwrite)', found: 'an existing file' }]);
        await writeFileAtomic(path, manifestTemplate());
        if (args.json) process.stdout.write(stringifyJson({ manifest: path }));
        else process.stdout.write(`Wrote ${path}: edit its systems, links and sources, then run drift-sim import ${path} --out incident.yaml\n`);
        return;
      }
      if (args.example !== undefined) {
        const observeMs = parseDuration(args.observe);
        if (observeMs === undefined || observeMs <= 0) {
          throw new InputError([{ file: '--observe', path: 'observe', expected: 'a positive duration like 6h, 1d', found: JSON.stringify(args.observe) }]);
        }
        const entry = await findScenario(args.scenario);
        const { files } = await exampleExports(entry.incident, { observeMs, seed: args.seed, recorded: !entry.isScenario });
        const written = await writeExampleFiles(args.example, files);
        const manifest = join(args.example, MANIFEST_NAME);
        if (args.json) process.stdout.write(stringifyJson({ scenario: args.scenario, manifest, files: written }));
        else {
          process.stdout.write(`Wrote ${written.length} files for scenario ${args.scenario} into ${args.example}:\n`);
          for (const path of written) process.stdout.write(`  ${path}\n`);
          process.stdout.write(`Next: drift-sim import ${manifest} --out incident.yaml && drift-sim gate2 incident.yaml\n`);
        }
        return;
      }
      const summary = await importIncident(args.manifest!, args.out!);
      if (args.json) {
        process.stdout.write(stringifyJson(summary));
        return;
      }
      process.stdout.write(`Wrote ${summary.incident}: ${summary.movements} movements, ${summary.observations} observations, ${summary.logs} log lines${summary.initialCounts ? `, ${summary.initialCounts} starting counts` : ''}.\n`);
      for (const source of summary.sources) {
        const skipped = Object.entries(source.skipped).map(([reason, count]) => `${count} ${reason}`).join(', ');
        const kept = [['movements', source.movements], ['observations', source.observations], ['starting counts', source.initialCounts], ['log lines', source.logs]]
          .filter(([, count]) => (count as number) > 0)
          .map(([what, count]) => `${count} ${what}`)
          .join(', ');
        process.stdout.write(`  ${source.preset} ${source.file}: ${source.rows} rows -> ${kept || 'nothing'}${skipped ? `; left out ${skipped}` : ''}\n`);
      }
      process.stdout.write(`Next: drift-sim gate2 ${summary.incident}\n`);
    }),
};
