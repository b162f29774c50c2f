import { InvalidConfigError } from '../config/invalid-config-error.js';
import { scramCredentialFromPassword, type ScramCredential } from './scram-credential.js';
import { MIN_SCRAM_ITERATIONS, scramMechanism } from './scram-mechanism.js';

/** One line of a credentials file. */
export interface ScramCredentialEntry {
  readonly username: string;
  readonly mechanism: string;
  readonly credential: ScramCredential;
}

const KEY = 'sasl.scram.credentials.file';

/**
 * Parses `sasl.scram.credentials.file` text: `#` comments, then per line
 * `user MECHANISM salt=<b64>,stored_key=<b64>,server_key=<b64>,iterations=<n>` (stored, salted)
 * or `user MECHANISM password=<p>[,iterations=<n>]` (salted when read).
 */
export function parseScramCredentialFile(text: string, defaultIterations = MIN_SCRAM_ITERATIONS): ScramCredentialEntry[] {
  const out: ScramCredentialEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (why: string): never => {
      throw new InvalidConfigError(KEY, `line ${i + 1}: ${why}`);
    };
    const m = /^(\S+)\s+(\S+)\s+(\S.*)$/.exec(line);
    if (!m) return fail('expected "user MECHANISM key=value,..."');
    const [, username, mechName, rest] = m as unknown as [string, string, string, string];
    const mechanism = scramMechanism(mechName.toUpperCase()) ?? fail(`unknown mechanism ${mechName}`);
    const fields = new Map<string, string>();
    for (const kv of rest.split(',')) {
      const at = kv.indexOf('=');
      if (at <= 0) fail(`expected key=value, got "${kv}"`);
      fields.set(kv.slice(0, at).trim(), kv.slice(at + 1).trim());
    }
    const iterText = fields.get('iterations');
    const iterations = iterText === undefined ? defaultIterations : Number(iterText);
    if (!Number.isInteger(iterations) || iterations < MIN_SCRAM_ITERATIONS) {
      fail(`iterations must be an integer >= ${MIN_SCRAM_ITERATIONS}`);
    }
    const password = fields.get('password');
    let credential: ScramCredential;
    if (password !== undefined) {
      credential = scramCredentialFromPassword(mechanism, password, iterations);
    } else {
      const b64 = (k: string, len?: number): Buffer => {
        const v = fields.get(k) ?? fail(`missing ${k} (or password)`);
        const buf = Buffer.from(v, 'base64');
        if (buf.length === 0 || (len !== undefined && buf.length !== len)) fail(`${k} is not a valid base64 value`);
        return buf;
      };
      if (iterText === undefined) fail('stored credentials need iterations');
      credential = {
        salt: b64('salt'),
        storedKey: b64('stored_key', mechanism.keyLength),
        serverKey: b64('server_key', mechanism.keyLength),
        iterations,
      };
    }
    out.push({ username, mechanism: mechanism.name, credential });
  });
  return out;
}
