import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/internal/clock.js';
import { consoleLogger, silentLogger, type LogLevel } from '../../src/internal/logger.js';

function capture(level: LogLevel, namespace?: string) {
  const lines: string[] = [];
  const logger = consoleLogger(level, {
    clock: new ManualClock(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
    write: (line) => lines.push(line),
    ...(namespace === undefined ? {} : { namespace }),
  });
  return { logger, lines };
}

describe('consoleLogger', () => {
  it('writes time, level, namespace, message and fields as JSON', () => {
    const { logger, lines } = capture('debug');
    logger.info('task started', { taskId: '0_1', offset: 5n });
    logger.debug('plain');
    expect(lines).toEqual([
      '2024-01-02T03:04:05.006Z INFO [kstreams] task started {"taskId":"0_1","offset":"5"}',
      '2024-01-02T03:04:05.006Z DEBUG [kstreams] plain',
    ]);
  });

  it('drops lines below its level; silent drops all', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['WARN', 'ERROR']);
    const silent = capture('silent');
    silent.logger.error('e');
    expect(silent.lines).toEqual([]);
  });

  it('nests namespaces in children', () => {
    const { logger, lines } = capture('info', 'app');
    logger.child('task-manager').child('0_1').info('x');
    expect(lines[0]).toContain(' [app.task-manager.0_1] x');
  });

  it('serializes errors with their code, and survives cycles', () => {
    const { logger, lines } = capture('info');
    const error = Object.assign(new Error('boom'), { code: 'STORE' });
    logger.error('failed', { error });
    expect(lines[0]).toMatch(/"error":\{"name":"Error","message":"boom","code":"STORE","stack":"Error: boom/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    logger.warn('cyclic', cyclic);
    expect(lines[1]).toMatch(/cyclic \{"fields":"<not serializable>"\}$/);
  });

  it('rejects an unknown level', () => {
    expect(() => consoleLogger('verbose' as LogLevel)).toThrow(RangeError);
  });
});

describe('silentLogger', () => {
  it('accepts every call and is its own child', () => {
    expect(() => silentLogger.error('x', { a: 1 })).not.toThrow();
    expect(silentLogger.child('x')).toBe(silentLogger);
  });
});
