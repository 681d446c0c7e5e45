/**
 * When a windowed aggregation emits (Kafka's EmitStrategy): on every update of a window (the default), or
 * once per window with its final result after the window has closed (end + grace ≤ stream time).
 */
export class EmitStrategy {
  private constructor(readonly type: 'ON_WINDOW_UPDATE' | 'ON_WINDOW_CLOSE') {}
  static onWindowUpdate(): EmitStrategy {
    return new EmitStrategy('ON_WINDOW_UPDATE');
  }
  static onWindowClose(): EmitStrategy {
    return new EmitStrategy('ON_WINDOW_CLOSE');
  }
}
