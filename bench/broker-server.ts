// Tributary's broker as its own process for `bench/broker.ts` (so its RSS and CPU are measured
// apart from the load generator). Usage: npm run bench -- broker-server <dataDir> [key=value ...]
// Prints `LISTENING <port>`; SIGTERM closes it.
import { brokerConfigFromMap, startBroker } from '@tributary/broker';

const [dataDir, ...overrides] = process.argv.slice(2);
if (dataDir === undefined) {
  process.stderr.write('usage: npm run bench -- broker-server <dataDir> [key=value ...]  (started by bench/broker.ts)\n');
  process.exit(0);
}
const props = new Map(overrides.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const broker = await startBroker({ ...brokerConfigFromMap(props), host: '127.0.0.1', port: 0, logDir: dataDir });
process.stdout.write(`LISTENING ${broker.port}\n`);
const stop = (): void => void broker.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
