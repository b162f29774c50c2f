import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';

/**
 * A SCRAM client written straight from RFC 5802 §3 (its own primitives, not the server's), for
 * driving the server in tests.
 */
export class TestScramClient {
  private first = '';
  private saltedPassword: Buffer = Buffer.alloc(0);
  private authMessage = '';

  constructor(
    private readonly hashName: 'sha256' | 'sha512',
    private readonly username: string,
    private readonly password: string,
    private readonly nonce: string,
  ) {}

  clientFirst(): string {
    this.first = `n=${this.username.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${this.nonce}`;
    return `n,,${this.first}`;
  }

  clientFinal(serverFirst: string): string {
    const attrs = new Map(serverFirst.split(',').map((a) => [a[0]!, a.slice(2)]));
    const salt = Buffer.from(attrs.get('s')!, 'base64');
    const len = this.hashName === 'sha256' ? 32 : 64;
    this.saltedPassword = pbkdf2Sync(this.password, salt, Number(attrs.get('i')), len, this.hashName);
    const withoutProof = `c=biws,r=${attrs.get('r')!}`;
    this.authMessage = `${this.first},${serverFirst},${withoutProof}`;
    const clientKey = this.mac(this.saltedPassword, 'Client Key');
    const storedKey = createHash(this.hashName).update(clientKey).digest();
    const signature = this.mac(storedKey, this.authMessage);
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** The `v=` the server must send back. */
  expectedServerFinal(): string {
    const serverKey = this.mac(this.saltedPassword, 'Server Key');
    return `v=${this.mac(serverKey, this.authMessage).toString('base64')}`;
  }

  private mac(key: Buffer, data: string): Buffer {
    return createHmac(this.hashName, key).update(data).digest();
  }
}
