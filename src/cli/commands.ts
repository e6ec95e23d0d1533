/**
 * Every command of the CLI, in the order `--help` lists them.
 */
import type { CommandModule } from 'yargs';
import { diagnoseCommand } from './diagnose.js';
import { fixCommand } from './fix.js';
import { gate2Command } from './gate2.js';
import { importCommand } from './import.js';
import { replayCommand } from './replay.js';
import { runCommand } from './run.js';
import { scenariosCommand } from './scenarios.js';
import { serveCommand } from './serve.js';
import { trainCommand } from './train.js';
import { suiteCommand } from './suite.js';
import { validateCommand } from './validate.js';
import { workerCommand } from './worker.js';

export const commands: CommandModule<object, never>[] = [
  validateCommand as never,
  importCommand as never,
  replayCommand as never,
  runCommand as never,
  gate2Command as never,
  diagnoseCommand as never,
  fixCommand as never,
  scenariosCommand as never,
  serveCommand as never,
  trainCommand as never,
  suiteCommand as never,
  workerCommand as never,
];
