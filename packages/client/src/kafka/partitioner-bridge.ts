import type { ICustomPartitioner } from 'kafkajs';
import type { Partitioner } from '../partitioner/partitioner.js';

/**
 * Hands kafkajs our partitioner, so placement is identical across adapters (and kafkajs's
 * "default partitioner changed" warning never fires: it only warns about its own default).
 */
export function toKafkajsPartitioner(partitioner: Partitioner): ICustomPartitioner {
  return () =>
    ({ topic, partitionMetadata, message }) => {
      // kafkajs asks the partitioner even for records that name their partition.
      if (typeof message.partition === 'number') return message.partition;
      const key = message.key;
      const bytes = key === null || key === undefined ? null : typeof key === 'string' ? Buffer.from(key) : key;
      return partitioner.partition(topic, bytes, partitionMetadata.length);
    };
}
