import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { MIN_SCRAM_ITERATIONS, type ScramMechanism } from './scram-mechanism.js';

/** What a server stores per user and mechanism (RFC 5802 §2.2): never the password itself. */
export interface ScramCredential {
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
  readonly iterations: number;
}

/** Hi(): PBKDF2 with HMAC over the hash. The password is used as UTF-8 without SASLprep, as Kafka does. */
export function saltedPassword(m: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, m.keyLength, m.hash);
}

export function hmac(m: ScramMechanism, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(m.hash, key).update(data).digest();
}

export function hash(m: ScramMechanism, data: Buffer): Buffer {
  return createHash(m.hash).update(data).digest();
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Salts a password into a stored credential (a random salt unless one is given). */
export function scramCredentialFromPassword(
  m: ScramMechanism,
  password: string,
  iterations = MIN_SCRAM_ITERATIONS,
  salt: Buffer = randomBytes(m.keyLength),
): ScramCredential {
  const salted = saltedPassword(m, password, salt, iterations);
  const clientKey = hmac(m, salted, 'Client Key');
  return {
    salt,
    storedKey: hash(m, clientKey),
    serverKey: hmac(m, salted, 'Server Key'),
    iterations,
  };
}

/** `salt=<b64>,stored_key=<b64>,server_key=<b64>,iterations=<n>`, the form Kafka describes SCRAM credentials in. */
export function formatScramCredential(c: ScramCredential): string {
  return [
    `salt=${c.salt.toString('base64')}`,
    `stored_key=${c.storedKey.toString('base64')}`,
    `server_key=${c.serverKey.toString('base64')}`,
    `iterations=${c.iterations}`,
  ].join(',');
}
