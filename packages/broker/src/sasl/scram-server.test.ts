import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SaslAuthenticationError } from './sasl-authentication-error.js';
import { formatScramCredential, scramCredentialFromPassword, type ScramCredential } from './scram-credential.js';
import { parseScramCredentialFile } from './scram-credential-file.js';
import { SCRAM_SHA_256, SCRAM_SHA_512, type ScramMechanism } from './scram-mechanism.js';
import { decodeSaslName, encodeSaslName } from './scram-messages.js';
import { ScramServer } from './scram-server.js';
import { TestScramClient } from './scram-client.test-helper.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

// RFC 7677 §3: SCRAM-SHA-256, user "user", password "pencil".
const RFC = {
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};
const rfcCredential = scramCredentialFromPassword(SCRAM_SHA_256, 'pencil', 4096, Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));

function server(m: ScramMechanism, users: Record<string, ScramCredential>, serverNonce?: string): ScramServer {
  return new ScramServer({ mechanism: m, lookup: (u) => users[u], ...(serverNonce ? { serverNonce: () => serverNonce } : {}) });
}

describe('ScramServer', () => {
  it('reproduces the RFC 7677 SCRAM-SHA-256 exchange byte for byte', () => {
    const s = server(SCRAM_SHA_256, { user: rfcCredential }, RFC.serverNonce);
    const first = s.evaluate(b(RFC.clientFirst));
    expect(first.done).toBe(false);
    expect(first.challenge.toString()).toBe(RFC.serverFirst);
    const final = s.evaluate(b(RFC.clientFinal));
    expect(final).toMatchObject({ done: true, username: 'user' });
    expect(final.challenge.toString()).toBe(RFC.serverFinal);
  });

  it('rejects a wrong proof, an unknown user, a tampered nonce and a replayed exchange', () => {
    const wrongProof = server(SCRAM_SHA_256, { user: rfcCredential }, RFC.serverNonce);
    wrongProof.evaluate(b(RFC.clientFirst));
    expect(() => wrongProof.evaluate(b(RFC.clientFinal.replace('p=dHz', 'p=eHz')))).toThrow(SaslAuthenticationError);
    expect(() => server(SCRAM_SHA_256, {}).evaluate(b(RFC.clientFirst))).toThrow(/invalid credentials/);
    const tampered = server(SCRAM_SHA_256, { user: rfcCredential }, RFC.serverNonce);
    tampered.evaluate(b(RFC.clientFirst));
    expect(() => tampered.evaluate(b(RFC.clientFinal.replace('k0,p=', 'k1,p=')))).toThrow(/nonce/);
    const done = server(SCRAM_SHA_256, { user: rfcCredential }, RFC.serverNonce);
    done.evaluate(b(RFC.clientFirst));
    done.evaluate(b(RFC.clientFinal));
    expect(() => done.evaluate(b(RFC.clientFinal))).toThrow(SaslAuthenticationError);
    expect(() => server(SCRAM_SHA_256, { user: rfcCredential }).evaluate(b('p=tls-unique,,n=user,r=x'))).toThrow(/channel binding/);
    expect(() => server(SCRAM_SHA_256, { user: rfcCredential }).evaluate(b('n,,n=user,r=x,tokenauth=true'))).toThrow(/token/);
    expect(() => server(SCRAM_SHA_256, { user: rfcCredential }).evaluate(b('garbage'))).toThrow(SaslAuthenticationError);
  });

  it('authenticates exactly the right password for both hashes (oracle: an independent RFC 5802 client)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(SCRAM_SHA_256, SCRAM_SHA_512),
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.string({ maxLength: 16 }),
        fc.string({ maxLength: 16 }),
        (m, username, password, attempt) => {
          const users = { [username]: scramCredentialFromPassword(m, password) };
          const s = server(m, users);
          const client = new TestScramClient(m.hash, username, attempt, 'fyko+d2lbbFgONRv9qkxdawL');
          const serverFirst = s.evaluate(b(client.clientFirst())).challenge.toString();
          const finalMsg = b(client.clientFinal(serverFirst));
          if (attempt === password) {
            const final = s.evaluate(finalMsg);
            expect(final).toMatchObject({ done: true, username });
            expect(final.challenge.toString()).toBe(client.expectedServerFinal());
          } else {
            expect(() => s.evaluate(finalMsg)).toThrow(SaslAuthenticationError);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('saslname escaping round-trips (oracle: identity) and rejects stray "="', () => {
    fc.assert(fc.property(fc.string(), (s) => decodeSaslName(encodeSaslName(s)) === s), { numRuns: 200 });
    expect(() => decodeSaslName('a=b')).toThrow(SaslAuthenticationError);
  });
});

describe('SCRAM credentials file', () => {
  it('reads stored (salted) and password lines; stored ones authenticate like the password they came from', () => {
    const stored = scramCredentialFromPassword(SCRAM_SHA_512, 'bob-secret', 8192);
    const text = [
      '# user mechanism credential',
      `bob SCRAM-SHA-512 ${formatScramCredential(stored)}`,
      'alice scram-sha-256 password=alice-secret,iterations=4096',
      '',
    ].join('\n');
    const entries = parseScramCredentialFile(text);
    expect(entries.map((e) => [e.username, e.mechanism, e.credential.iterations])).toEqual([
      ['bob', 'SCRAM-SHA-512', 8192],
      ['alice', 'SCRAM-SHA-256', 4096],
    ]);
    const s = server(SCRAM_SHA_512, { bob: entries[0]!.credential });
    const client = new TestScramClient('sha512', 'bob', 'bob-secret', 'abc');
    const serverFirst = s.evaluate(b(client.clientFirst())).challenge.toString();
    expect(serverFirst).toMatch(/,i=8192$/);
    expect(s.evaluate(b(client.clientFinal(serverFirst))).done).toBe(true);
  });

  it('refuses fewer than 4096 iterations, unknown mechanisms and malformed lines, naming the line', () => {
    expect(() => parseScramCredentialFile('a SCRAM-SHA-256 password=x,iterations=1000')).toThrow(/line 1: iterations/);
    expect(() => parseScramCredentialFile('\na SCRAM-MD5 password=x')).toThrow(/line 2: unknown mechanism/);
    expect(() => parseScramCredentialFile('a SCRAM-SHA-256 salt=AAAA')).toThrow(/stored_key|iterations/);
    expect(() => parseScramCredentialFile('just-a-name')).toThrow(/line 1/);
  });
});
