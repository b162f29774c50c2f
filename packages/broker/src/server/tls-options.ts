import { readFile } from 'node:fs/promises';
import type { TlsOptions } from 'node:tls';
import type { SslClientAuth, SslConfig } from '../config/broker-config.js';
import { InvalidConfigError } from '../config/invalid-config-error.js';

/** TLS server options with the policy for client certificates. */
export interface ListenerTls {
  readonly options: TlsOptions;
  readonly clientAuth: SslClientAuth;
}

/** Reads the key, certificate chain and CA files `ssl.*` names (once, at startup). */
export async function loadListenerTls(ssl: SslConfig): Promise<ListenerTls> {
  const read = async (key: string, path: string): Promise<Buffer> => {
    try {
      return await readFile(path);
    } catch (err) {
      throw new InvalidConfigError(key, `cannot read ${path}: ${(err as Error).message}`);
    }
  };
  const options: TlsOptions = {
    requestCert: ssl.clientAuth !== 'none',
    // 'requested' accepts a client without a certificate; one that sends a bad one is refused on connect.
    rejectUnauthorized: ssl.clientAuth === 'required',
  };
  if (ssl.pkcs12Location !== null) options.pfx = await read('ssl.keystore.location', ssl.pkcs12Location);
  if (ssl.keyLocation !== null) options.key = await read('ssl.key.location', ssl.keyLocation);
  if (ssl.certificateLocation !== null) options.cert = await read('ssl.certificate.location', ssl.certificateLocation);
  if (ssl.keyPassword !== null) options.passphrase = ssl.keyPassword;
  if (ssl.caLocation !== null) options.ca = await read('ssl.ca.location', ssl.caLocation);
  return { options, clientAuth: ssl.clientAuth };
}
