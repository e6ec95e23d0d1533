/**
 * The `drift-sim` command line: yargs, one file per command, thin. Each command loads its
 * input through `src/io`, calls the engine or the gate, and prints through `src/report`.
 *
 * Exit status (cli.md): 0 done; 1 only with `--exit-code` when the answer is no (gate2) or an
 * observation did not match (replay); 2 bad usage or invalid input, every problem listed;
 * with --redis, 69 Redis unreachable or lost mid-run and 76 a worker of another version
 * refused the job; anything else is a bug.
 */
import yargs from 'yargs';
import { commandsFor } from './commands.js';
import { EXIT_USAGE } from './exit.js';

/** Bad usage (unknown command or flag, missing argument): reported in one line, exit 2. */
class UsageError extends Error {}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  const commands = await commandsFor(argv);
  const parser = yargs([...argv])
    .scriptName('drift-sim')
    .usage(
      [
        '$0 <command> [options]',
        '',
        'Replays recorded inventory movements through a simulated WMS -> ERP -> storefront chain',
        'and answers Gate 2: does the drift reproduce from the recorded inputs (an integration',
        'problem: route to IT) or does it need a human action (a process problem: route to ops)?',
      ].join('\n'),
    )
    .command(commands)
    .demandCommand(1, 'Name a command (see the list above).')
    .strict()
    .recommendCommands()
    .epilogue('Exit status: 0 done; 1 with --exit-code when the answer is no or an observation did not match; 2 bad usage or invalid input; with --redis, 69 Redis unreachable and 76 a worker of another version.')
    .wrap(null)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .help()
    .version();
  try {
    await parser.parseAsync();
  } catch (error) {
    // Command bodies run inside guarded(), which catches everything; what reaches here came
    // from parsing and the commands' .check()s (which throw an Error or a bare message string).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`drift-sim: ${message}\nRun 'drift-sim --help' for usage.\n`);
    return EXIT_USAGE;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
