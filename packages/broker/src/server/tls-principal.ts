import type { TLSSocket } from 'node:tls';

/**
 * Kafka's default principal for an SSL client: `User:` + the certificate subject as an RFC 2253
 * DN (most specific attribute first, e.g. `User:CN=app,O=acme`), or `User:ANONYMOUS` without a
 * trusted certificate.
 */
export function tlsPrincipal(socket: TLSSocket): string {
  if (!socket.authorized) return 'User:ANONYMOUS';
  const subject = socket.getPeerCertificate().subject as Record<string, string | string[]> | undefined;
  if (!subject) return 'User:ANONYMOUS';
  const parts = Object.entries(subject).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`));
  return `User:${parts.reverse().join(',')}`;
}
