/**
 * `streams-run registry [--port 8081] [--host 127.0.0.1] [--compatibility BACKWARD]`: serves an in-process
 * schema registry over Confluent's REST API until SIGINT/SIGTERM, so that other tools (Confluent's and KafkaJS's
 * clients, UIs, `streams-run schema check --registry`) can use it during development. State lives in memory only.
 */
import { EmbeddedSchemaRegistry } from '../../serdes/schema-registry/embedded-registry.js';
import { serveSchemaRegistry, type RegistryServer } from '../../serdes/schema-registry/registry-server.js';
import { isCompatibilityLevel } from '../../serdes/schema-registry/registry.js';
import { UsageError, type Command, type CommandContext } from '../command.js';

/** Starts the registry server from parsed flags (the command's run waits for a signal, then closes it). */
export async function startRegistry(values: CommandContext['values']): Promise<{ registry: EmbeddedSchemaRegistry; server: RegistryServer }> {
  const port = values['port'] === undefined ? 8081 : Number(values['port']);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port expects a port number (0-65535), received ${String(values['port'])}`);
  const level = typeof values['compatibility'] === 'string' ? values['compatibility'].toUpperCase() : 'BACKWARD';
  if (!isCompatibilityLevel(level)) {
    throw new UsageError(`--compatibility expects BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or NONE, received ${String(values['compatibility'])}`);
  }
  const registry = new EmbeddedSchemaRegistry({ compatibility: level });
  const host = typeof values['host'] === 'string' ? values['host'] : '127.0.0.1';
  const server = await serveSchemaRegistry(registry, { port, host });
  return { registry, server };
}

export const registryCommand: Command = {
  name: 'registry',
  summary: 'serve an in-memory schema registry (Confluent REST API) until Ctrl-C',
  usage: 'streams-run registry [--port 8081] [--host 127.0.0.1] [--compatibility BACKWARD]',
  needsApp: false,
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    compatibility: { type: 'string' },
  },
  optionHelp: {
    port: 'port to listen on (default 8081; 0 picks a free one)',
    host: 'address to listen on (default 127.0.0.1, loopback only)',
    compatibility: 'global compatibility level (default BACKWARD)',
  },
  async run(ctx) {
    const { registry, server } = await startRegistry(ctx.values);
    ctx.out(`Schema registry listening on ${server.url} (global compatibility ${registry.compatibilityOf()}); Ctrl-C to stop`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    ctx.err(`[registry] ${signal}: stopping`);
    await server.close();
    return 0;
  },
};
