export interface Header {
  readonly key: string;
  readonly value: Buffer | null;
}

/** Record headers: an ordered list, keys may repeat (as in Kafka). Immutable once built. */
export type Headers = readonly Header[];

export const EMPTY_HEADERS: Headers = Object.freeze([]) as Headers;

export function lastHeader(headers: Headers, key: string): Buffer | null | undefined {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]!.key === key) return headers[i]!.value;
  return undefined;
}
