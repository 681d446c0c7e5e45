/**
 * `streams-run schema check <file.avsc> --subject <s> [--registry URL]`: tests a schema against a subject's
 * registered versions under its compatibility level before deploying. Exit code 0 if compatible (or the subject
 * has no versions yet), 1 if not, with the reasons printed; 2 for usage errors. Without --registry it uses
 * $SCHEMA_REGISTRY_URL, else http://localhost:8081.
 */
import { readFile } from 'node:fs/promises';
import { SchemaRegistryError } from '../../errors.js';
import { parseAvroSchema } from '../../serdes/schema-registry/avro-schema.js';
import { SchemaRegistryClient } from '../../serdes/schema-registry/http-registry.js';
import { UsageError, type Command, type CommandContext } from '../command.js';

/** Runs `schema check` with parsed flags and positionals; resolves with the exit code. */
export async function schemaCheck(ctx: CommandContext): Promise<number> {
  const [action, file, ...extra] = ctx.args;
  if (action !== 'check') throw new UsageError(`Unknown schema action ${String(action)}; usage: ${schemaCommand.usage}`);
  if (file === undefined || extra.length > 0) throw new UsageError(`schema check takes one .avsc file; usage: ${schemaCommand.usage}`);
  const subject = ctx.values['subject'];
  if (typeof subject !== 'string' || subject === '') throw new UsageError(`schema check needs --subject <subject>, e.g. rides-value; usage: ${schemaCommand.usage}`);
  const url = typeof ctx.values['registry'] === 'string' ? ctx.values['registry'] : (process.env['SCHEMA_REGISTRY_URL'] ?? 'http://localhost:8081');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    ctx.err(`Cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  try {
    parseAvroSchema(text);
  } catch (error) {
    ctx.err(`${file} is not a valid Avro schema: ${(error as Error).message}`);
    return 1;
  }
  try {
    const client = new SchemaRegistryClient({ url, retries: 1 });
    const result = await client.testCompatibility(subject, text);
    if (result.compatible) {
      ctx.out(`${file} is compatible with subject ${subject} (level ${result.level ?? '?'}) at ${url}`);
      return 0;
    }
    ctx.out(`${file} is NOT compatible with subject ${subject}: level ${result.level ?? '?'}, clashes with version ${result.version ?? '?'}`);
    for (const message of result.messages) ctx.out(`  - ${message}`);
    return 1;
  } catch (error) {
    ctx.err(error instanceof SchemaRegistryError ? error.message : `schema check failed: ${(error as Error).message}`);
    return 1;
  }
}

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'check an Avro schema against a registry subject before deploying (exit 0 compatible, 1 not)',
  usage: 'streams-run schema check <file.avsc> --subject <subject> [--registry URL]',
  needsApp: false,
  options: {
    subject: { type: 'string', short: 's' },
    registry: { type: 'string', short: 'r' },
  },
  optionHelp: {
    subject: 'the subject to test against, e.g. rides-value',
    registry: 'the registry URL (default $SCHEMA_REGISTRY_URL, else http://localhost:8081)',
  },
  run: schemaCheck,
};
