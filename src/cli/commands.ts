/**
 * Every command of the CLI, in the order `--help` lists them.
 *
 * Each command's module is imported only when it is needed: a run of `drift-sim replay`
 * loads the replay command and what it uses, not the search, the HTML report, the import
 * presets or the cluster's queue (loading every command cost about 0.7 s of CPU at start).
 */
import type { CommandModule } from 'yargs';

type AnyCommand = CommandModule<object, never>;

/** Command name -> a loader of its module, in `--help` order. */
export const commandLoaders: ReadonlyArray<readonly [string, () => Promise<AnyCommand>]> = [
  ['validate', async () => (await import('./validate.js')).validateCommand as never],
  ['import', async () => (await import('./import.js')).importCommand as never],
  ['replay', async () => (await import('./replay.js')).replayCommand as never],
  ['run', async () => (await import('./run.js')).runCommand as never],
  ['gate2', async () => (await import('./gate2.js')).gate2Command as never],
  ['diagnose', async () => (await import('./diagnose.js')).diagnoseCommand as never],
  ['fix', async () => (await import('./fix.js')).fixCommand as never],
  ['scenarios', async () => (await import('./scenarios.js')).scenariosCommand as never],
  ['serve', async () => (await import('./serve.js')).serveCommand as never],
  ['train', async () => (await import('./train.js')).trainCommand as never],
  ['suite', async () => (await import('./suite.js')).suiteCommand as never],
  ['worker', async () => (await import('./worker.js')).workerCommand as never],
];

/**
 * The commands `argv` needs: only the one it names when its first word is a command, else
 * every command (for `--help`, `--version`, a typo yargs suggests a command for).
 *
 * @example
 * (await commandsFor(['replay', 'incident.yaml'])).length; // 1
 * (await commandsFor(['--help'])).length; // 12
 */
export async function commandsFor(argv: readonly string[]): Promise<AnyCommand[]> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = commandLoaders.find(([name]) => name === first);
  if (named) return [await named[1]()];
  return Promise.all(commandLoaders.map(([, load]) => load()));
}
