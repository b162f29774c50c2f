import { readFile } from 'node:fs/promises';
import {
  formatStorage,
  randomBase64Uuid,
  readMetaProperties,
  startBroker,
  type BrokerConfig,
} from '@tributary/broker';
import { Command } from 'commander';
import { collectKeyValue, parseIntFlag, parseKeyValues } from '../args/key-values.js';
import { CliUsageError } from '../errors/cli-usage-error.js';
import type { CliIo } from '../io/cli-io.js';
import { isLogLevel, textLogger } from '../io/text-logger.js';
import { resolveStartConfig, startupLine } from './broker-config.js';
import type { CommandRunner } from './command-runner.js';

interface FormatFlags {
  clusterId?: string;
  dataDir?: string;
  config?: string;
  nodeId?: string;
  ignoreFormatted?: boolean;
}

interface StartFlags {
  config?: string;
  dataDir?: string;
  host?: string;
  port?: string;
  override?: string[];
  logLevel: string;
}

/** `tributary broker format|random-uuid|start`, the kafka-storage and kafka-server-start steps. */
export function brokerCommand(io: CliIo, run: CommandRunner): Command {
  const broker = new Command('broker').description('format storage and run the Tributary broker');

  broker
    .command('random-uuid')
    .description('print a new cluster id (like kafka-storage random-uuid)')
    .action(() =>
      run(async () => {
        io.stdout.write(`${randomBase64Uuid()}\n`);
        return 0;
      }),
    );

  broker
    .command('format')
    .description('prepare a data directory for a cluster id (like kafka-storage format)')
    .option('-t, --cluster-id <id>', 'cluster id (make one with `tributary broker random-uuid`)')
    .option('--data-dir <dir>', 'data directory (log.dirs)')
    .option('-c, --config <file>', 'server.properties to read log.dirs and node.id from')
    .option('--node-id <n>', 'node.id to record (default: from --config, else 1)')
    .option('-g, --ignore-formatted', 'succeed when the directory is already formatted for this cluster')
    .action((flags: FormatFlags) => run(() => formatAction(io, flags)));

  broker
    .command('start')
    .description('run the broker in the foreground until SIGINT/SIGTERM (like kafka-server-start)')
    .option('-c, --config <file>', 'server.properties (Kafka key names)')
    .option('--data-dir <dir>', 'data directory (log.dirs); without one everything stays in memory')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <n>', 'port to listen on (0 picks a free one; default 9092)')
    .option('--override <key=value>', 'set a server.properties key (repeatable)', collectKeyValue)
    .option('--log-level <level>', 'debug, info, warn or error', 'info')
    .action((flags: StartFlags) => run(() => startAction(io, flags)));

  return broker;
}

async function formatAction(io: CliIo, flags: FormatFlags): Promise<number> {
  if (flags.clusterId === undefined || flags.clusterId.trim() === '') {
    throw new CliUsageError('--cluster-id <id> is required (make one with `tributary broker random-uuid`)');
  }
  let dataDir = flags.dataDir;
  let nodeId = parseIntFlag(flags.nodeId, '--node-id', 0, 2 ** 31 - 1);
  if (flags.config !== undefined) {
    const fromFile = resolveStartConfig({ propertiesText: await readConfigFile(flags.config) });
    dataDir ??= fromFile.logDir ?? undefined;
    nodeId ??= fromFile.nodeId;
  }
  if (dataDir === undefined) throw new CliUsageError('--data-dir <dir> (or --config with log.dirs) is required');
  const existing = await readMetaProperties(dataDir);
  if (existing !== undefined && flags.ignoreFormatted === true) {
    io.stdout.write(`${dataDir} is already formatted (cluster.id=${existing.get('cluster.id') ?? '?'}); nothing to do.\n`);
    return 0;
  }
  await formatStorage({ dataDir, clusterId: flags.clusterId.trim(), nodeId: nodeId ?? 1, ignoreFormatted: false });
  io.stdout.write(`Formatted ${dataDir} for cluster.id=${flags.clusterId.trim()} (node.id=${nodeId ?? 1}).\n`);
  return 0;
}

async function startAction(io: CliIo, flags: StartFlags): Promise<number> {
  if (!isLogLevel(flags.logLevel)) throw new CliUsageError(`--log-level must be debug, info, warn or error, got "${flags.logLevel}"`);
  const config = resolveStartConfig({
    ...(flags.config === undefined ? {} : { propertiesText: await readConfigFile(flags.config) }),
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.port === undefined ? {} : { port: parseIntFlag(flags.port, '--port', 0, 65_535) }),
    overrides: parseKeyValues(flags.override, '--override'),
  });
  const resolved = await clusterIdFromStorage(config);
  const logger = textLogger(io.stderr, flags.logLevel);

  // Signals that arrive while starting still stop the broker once it is up.
  let signalled: string | undefined;
  let wake: (() => void) | undefined;
  let forced = false;
  const removeHandler = io.onShutdownSignal((signal) => {
    if (signalled !== undefined) {
      forced = true;
      io.stderr.write(`Received ${signal} again; exiting without waiting for shutdown.\n`);
    }
    signalled ??= signal;
    wake?.();
  });
  try {
    const broker = await startBroker(resolved, { logger });
    io.stdout.write(startupLine(broker.config, broker.host, broker.port));
    if (signalled === undefined) await new Promise<void>((resolve) => (wake = resolve));
    io.stderr.write(`Received ${signalled ?? 'signal'}; shutting down.\n`);
    const closed = broker.close().then(() => 'closed' as const);
    const force = new Promise<'forced'>((resolve) => (wake = () => resolve('forced')));
    if (forced || (await Promise.race([closed, force])) === 'forced') return 130;
    io.stdout.write('Tributary broker stopped.\n');
    return 0;
  } finally {
    removeHandler();
  }
}

/** A formatted data dir carries the cluster id; an unformatted one is refused, like Kafka. */
async function clusterIdFromStorage(config: BrokerConfig): Promise<BrokerConfig> {
  if (config.logDir === null) return config;
  const meta = await readMetaProperties(config.logDir);
  const clusterId = meta?.get('cluster.id');
  if (clusterId === undefined) {
    throw new CliUsageError(
      `no meta.properties in ${config.logDir}: format it first with ` +
        `\`tributary broker format --cluster-id $(tributary broker random-uuid) --data-dir ${config.logDir}\``,
    );
  }
  return { ...config, clusterId };
}

async function readConfigFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliUsageError(`cannot read config file ${path} (${reason})`);
  }
}
