import type { ParseArgsConfig } from 'node:util';

/** The options a command accepts, in node:util parseArgs form. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** What a command receives: its parsed flags, positionals and where to write. */
export interface CommandContext {
  /** The app file (absolute path) for commands that take one. */
  readonly appFile: string | undefined;
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  /** Positionals after the command name (e.g. `schema check <file.avsc>` → ['check', 'file.avsc']). */
  readonly args: readonly string[];
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * One `streams-run` command. Each lives in its own file under src/cli/commands/ and is listed in
 * commands/index.ts; main.ts parses flags from `options`, loads nothing itself and calls `run`.
 */
export interface Command {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  /** `streams-run <app.ts> worker [flags]` — shown by `streams-run <command> --help`. */
  readonly usage: string;
  /** Whether the command takes an app file before its name (`streams-run app.ts worker`). */
  readonly needsApp: boolean;
  readonly options: CommandOptions;
  /** Extra help lines per option name. */
  readonly optionHelp?: Readonly<Record<string, string>>;
  /** Resolves with the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

/** An error the user can fix; main prints its message without a stack and exits with `exitCode`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
