import { createServer, type Server } from 'node:http';
import type { App } from '../app/app.js';
import type { EmbeddedSchemaRegistry } from '../serdes/schema-registry/embedded-registry.js';
import { isRegistryPath, registryRequestListener } from '../serdes/schema-registry/registry-server.js';

/**
 * The worker's small HTTP endpoint (Faust's web server, port 6066 by default):
 * `GET /health` (200 while RUNNING or REBALANCING, else 503), `GET /metrics` (task metrics as JSON),
 * `GET /tables/<name>/<key>` (a table value from the local partitions; 404 if absent). With `registry`, also
 * Confluent's Schema Registry REST endpoints (/subjects, /schemas, /config, /compatibility) for that registry, so
 * that producers and tools can use `http://host:port` as their registry URL.
 */
export function startWebServer(app: App, port: number, host = '127.0.0.1', registry?: EmbeddedSchemaRegistry): Promise<Server> {
  const serveRegistry = registry === undefined ? undefined : registryRequestListener(registry);
  const server = createServer((req, res) => {
    if (serveRegistry !== undefined && isRegistryPath(new URL(req.url ?? '/', 'http://localhost').pathname)) return serveRegistry(req, res);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    try {
      if (req.method !== 'GET') return send(405, { error: 'only GET' });
      if (url.pathname === '/health') {
        const ok = app.state === 'RUNNING' || app.state === 'REBALANCING';
        return send(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', state: app.state, app: app.id });
      }
      if (url.pathname === '/metrics') return send(200, { app: app.id, state: app.state, metrics: app.metrics() });
      if (parts[0] === 'tables' && parts.length === 1) return send(200, { tables: app.tables });
      if (parts[0] === 'tables' && parts.length === 3) {
        const [, table = '', key = ''] = parts;
        if (!app.tables.some((t) => t.name === table)) return send(404, { error: `no table ${table}` });
        let value = app.lookup(table, key);
        if (value === undefined && key.trim() !== '' && !Number.isNaN(Number(key))) value = app.lookup(table, Number(key));
        return value === undefined ? send(404, { table, key, error: 'no value' }) : send(200, { table, key, value });
      }
      return send(404, { error: `try /health, /metrics or /tables/<name>/<key>${serveRegistry === undefined ? '' : ', or the schema registry under /subjects and /schemas'}` });
    } catch (error) {
      return send(500, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
