import { SaslAuthenticationError } from './sasl-authentication-error.js';

/** `n,[a=authzid],n=user,r=nonce[,ext=value]*` (RFC 5802 §7). */
export interface ClientFirstMessage {
  readonly authzid: string | null;
  readonly username: string;
  readonly nonce: string;
  /** Extensions after the nonce (Kafka's `tokenauth=true` for delegation tokens). */
  readonly extensions: ReadonlyMap<string, string>;
  /** The message without its gs2 header: part of the AuthMessage. */
  readonly bare: string;
  /** The gs2 header (`n,,`), which the client echoes base64-encoded in `c=`. */
  readonly gs2Header: string;
}

/** `c=<b64 gs2 header>,r=nonce,p=<b64 proof>`. */
export interface ClientFinalMessage {
  readonly channelBinding: string;
  readonly nonce: string;
  readonly proof: Buffer;
  /** Everything before `,p=`: part of the AuthMessage. */
  readonly withoutProof: string;
}

const bad = (what: string): SaslAuthenticationError => new SaslAuthenticationError(`Invalid SCRAM ${what}`);

export function parseClientFirst(text: string): ClientFirstMessage {
  const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/s.exec(text);
  if (!m) throw bad('client-first message');
  if (m[1]!.startsWith('p=')) throw new SaslAuthenticationError('SCRAM channel binding is not supported');
  const bare = m[3]!;
  const attrs = bare.split(',');
  const user = attrs[0];
  const nonce = attrs[1];
  if (user === undefined || !user.startsWith('n=') || nonce === undefined || !nonce.startsWith('r=') || nonce.length < 3) {
    throw bad('client-first message');
  }
  const extensions = new Map<string, string>();
  for (const e of attrs.slice(2)) {
    const i = e.indexOf('=');
    if (i <= 0) throw bad('client-first extension');
    extensions.set(e.slice(0, i), e.slice(i + 1));
  }
  return {
    authzid: m[2] === undefined ? null : decodeSaslName(m[2].slice(2)),
    username: decodeSaslName(user.slice(2)),
    nonce: nonce.slice(2),
    extensions,
    bare,
    gs2Header: `${m[1]},${m[2] ?? ''},`,
  };
}

export function parseClientFinal(text: string): ClientFinalMessage {
  const at = text.lastIndexOf(',p=');
  if (at < 0) throw bad('client-final message');
  const withoutProof = text.slice(0, at);
  const attrs = withoutProof.split(',');
  const c = attrs[0];
  const r = attrs[1];
  if (c === undefined || !c.startsWith('c=') || r === undefined || !r.startsWith('r=')) throw bad('client-final message');
  const proof = text.slice(at + 3);
  if (!/^[A-Za-z0-9+/]+=*$/.test(proof)) throw bad('client proof');
  return { channelBinding: c.slice(2), nonce: r.slice(2), proof: Buffer.from(proof, 'base64'), withoutProof };
}

export function formatServerFirst(nonce: string, salt: Buffer, iterations: number): string {
  return `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
}

export function formatServerFinal(serverSignature: Buffer): string {
  return `v=${serverSignature.toString('base64')}`;
}

/** saslname (RFC 5802 §5.1): `=2C` is a comma, `=3D` an equals sign; any other `=` is invalid. */
export function decodeSaslName(s: string): string {
  if (/=(?!2C|3D)/.test(s)) throw bad('user name encoding');
  return s.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

export function encodeSaslName(s: string): string {
  return s.replace(/=/g, '=3D').replace(/,/g, '=2C');
}
