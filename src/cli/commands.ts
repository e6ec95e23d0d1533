/**
 * Every command of the CLI, in the order `--help` lists them.
 */
import type { CommandModule } from 'yargs';
import { diagnoseCommand } from './diagnose.js';
import { gate2Command } from './gate2.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';
import { scenariosCommand } from './scenarios.js';
import { trainCommand } from './train.js';

export const commands: CommandModule<object, never>[] = [
  replayCommand as never,
  runCommand as never,
  gate2Command as never,
  diagnoseCommand as never,
  scenariosCommand as never,
  trainCommand as never,
];
