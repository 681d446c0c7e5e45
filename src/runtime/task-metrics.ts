/** One metric value with Kafka Streams' name, group and tags. */
export interface StreamsMetric {
  readonly name: string;
  readonly group: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Counters of one task, reported under Kafka's metric names. */
export class TaskMetrics {
  droppedRecords = 0;
  processedRecords = 0;
  punctuations = 0;
  readonly droppedByReason = new Map<string, number>();

  constructor(readonly taskId: string) {}

  recordDropped(reason: string): void {
    this.droppedRecords++;
    this.droppedByReason.set(reason, (this.droppedByReason.get(reason) ?? 0) + 1);
  }

  snapshot(threadId: string): StreamsMetric[] {
    const tags = { 'thread-id': threadId, 'task-id': this.taskId };
    return [
      { name: 'dropped-records-total', group: 'stream-task-metrics', tags, value: this.droppedRecords },
      { name: 'process-total', group: 'stream-task-metrics', tags, value: this.processedRecords },
      { name: 'punctuate-total', group: 'stream-task-metrics', tags, value: this.punctuations },
    ];
  }
}
