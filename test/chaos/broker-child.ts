/**
 * The broker as a child process for the crash test: `node --conditions=@tributary/source
 * --import tsx test/chaos/broker-child.ts <dataDir> <port> [key=value ...]`. Prints
 * `LISTENING <port>` once it accepts connections; the test kills it with SIGKILL.
 */
import { brokerConfigFromMap, startBroker } from '@tributary/broker';

const [dataDir, port, ...overrides] = process.argv.slice(2);
if (dataDir === undefined || port === undefined) throw new Error('usage: broker-child.ts <dataDir> <port> [key=value ...]');
const props = new Map(overrides.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const config = brokerConfigFromMap(props);
const broker = await startBroker({ ...config, host: '127.0.0.1', port: Number(port), logDir: dataDir });
process.stdout.write(`LISTENING ${broker.port}\n`);
const stop = (): void => void broker.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
