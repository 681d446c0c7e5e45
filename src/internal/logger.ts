/**
 * A namespaced, structured logger that is injected where it is needed and never global: components take a
 * `Logger`, call `child('task-manager')` for their own namespace and pass facts as `fields`, not in the text.
 */
import { requireOneOf } from './assert.js';
import { systemClock, type Clock } from './clock.js';

/** The log levels, most verbose first; `silent` logs nothing. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** A log severity; see {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured facts attached to a log line (`{ taskId: '0_1', code: 'STORE' }`). */
export type LogFields = Record<string, unknown>;

/** A namespaced, structured logger. */
export interface Logger {
  /** Logs detail useful only when debugging. */
  debug(msg: string, fields?: LogFields): void;
  /** Logs a normal lifecycle event. */
  info(msg: string, fields?: LogFields): void;
  /** Logs something unexpected that the library handled. */
  warn(msg: string, fields?: LogFields): void;
  /** Logs a failure; include the error's `code` in `fields`. */
  error(msg: string, fields?: LogFields): void;
  /** Returns a logger whose namespace is this one's followed by `.namespace`. */
  child(namespace: string): Logger;
}

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Namespace of the root logger. @default 'kstreams' */
  namespace?: string;
  /** Source of the timestamp on each line. @default systemClock */
  clock?: Clock;
  /** Where finished lines go. @default a write to process.stderr (stdout stays free for command output) */
  write?: (line: string) => void;
}

const SEVERITY: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 50 };

// Errors and bigints do not survive JSON.stringify on their own.
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    const code: unknown = (value as Error & { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }), stack: value.stack };
  }
  return value;
}

function formatFields(fields: LogFields | undefined): string {
  if (fields === undefined) return '';
  try {
    return ` ${JSON.stringify(fields, jsonReplacer)}`;
  } catch {
    return ' {"fields":"<not serializable>"}';
  }
}

/**
 * A logger that writes one line per call, `<ISO time> <LEVEL> [<namespace>] <msg> <fields as JSON>`, for calls at
 * `level` or above.
 * @example consoleLogger('info').child('task-manager').warn('task revoked', { taskId: '0_1' })
 */
export function consoleLogger(level: LogLevel = 'info', options: ConsoleLoggerOptions = {}): Logger {
  requireOneOf('level', level, LOG_LEVELS);
  const threshold = SEVERITY[level];
  const clock = options.clock ?? systemClock;
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));

  const make = (namespace: string): Logger => {
    const log = (lineLevel: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) => {
      if (SEVERITY[lineLevel] < threshold) return;
      const time = new Date(clock.nowMs()).toISOString();
      write(`${time} ${lineLevel.toUpperCase()} [${namespace}] ${msg}${formatFields(fields)}`);
    };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (child: string) => make(`${namespace}.${child}`),
    };
  };
  return make(options.namespace ?? 'kstreams');
}

const noop = (): void => {};

/** A logger that discards everything; its children are itself. */
export const silentLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: (): Logger => silentLogger,
});
