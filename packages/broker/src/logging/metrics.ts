/** Optional hooks for request/connection metrics; every hook may be omitted. */
export interface BrokerMetrics {
  connectionOpened?(remote: string): void;
  connectionClosed?(remote: string, reason: string): void;
  requestCompleted?(apiKey: number, apiVersion: number, durationMs: number, errored: boolean): void;
}
