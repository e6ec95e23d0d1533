/**
 * Every command of the CLI, in the order `--help` lists them.
 */
import type { CommandModule } from 'yargs';
import { replayCommand } from './replay.js';

export const commands: CommandModule<object, never>[] = [replayCommand as never];
