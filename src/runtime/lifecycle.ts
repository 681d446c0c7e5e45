import { IllegalStateError } from '../errors.js';

/** The states of a KafkaStreams instance, named as in Kafka Streams. */
export type StreamsState = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';

/** Called on every state change. */
export type StateListener = (newState: StreamsState, oldState: StreamsState) => void;

const TRANSITIONS: Readonly<Record<StreamsState, readonly StreamsState[]>> = {
  CREATED: ['REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  REBALANCING: ['RUNNING', 'REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  RUNNING: ['REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  PENDING_SHUTDOWN: ['NOT_RUNNING'],
  NOT_RUNNING: [],
  PENDING_ERROR: ['ERROR'],
  ERROR: [],
};

/** The state machine of a KafkaStreams instance; an illegal transition throws. */
export class Lifecycle {
  #state: StreamsState = 'CREATED';
  #listener: StateListener | undefined;

  get state(): StreamsState {
    return this.#state;
  }

  setListener(listener: StateListener): void {
    this.#listener = listener;
  }

  /** Moves to `next`; returns false (and stays) for a no-op transition into the same terminal-bound state. */
  transition(next: StreamsState): void {
    const current = this.#state;
    if (current === next && next !== 'REBALANCING') return;
    if (!TRANSITIONS[current].includes(next)) throw new IllegalStateError(`Stream-client cannot move from ${current} to ${next}.`);
    this.#state = next;
    this.#listener?.(next, current);
  }
}
