import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TributaryError } from '@tributary/protocol';

/** The storage directory was already formatted for another cluster. */
export class StorageAlreadyFormattedError extends TributaryError {
  constructor(dir: string, existing: string) {
    super('STORAGE_ALREADY_FORMATTED', `${dir} is already formatted for cluster ${existing}`);
  }
}

export interface FormatStorageOptions {
  dataDir: string;
  clusterId: string;
  nodeId?: number;
  /** Like kafka-storage --ignore-formatted: succeed if already formatted with the same cluster id. */
  ignoreFormatted?: boolean;
}

/** Writes `meta.properties` the way `kafka-storage format` does (KRaft version 1). */
export async function formatStorage(options: FormatStorageOptions): Promise<{ metaPath: string }> {
  const metaPath = join(options.dataDir, 'meta.properties');
  const existing = await readMetaProperties(options.dataDir);
  if (existing !== undefined) {
    const id = existing.get('cluster.id') ?? '';
    if (id === options.clusterId && options.ignoreFormatted !== false) return { metaPath };
    throw new StorageAlreadyFormattedError(options.dataDir, id);
  }
  await mkdir(options.dataDir, { recursive: true });
  const text =
    '#\n#' + new Date().toString() + '\n' +
    `cluster.id=${options.clusterId}\n` +
    `directory.id=${randomBase64Uuid()}\n` +
    `node.id=${options.nodeId ?? 1}\n` +
    'version=1\n';
  await writeFile(metaPath, text);
  return { metaPath };
}

/** The meta.properties entries of a formatted directory, or undefined when not formatted. */
export async function readMetaProperties(dataDir: string): Promise<Map<string, string> | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, 'meta.properties'), 'utf8');
  } catch {
    return undefined;
  }
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([^#=][^=]*)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!.trim(), m[2]!.trim());
  }
  return out;
}

/** Kafka's cluster/directory id shape: 16 random bytes as URL-safe base64 without padding. */
export function randomBase64Uuid(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
