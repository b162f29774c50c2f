import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ConfigOverrides } from '../config/parse-topic-config.js';
import type { Storage } from '../storage/storage.js';

/** What `topic.json` holds: written atomically, it is the commit point of create/alter. */
export interface TopicMetadata {
  name: string;
  topicId: string;
  partitions: number;
  internal: boolean;
  configs: ConfigOverrides;
}

const FILE = 'topic.json';

export async function readTopicMetadata(storage: Storage, dir: string): Promise<TopicMetadata | undefined> {
  const raw = await storage.readFile(path.join(dir, FILE));
  if (!raw) return undefined;
  const v = JSON.parse(raw.toString('utf8')) as TopicMetadata;
  return {
    name: v.name,
    // Empty when a data dir predates topic ids; `withTopicId` fills it in on open.
    topicId: typeof v.topicId === 'string' ? v.topicId : '',
    partitions: v.partitions,
    internal: v.internal === true,
    configs: { known: v.configs?.known ?? {}, passthrough: v.configs?.passthrough ?? {} },
  };
}

export async function writeTopicMetadata(storage: Storage, dir: string, meta: TopicMetadata): Promise<void> {
  await storage.writeFileAtomic(path.join(dir, FILE), Buffer.from(JSON.stringify(meta, null, 2)));
}

/**
 * The metadata with a topic id, generating and persisting one (atomically, like create) when the
 * stored file has none, so the id is stable from then on.
 */
export async function withTopicId(storage: Storage, dir: string, meta: TopicMetadata): Promise<TopicMetadata> {
  if (meta.topicId !== '') return meta;
  const filled = { ...meta, topicId: randomUUID() };
  await writeTopicMetadata(storage, dir, filled);
  return filled;
}
