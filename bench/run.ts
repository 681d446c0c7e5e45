/**
 * `npm run bench`: runs every case in its own child process (`node --expose-gc --import tsx`, so JIT state
 * and heaps are never shared), prints one table row per case and writes bench-results.json with a machine
 * fingerprint. Each case times (baseline, subject) pairs interleaved A B A B A B after a warm-up and reports
 * the median of the per-pair ratios; see bench/lib/harness.ts.
 *
 * Exit code: 1 if any case is below its hard floor, produced a wrong output or crashed; else 0.
 *
 *   npm run bench                       every case
 *   npm run bench -- count stateless    only these cases
 *   npm run bench -- --value-size 1024 --skew 0.99 --seed 7 --records 500000 --pool 100000
 */
import { fork, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, arch, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './lib/harness.js';

/** In the order they run. */
const CASES = [
  'stateless',
  'count',
  'count-uncached',
  'avro-serde',
  'json-serde',
  'windowed-count',
  'stream-table-join',
  'stream-stream-join',
  'leveldb-count',
  'leveldb-count-1m',
  'restore',
  'soak',
  'e2e-memory',
  'e2e-kafka',
] as const;
const CASE_TIMEOUT_MS = 120_000;

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const VALUE_FLAGS = new Set(['--value-size', '--skew', '--seed', '--records', '--pool']);
const passThrough: string[] = [];
const selected: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i] as string;
  if (VALUE_FLAGS.has(arg)) passThrough.push(arg, String(argv[++i]));
  else if (arg.startsWith('--')) throw new RangeError(`Unknown option ${arg}; known: ${[...VALUE_FLAGS].join(', ')}`);
  else selected.push(arg);
}
for (const name of selected) {
  if (!(CASES as readonly string[]).includes(name)) throw new RangeError(`Unknown case ${name}; known: ${CASES.join(', ')}`);
}
const toRun = selected.length === 0 ? [...CASES] : CASES.filter((c) => selected.includes(c));

type Verdict = 'PASS' | 'WARN' | 'FAIL' | 'INFO' | 'ERROR';

interface Row {
  readonly name: string;
  readonly verdict: Verdict;
  readonly result?: CaseResult;
  readonly error?: string;
  readonly wallMs: number;
}

function runChild(name: string): Promise<{ result?: CaseResult; error?: string }> {
  return new Promise((resolve) => {
    let result: CaseResult | undefined;
    const child = fork(join(here, 'cases', `${name}.ts`), passThrough, {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CASE_TIMEOUT_MS);
    child.on('message', (message: unknown) => {
      const m = message as { type?: string; result?: CaseResult };
      if (m.type === 'result') result = m.result;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) resolve({ result });
      else resolve({ error: signal !== null ? `killed by ${signal} (timeout ${CASE_TIMEOUT_MS / 1000} s?)` : `exited with code ${String(code)} without a result` });
    });
  });
}

function verdictOf(result: CaseResult): Verdict {
  if (!result.verified) return 'ERROR';
  const checks = result.checks;
  // Non-ratio goals: at most the target passes, at most the floor warns, above fails.
  const checked: Verdict | undefined =
    checks === undefined ? undefined : checks.some((c) => c.value > c.floor) ? 'FAIL' : checks.every((c) => c.value <= c.target) ? 'PASS' : 'WARN';
  if (result.goal === undefined) return checked ?? 'INFO';
  const ratio: Verdict = result.ratio >= result.goal.target ? 'PASS' : result.ratio >= result.goal.floor ? 'WARN' : 'FAIL';
  if (checked === undefined) return ratio;
  const rank: Verdict[] = ['PASS', 'WARN', 'FAIL'];
  return rank.indexOf(checked) > rank.indexOf(ratio) ? checked : ratio;
}

const rate = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : `${(r / 1e3).toFixed(0)}k`);
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: join(here, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const started = Date.now();
const rows: Row[] = [];
for (const name of toRun) {
  process.stderr.write(`${name}\n`);
  const t0 = Date.now();
  const { result, error } = await runChild(name);
  const wallMs = Date.now() - t0;
  if (result === undefined) rows.push({ name, verdict: 'ERROR', error: error ?? 'no result', wallMs });
  else rows.push({ name, verdict: verdictOf(result), result, ...(result.error === undefined ? {} : { error: result.error }), wallMs });
}

const header = ['case', 'records', 'subject rec/s', 'baseline rec/s', 'ratio', 'goal (target/floor)', 'result', 'peak RSS', 'ΔRSS'];
const table: string[][] = rows.map(({ name, verdict, result }) =>
  result === undefined
    ? [name, '-', '-', '-', '-', '-', verdict, '-', '-']
    : [
        name,
        result.records.toLocaleString('en-US'),
        rate(result.subjectRecPerSec),
        rate(result.baselineRecPerSec),
        pct(result.ratio),
        [
          result.goal === undefined ? (result.checks === undefined ? '(info)' : '') : `${result.goal.id} ${pct(result.goal.target)} / ${pct(result.goal.floor)}`,
          ...(result.checks ?? []).map((c) => `${c.id} ${c.value.toFixed(1)} ${c.unit} (≤${c.target})`),
        ]
          .filter((text) => text !== '')
          .join('; '),
        verdict,
        `${result.peakRssMb.toFixed(0)} MB`,
        `+${Math.max(0, result.peakRssMb - result.rssAfterGenerateMb).toFixed(0)} MB`,
      ],
);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] as string).length)));
const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
console.log(line(header));
for (const r of table) console.log(line(r));
for (const row of rows) if (row.error !== undefined) console.log(`\n${row.name}: ${row.error}`);
const totalS = (Date.now() - started) / 1000;
console.log(`\n${rows.length} case(s) in ${totalS.toFixed(0)} s. ratio = median over 3 interleaved pairs of baseline time / subject time. ΔRSS = peak RSS − RSS after generating the records.`);

const cpu = cpus();
const fingerprint = {
  cpuModel: cpu[0]?.model ?? 'unknown',
  cores: cpu.length,
  totalMemMb: Math.round(totalmem() / 2 ** 20),
  platform: platform(),
  arch: arch(),
  kernel: release(),
  node: process.version,
  v8: process.versions.v8,
  gitCommit: git(['rev-parse', 'HEAD']),
  gitDirty: (git(['status', '--porcelain', '--', 'src', 'bench']) ?? '') !== '',
};
writeFileSync(
  join(here, '..', 'bench-results.json'),
  `${JSON.stringify({ date: new Date(started).toISOString(), fingerprint, args: argv, totalSeconds: totalS, cases: rows }, null, 2)}\n`,
);

const failed = rows.filter((r) => r.verdict === 'FAIL' || r.verdict === 'ERROR');
if (failed.length > 0) {
  console.log(`Below the hard floor or wrong: ${failed.map((r) => r.name).join(', ')}`);
  process.exitCode = 1;
}
