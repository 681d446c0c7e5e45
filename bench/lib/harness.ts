/**
 * The in-process half of the bench harness: each case file calls `runCase` in its own child process
 * (forked by bench/run.ts with `--expose-gc --import tsx`). It generates the records, warms both sides up,
 * then times (baseline, subject) pairs interleaved A B A B A B, verifies every run's output, and sends one
 * `CaseResult` to the parent over IPC (or prints it when run directly: `node --expose-gc --import tsx bench/cases/count.ts`).
 */
import { generate, type Dataset, type DataOptions } from './data.js';

/** A goal as a ratio subject/baseline (0.5 = 50 %). */
export interface Goal {
  readonly id: string;
  readonly target: number;
  readonly floor: number;
}

/** One timed run: built untimed by `setup`, then `run` is timed, then `verify` throws if the output is wrong. */
export interface Trial {
  run(): void | Promise<void>;
  verify(): void;
  /** Untimed clean-up after verify (close stores, delete LevelDB directories). */
  close?(): void | Promise<void>;
  /**
   * The interval the trial timed itself, in ms, used instead of the duration of `run` (end-to-end cases: from
   * the first record received to the last one processed, leaving out the consumer group's join).
   */
  elapsedMs?(): number;
  /**
   * Non-ratio goals this run measured of itself (restore: its own RSS growth, R4), after `run`; the worst value over
   * the warm-up and the timed runs is reported next to the ratio.
   */
  checks?(): readonly Check[];
}

/** A goal that is not a ratio (soak: RSS band, event-loop delay): PASS at or under `target`, WARN up to `floor`, FAIL above. */
export interface Check {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly target: number;
  readonly floor: number;
}

export interface Side {
  readonly label: string;
  setup(data: Dataset): Trial | Promise<Trial>;
}

export interface CaseSpec {
  readonly name: string;
  readonly description: string;
  readonly data: Omit<DataOptions, 'valueSize' | 'skew' | 'seed'>;
  /** Undefined for an informational case (reported, never fails the run). */
  readonly goal?: Goal;
  readonly baseline: Side;
  readonly subject: Side;
}

export interface PairResult {
  readonly baselineMs: number;
  readonly subjectMs: number;
  readonly ratio: number;
}

export interface CaseResult {
  readonly name: string;
  readonly description: string;
  readonly records: number;
  readonly keys: number;
  readonly valueSize: number;
  readonly skew: number;
  readonly seed: number;
  readonly poolSize: number;
  readonly goal?: Goal;
  readonly pairs: readonly PairResult[];
  readonly subjectRecPerSec: number;
  readonly baselineRecPerSec: number;
  readonly ratio: number;
  readonly verified: boolean;
  readonly error?: string;
  readonly generateMs: number;
  readonly rssAfterGenerateMb: number;
  readonly peakRssMb: number;
  readonly heapUsedAfterMb: number;
  /** Non-ratio goals (soak; a ratio case's own measurements, as restore's R4). */
  readonly checks?: readonly Check[];
}

const PAIRS = 3;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('Run the bench with node --expose-gc (npm run bench does).');
  collect();
  collect();
}

/**
 * Reads `--value-size N`, `--skew X`, `--seed N`, `--records N` and `--pool N` (distinct records) from argv, and `--only subject|baseline`
 * (for profiling: `node --cpu-prof --expose-gc --import tsx bench/cases/count.ts --only subject`).
 */
export function cliOptions(argv: readonly string[]): {
  valueSize: number;
  skew: number;
  seed: number;
  records: number | undefined;
  pool: number | undefined;
  only: string | undefined;
} {
  const get = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value)) throw new RangeError(`${flag} expects a number, received ${String(argv[i + 1])}`);
    return value;
  };
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt < 0 ? undefined : argv[onlyAt + 1];
  if (only !== undefined && only !== 'subject' && only !== 'baseline') throw new RangeError(`--only expects subject or baseline, received ${only}`);
  return { valueSize: get('--value-size') ?? 100, skew: get('--skew') ?? 0, seed: get('--seed') ?? 42, records: get('--records'), pool: get('--pool'), only };
}

