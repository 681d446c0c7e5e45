import type { Server } from 'node:http';
import { LOG_LEVELS, consoleLogger, type LogLevel } from '../../internal/logger.js';
import { EmbeddedSchemaRegistry } from '../../serdes/schema-registry/embedded-registry.js';
import { UsageError, type Command } from '../command.js';
import { loadApp, locate } from '../load-app.js';
import { startWebServer } from '../web.js';

/**
 * `streams-run app.ts worker`: runs the app until SIGINT/SIGTERM. The first signal shuts down cleanly (the
 * records in hand are finished, offsets committed, stores closed, the group left) and exits 0; a second
 * signal exits at once (130).
 */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'run the app: agents, tables, timers and DSL topologies, until Ctrl-C',
  usage: 'streams-run <app.ts> worker [--broker URL] [--registry URL] [--loglevel info] [--web-port 6066] [--state-dir DIR]',
  needsApp: true,
  options: {
    broker: { type: 'string', short: 'b' },
    loglevel: { type: 'string', short: 'l', default: 'warn' },
    'web-port': { type: 'string', short: 'p' },
    'web-host': { type: 'string', default: '127.0.0.1' },
    'state-dir': { type: 'string' },
    registry: { type: 'string', short: 'r' },
  },
  optionHelp: {
    broker: 'memory:// (in-process, the default unless the app says otherwise) or kafka://host:9092[,host:9092]',
    loglevel: `${LOG_LEVELS.join(' | ')} (logs go to stderr; default warn)`,
    'web-port': 'serve /health, /metrics, /tables/<name>/<key> (and on memory:// the schema registry) on this port (Faust uses 6066)',
    'web-host': 'address the web endpoint binds to (default 127.0.0.1)',
    'state-dir': 'where tables keep their LevelDB stores',
    registry: 'schema registry URL for the app, as $SCHEMA_REGISTRY_URL (default: the embedded registry of a memory:// broker, served under --web-port)',
  },
  async run(ctx) {
    const level = String(ctx.values['loglevel'] ?? 'warn');
    if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--loglevel must be one of ${LOG_LEVELS.join(', ')}; received ${level}`);
    const webPort = ctx.values['web-port'] === undefined ? undefined : Number(ctx.values['web-port']);
    if (webPort !== undefined && (!Number.isInteger(webPort) || webPort < 0 || webPort > 65_535)) throw new UsageError(`--web-port expects a port number; received ${String(ctx.values['web-port'])}`);
    // Apps read the registry URL from the environment (as `streams-run schema check` does), set before they load.
    if (typeof ctx.values['registry'] === 'string') process.env['SCHEMA_REGISTRY_URL'] = ctx.values['registry'];
    const app = await loadApp(ctx.appFile as string);
    const broker = typeof ctx.values['broker'] === 'string' ? ctx.values['broker'] : app.broker;
    const stateDir = typeof ctx.values['state-dir'] === 'string' ? ctx.values['state-dir'] : undefined;

    let stop!: (reason: string) => void;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) {
        ctx.err(`[worker] ${signal} again: exiting now without waiting`);
        process.exit(130);
      }
      ctx.err(`[worker] ${signal}: finishing the records in hand, committing, closing stores, leaving the group (again to force)`);
      stop(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    app.onStateChange((state) => {
      if (state === 'ERROR') stop('error');
    });

    let server: Server | undefined;
    try {
      ctx.err(`[worker] ${app.id} starting on ${broker}: ${app.agents.length} agent(s), ${app.tables.length} table(s)`);
      await app.start({ broker, logger: consoleLogger(level as LogLevel, { namespace: app.id }), ...(stateDir === undefined ? {} : { stateDir }) });
      if (webPort !== undefined) {
        // On memory:// the broker's embedded schema registry is served beside /health (Confluent REST endpoints).
        const registry = broker.startsWith('memory:') ? EmbeddedSchemaRegistry.for(broker) : undefined;
        server = await startWebServer(app, webPort, String(ctx.values['web-host']), registry);
        const address = server.address();
        const base = `http://${String(ctx.values['web-host'])}:${typeof address === 'object' && address !== null ? address.port : webPort}`;
        ctx.err(`[worker] web endpoint on ${base}/health`);
        if (registry !== undefined) ctx.err(`[worker] schema registry (embedded, ${broker}) on ${base}/subjects`);
      }
      ctx.err(`[worker] ${app.id} running (${app.state}); Ctrl-C to stop`);
    } catch (error) {
      ctx.err(`[worker] could not start ${app.id}: ${errorLine(error)}`);
      await app.stop().catch(() => undefined);
      return 1;
    }

    const reason = await stopped;
    server?.close();
    const clean = await app.stop();
    const offsets = app.committedOffsets();
    if (offsets !== undefined) ctx.err(`[worker] committed offsets: ${[...offsets].map(([tp, o]) => `${tp}=${o}`).join(' ') || '(none)'}`);
    if (reason === 'error') {
      ctx.err(`[worker] ${app.id} failed: ${errorLine(app.failure ?? new Error('the stream thread failed; see the log above'))}`);
      return 1;
    }
    ctx.err(`[worker] ${app.id} stopped ${clean ? 'cleanly' : 'after the shutdown timeout'}`);
    return clean ? 0 : 1;
  },
};

function errorLine(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const root = cause instanceof Error ? cause : error;
  const where = locate(root) ?? locate(error);
  const message = error instanceof Error ? error.message : String(error);
  return where === undefined ? message : `${message} (at ${where})`;
}
