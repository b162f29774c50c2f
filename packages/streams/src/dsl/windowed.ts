/** A time interval. TimeWindows are half-open [start, end); sliding and session windows include both ends. */
export class Window {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}
  equals(other: Window): boolean {
    return this.start === other.start && this.end === other.end;
  }
  toString(): string {
    return `${this.start}/${this.end}`;
  }
}

/** The key of a windowed aggregate: the grouping key plus the window it belongs to. */
export class Windowed<K> {
  constructor(
    readonly key: K,
    readonly window: Window,
  ) {}
  /** Kafka's rendering, `[key@start/end]`. */
  toString(): string {
    return `[${String(this.key)}@${this.window.start}/${this.window.end}]`;
  }
}

export function windowed<K>(key: K, start: number, end: number): Windowed<K> {
  return new Windowed(key, new Window(start, end));
}
