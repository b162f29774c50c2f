import type { Logger } from '../logging/logger.js';

/** What a handler may know about the connection a request arrived on. */
export interface ConnectionInfo {
  readonly id: number;
  /** "address:port" of the client. */
  readonly remote: string;
  /** Aborted when the connection closes or the broker shuts down: long polls end early. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Per-connection state handlers keep between requests (SASL progress, principal). */
  readonly attributes: Map<string, unknown>;
}

/** The outcome of one request: response bytes (size prefix included), nothing (acks=0), or close. */
export type DispatchOutcome =
  /** With `closeAfter`, the connection closes (for that reason) once the response is written. */
  | { kind: 'respond'; bytes: Buffer | readonly Buffer[]; closeAfter?: string }
  | { kind: 'none' }
  | { kind: 'close'; reason: string };

/** Turns one request frame (size prefix included) into an outcome. */
export interface RequestDispatcher {
  dispatch(frame: Buffer, conn: ConnectionInfo): Promise<DispatchOutcome>;
}
