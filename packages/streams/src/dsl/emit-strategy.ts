/** When a windowed aggregation emits: on every update (default) or once, when the window closes (KIP-825). */
export class EmitStrategy {
  private constructor(readonly type: 'ON_WINDOW_UPDATE' | 'ON_WINDOW_CLOSE') {}
  static onWindowUpdate(): EmitStrategy {
    return new EmitStrategy('ON_WINDOW_UPDATE');
  }
  static onWindowClose(): EmitStrategy {
    return new EmitStrategy('ON_WINDOW_CLOSE');
  }
}
