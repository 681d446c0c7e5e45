#!/usr/bin/env node
// `streams-run <app.ts|app.js> <command> [flags]` — runs Faust-style kstreams apps (API.md "Faust-style apps and the CLI").
// Exit codes: 0 success, 1 failure (the app or the command failed), 2 usage error, 130 forced by a second signal.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, type Command } from './command.js';
import { commands } from './commands/index.js';

const out = (line: string) => void process.stdout.write(`${line}\n`);
const err = (line: string) => void process.stderr.write(`${line}\n`);

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

function usageLine(command: Command): string {
  return `  ${command.needsApp ? '<app.ts> ' : ''}${command.name.padEnd(10)} ${command.summary}`;
}

/** `streams-run --help`: every command. */
export function help(): string {
  return [
    'Usage: streams-run <app.ts|app.js> <command> [flags]',
    '       streams-run <command> [args]   (commands that need no app)',
    '',
    'Runs kstreams apps: the app file default-exports an App (new App({ id, broker })). TypeScript is loaded through tsx.',
    '',
    'Commands:',
    ...commands.map(usageLine),
    '',
    'Flags:',
    '  -h, --help   help (`streams-run <app.ts> worker --help` for a command\'s flags)',
    '  --version    the kstreams version',
    '',
    'Examples:',
    '  npx streams-run examples/taxi/trips-per-vendor.ts worker',
    '  npx streams-run examples/taxi/trips-per-vendor.ts worker --broker kafka://localhost:9092 --web-port 6066',
    '  npx streams-run examples/word-count.ts describe',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const flags = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short === undefined ? '    ' : `-${o.short}, `}--${name}${o.type === 'string' ? ' <value>' : ''}`;
    return `  ${flag.padEnd(28)} ${command.optionHelp?.[name] ?? ''}`.trimEnd();
  });
  return [`Usage: ${command.usage}`, '', command.summary, ...(flags.length > 0 ? ['', 'Flags:', ...flags] : [])].join('\n');
}

/** Parses `argv` (without node and the script), runs the command and resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, second] = argv;
  if (first === undefined) {
    err(help());
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    out(help());
    return 0;
  }
  if (first === '--version') {
    out(version());
    return 0;
  }
  const byName = new Map(commands.map((c) => [c.name, c]));
  let command: Command | undefined;
  let appFile: string | undefined;
  let rest: readonly string[];
  const direct = byName.get(first);
  if (direct !== undefined && !direct.needsApp) {
    command = direct;
    rest = argv.slice(1);
  } else if (direct !== undefined) {
    throw new UsageError(`${direct.name} needs an app file: ${direct.usage}`);
  } else {
    appFile = first;
    if (second === undefined || second === '--help' || second === '-h') throw new UsageError(`Which command? ${[...byName.keys()].join(', ')} (streams-run --help)`);
    command = byName.get(second);
    if (command === undefined) throw new UsageError(`Unknown command ${second}; the commands are ${[...byName.keys()].join(', ')} (streams-run --help)`);
    if (!command.needsApp) throw new UsageError(`${command.name} takes no app file: ${command.usage}`);
    rest = argv.slice(2);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${commandHelp(command)}`);
  }
  if (parsed.values['help'] === true) {
    out(commandHelp(command));
    return 0;
  }
  const values = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
  return command.run({ appFile, values, args: parsed.positionals, out, err });
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  if (error instanceof UsageError) {
    err(error.message);
    process.exit(error.exitCode);
  }
  err(`streams-run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
