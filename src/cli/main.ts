/**
 * The `drift-sim` command line: yargs, one file per command, thin. Each command loads its
 * input through `src/io`, calls the engine or the gate, and prints through `src/report`.
 *
 * Exit status (cli.md): 0 done; 1 only with `--exit-code` when the answer is no (gate2) or an
 * observation did not match (replay); 2 bad usage or invalid input, every problem listed;
 * anything else is a bug.
 */
import yargs from 'yargs';
import { commands } from './commands.js';
import { EXIT_USAGE } from './exit.js';

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  let usageError = false;
  const parser = yargs([...argv])
    .scriptName('drift-sim')
    .usage('$0 <command> [options]\n\nReplays inventory movements through a simulated WMS -> ERP -> storefront chain and answers Gate 2: is the drift reproducible from the recorded inputs (an integration problem) or does it need a human action (a process problem)?')
    .command(commands)
    .demandCommand(1, 'Name a command (see the list above).')
    .strict()
    .recommendCommands()
    .epilogue('Exit status: 0 done; 1 with --exit-code when the answer is no or an observation did not match; 2 bad usage or invalid input.')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      usageError = true;
      process.stderr.write(`drift-sim: ${message}\nRun 'drift-sim --help' for usage.\n`);
    })
    .help()
    .version();
  await parser.parseAsync();
  if (usageError) return EXIT_USAGE;
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
