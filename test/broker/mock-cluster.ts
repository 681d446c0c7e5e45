// A librdkafka mock cluster for one test file: spawns kmock, reads its bootstrap line and sends it stdin
// commands (create topics, broker down/up, injected errors). Closing stdin stops it, so it never outlives the test.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Kafka API keys used with `pushErrors`. */
export const ApiKey = { Produce: 0, Fetch: 1, ListOffsets: 2, Metadata: 3, OffsetCommit: 8, OffsetFetch: 9, Heartbeat: 12 } as const;
/** Kafka error codes used with `pushErrors` (all retriable). */
export const ErrorCode = { NOT_LEADER_OR_FOLLOWER: 6, REQUEST_TIMED_OUT: 7, COORDINATOR_LOAD_IN_PROGRESS: 14, NOT_COORDINATOR: 16, NOT_ENOUGH_REPLICAS: 19 } as const;

export class MockCluster {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  #stderr = '';
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(child: ChildProcessWithoutNullStreams, lines: AsyncIterator<string>, readonly bootstrap: string) {
    this.#child = child;
    this.#lines = lines;
    child.stderr.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString()).slice(-4_000)));
  }

  /** Starts a cluster of `brokers` brokers with the launcher compiled by the global setup. */
  static async start(binary: string, brokers = 3): Promise<MockCluster> {
    const child = spawn(binary, [String(brokers)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await withTimeout(lines.next(), 15_000, () => `kmock did not print its bootstrap address within 15 s. stderr:\n${stderr}`);
    if (first.done === true) throw new Error(`kmock exited before printing its bootstrap address. stderr:\n${stderr}`);
    return new MockCluster(child, lines, first.value);
  }

  /** `kafka://` URL of the cluster, with the settings the mock needs (mock-broker.md findings 4 and 5) plus `extra`. */
  url(extra = ''): string {
    return `kafka://${this.bootstrap}?sessionTimeoutMs=3000&heartbeatIntervalMs=500&maxWaitTimeMs=100&rebalanceTimeoutMs=10000&assignDelayMs=300&connectionTimeoutMs=1000&requestTimeoutMs=5000${extra}`;
  }

  /** Sends one command and resolves with its `ok …` answer; rejects on `error …`. Commands run one at a time. */
  command(line: string): Promise<string> {
    const run = async () => {
      this.#child.stdin.write(`${line}\n`);
      const answer = await withTimeout(this.#lines.next(), 10_000, () => `kmock did not answer "${line}" within 10 s. stderr:\n${this.#stderr}`);
      if (answer.done === true) throw new Error(`kmock exited while running "${line}". stderr:\n${this.#stderr}`);
      if (!answer.value.startsWith('ok')) throw new Error(`kmock: "${line}" → ${answer.value}`);
      return answer.value;
    };
    const result = this.#chain.then(run, run);
    this.#chain = result.catch(() => undefined);
    return result;
  }

  async createTopic(name: string, partitions: number): Promise<void> {
    await this.command(`create ${name} ${partitions}`);
  }

  async brokerDown(id: number): Promise<void> {
    await this.command(`down ${id}`);
  }

  async brokerUp(id: number): Promise<void> {
    await this.command(`up ${id}`);
  }

  /** The next `codes.length` requests of `apiKey`, cluster-wide, fail with these errors (before any append). */
  async pushErrors(apiKey: number, codes: readonly number[]): Promise<void> {
    await this.command(`errors ${apiKey} ${codes.join(',')}`);
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end();
    await withTimeout(exited, 10_000, () => 'kmock did not exit within 10 s of stdin EOF').catch(() => this.#child.kill('SIGKILL'));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)))]).finally(() => clearTimeout(timer));
}
