// The command table of `streams-run`. To add a command: write src/cli/commands/<name>.ts exporting a `Command`
// (see ../command.ts), then add it to this list; main.ts derives parsing and --help from it.
import type { Command } from '../command.js';
import { describeCommand } from './describe.js';
import { registryCommand } from './registry.js';
import { schemaCommand } from './schema.js';
import { workerCommand } from './worker.js';

export const commands: readonly Command[] = [workerCommand, describeCommand, registryCommand, schemaCommand];