async function timed(side: Side, data: Dataset): Promise<{ ms: number; checks: readonly Check[] }> {
  const trial = await side.setup(data);
  gc();
  const start = process.hrtime.bigint();
  await trial.run();
  const runMs = Number(process.hrtime.bigint() - start) / 1e6;
  const ms = trial.elapsedMs?.() ?? runMs;
  const checks = trial.checks?.() ?? [];
  try {
    trial.verify();
  } catch (error) {
    throw new Error(`${side.label}: wrong output: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await trial.close?.();
  }
  return { ms, checks };
}

/** The worst (largest) value of each check over several runs. */
function worstChecks(runs: readonly (readonly Check[])[]): Check[] {
  const worst = new Map<string, Check>();
  for (const checks of runs) {
    for (const check of checks) {
      const key = `${check.id} ${check.label}`;
      const seen = worst.get(key);
      if (seen === undefined || check.value > seen.value) worst.set(key, check);
    }
  }
  return [...worst.values()];
}

export function log(message: string): void {
  process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs one case in this process and reports its result to the parent (or stdout). */
export async function runCase(spec: CaseSpec): Promise<void> {
  const cli = cliOptions(process.argv.slice(2));
  const options: DataOptions = {
    ...spec.data,
    records: cli.records ?? spec.data.records,
    valueSize: cli.valueSize,
    skew: cli.skew,
    seed: cli.seed,
    ...(cli.pool === undefined ? {} : { poolSize: cli.pool }),
  };
  const t0 = performance.now();
  const data = generate(options);
  const generateMs = performance.now() - t0;
  gc();
  const rssAfterGenerateMb = process.memoryUsage().rss / 2 ** 20;
  log(`${spec.name}: generated ${options.records.toLocaleString('en-US')} records in ${generateMs.toFixed(0)} ms`);
  const pairs: PairResult[] = [];
  const subjectChecks: (readonly Check[])[] = [];
  let error: string | undefined;
  if (cli.only !== undefined) {
    const side = cli.only === 'subject' ? spec.subject : spec.baseline;
    for (let i = 0; i < 1 + PAIRS; i++) {
      const { ms, checks } = await timed(side, data);
      log(`${spec.name}: ${side.label} ${ms.toFixed(0)} ms${checks.map((c) => `, ${c.id} ${c.value.toFixed(1)} ${c.unit}`).join('')}`);
    }
    return;
  }
  try {
    const warmB = (await timed(spec.baseline, data)).ms;
    const warm = await timed(spec.subject, data);
    const warmS = warm.ms;
    subjectChecks.push(warm.checks); // a first run's one-time growth counts too
    log(`${spec.name}: warm-up baseline ${warmB.toFixed(0)} ms, subject ${warmS.toFixed(0)} ms`);
    for (let i = 0; i < PAIRS; i++) {
      const baselineMs = (await timed(spec.baseline, data)).ms;
      const subject = await timed(spec.subject, data);
      const subjectMs = subject.ms;
      subjectChecks.push(subject.checks);
      pairs.push({ baselineMs, subjectMs, ratio: baselineMs / subjectMs });
      log(`${spec.name}: pair ${i + 1}: baseline ${baselineMs.toFixed(0)} ms, subject ${subjectMs.toFixed(0)} ms, ratio ${((baselineMs / subjectMs) * 100).toFixed(1)} %`);
    }
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  const n = options.records;
  const checks = worstChecks(subjectChecks);
  const result: CaseResult = {
    name: spec.name,
    description: spec.description,
    records: n,
    keys: options.keys,
    valueSize: options.valueSize,
    skew: options.skew,
    seed: options.seed,
    poolSize: Math.min(n, options.poolSize ?? 100_000),
    ...(spec.goal === undefined ? {} : { goal: spec.goal }),
    pairs,
    subjectRecPerSec: pairs.length === 0 ? 0 : median(pairs.map((p) => n / (p.subjectMs / 1000))),
    baselineRecPerSec: pairs.length === 0 ? 0 : median(pairs.map((p) => n / (p.baselineMs / 1000))),
    ratio: pairs.length === 0 ? 0 : median(pairs.map((p) => p.ratio)),
    verified: error === undefined,
    ...(error === undefined ? {} : { error }),
    generateMs,
    rssAfterGenerateMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedAfterMb: process.memoryUsage().heapUsed / 2 ** 20,
    ...(checks.length === 0 ? {} : { checks }),
  };
  await reportResult(result);
}

/** Sends a case's result to the parent (bench/run.ts) over IPC, or prints it when the case runs on its own. */
export async function reportResult(result: CaseResult): Promise<void> {
  if (process.send !== undefined) {
    await new Promise<void>((resolve, reject) => process.send?.({ type: 'result', result }, (e: Error | null) => (e ? reject(e) : resolve())));
  } else {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}

/** Throws with a message when `actual` differs from `expected`. */
export function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}
