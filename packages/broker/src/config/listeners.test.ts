import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from './invalid-config-error.js';
import { brokerListeners } from './listeners.js';
import { brokerConfigFromProperties, resolveBrokerConfig } from './resolve-config.js';

const pem = ['ssl.key.location=/k.pem', 'ssl.certificate.location=/c.pem'];

describe('listeners and security settings from server.properties', () => {
  it('reads several listeners with protocols, a protocol map and per-listener advertised addresses', () => {
    const c = brokerConfigFromProperties(
      [
        'listeners=PLAINTEXT://127.0.0.1:9092,SSL://0.0.0.0:9093,CLIENT://:9094,CONTROLLER://:9095',
        'listener.security.protocol.map=CLIENT:SASL_SSL,CONTROLLER:PLAINTEXT',
        'advertised.listeners=PLAINTEXT://h:9092,CLIENT://public:19094',
        'sasl.enabled.mechanisms=SCRAM-SHA-256,scram-sha-512',
        'sasl.scram.users=alice:a-secret,bob:b:c',
        ...pem,
        'ssl.ca.location=/ca.pem',
        'ssl.client.auth=requested',
      ].join('\n'),
    );
    expect(brokerListeners(c)).toEqual([
      { name: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: '127.0.0.1', port: 9092, advertisedHost: 'h', advertisedPort: 9092 },
      { name: 'SSL', securityProtocol: 'SSL', host: '0.0.0.0', port: 9093, advertisedHost: undefined, advertisedPort: undefined },
      { name: 'CLIENT', securityProtocol: 'SASL_SSL', host: '', port: 9094, advertisedHost: 'public', advertisedPort: 19094 },
    ]);
    expect(c.saslEnabledMechanisms).toEqual(['SCRAM-SHA-256', 'SCRAM-SHA-512']);
    expect(c.saslScramUsers).toEqual([{ username: 'alice', password: 'a-secret' }, { username: 'bob', password: 'b:c' }]);
    expect(c.ssl).toEqual({
      keyLocation: '/k.pem',
      certificateLocation: '/c.pem',
      keyPassword: null,
      pkcs12Location: null,
      caLocation: '/ca.pem',
      clientAuth: 'requested',
    });
  });

  it('keeps the old single-listener behaviour: PLAINTEXT, or SASL_PLAINTEXT when sasl.plain.users is set', () => {
    expect(brokerListeners(resolveBrokerConfig({}))[0]!.securityProtocol).toBe('PLAINTEXT');
    expect(brokerListeners(brokerConfigFromProperties('sasl.plain.users=a:b'))[0]!.securityProtocol).toBe('SASL_PLAINTEXT');
    const sslOnly = brokerConfigFromProperties(['listeners=SASL_SSL://:9093', ...pem].join('\n'));
    expect(brokerListeners(sslOnly)).toMatchObject([{ name: 'SASL_SSL', securityProtocol: 'SASL_SSL', port: 9093 }]);
    // --port (BrokerConfig.port) still moves the primary listener.
    expect(brokerListeners({ ...sslOnly, port: 0 })[0]!.port).toBe(0);
    const pkcs12 = brokerConfigFromProperties('listeners=SSL://:1\nssl.keystore.type=PKCS12\nssl.keystore.location=/ks.p12\nssl.keystore.password=pw');
    expect(pkcs12.ssl).toMatchObject({ pkcs12Location: '/ks.p12', keyPassword: 'pw', keyLocation: null });
  });

  it('rejects TLS listeners without key material, unknown protocols and mechanisms, naming the key', () => {
    const keyOf = (text: string): string => {
      try {
        brokerConfigFromProperties(text);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidConfigError);
        return (err as InvalidConfigError).key;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(keyOf('listeners=SSL://:9093')).toBe('ssl.key.location');
    expect(keyOf('listeners=FOO://:9093')).toBe('listener.security.protocol.map');
    expect(keyOf('listener.security.protocol.map=A:TLS')).toBe('listener.security.protocol.map');
    expect(keyOf('sasl.enabled.mechanisms=GSSAPI')).toBe('sasl.enabled.mechanisms');
    expect(keyOf('sasl.scram.iterations=100')).toBe('sasl.scram.iterations');
    expect(keyOf(['listeners=SSL://:9093', ...pem, 'ssl.client.auth=required'].join('\n'))).toBe('ssl.ca.location');
    expect(keyOf('ssl.keystore.type=JKS\nssl.keystore.location=/x.jks')).toBe('ssl.keystore.type');
    expect(keyOf('listeners=PLAINTEXT://:1,PLAINTEXT://:2')).toBe('listeners');
  });
});
