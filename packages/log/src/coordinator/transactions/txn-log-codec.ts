import { ByteReader, ByteWriter } from '@tributary/protocol';
import type { TransactionMetadata, TxnState } from './transaction-metadata.js';

/**
 * Tributary's own layout of `__transaction_state` records (big-endian, int16-length strings).
 * Every key starts with an int16 record type:
 *
 *   type 0 transaction     key: transactionalId:string
 *                          value: version:int16(=1) producerId:int64 lastProducerId:int64 producerEpoch:int16
 *                                 lastProducerEpoch:int16 timeoutMs:int32 state:int8 txnStartTimestamp:int64
 *                                 lastUpdateTimestamp:int64 topics:int32 count, each { topic:string partitions:int32 count × int32 }
 *                                 groups:int32 count × string
 *   type 1 producer ids    key: (nothing more)   value: version:int16(=1) blockEnd:int64
 *                          (ids below blockEnd may have been handed out; always in partition 0)
 */
export const TRANSACTION_STATE_TOPIC = '__transaction_state';

const TYPE_TXN = 0;
const TYPE_PRODUCER_IDS = 1;
const VERSION = 1;
const STATES: readonly TxnState[] = [
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
  'Dead',
  'PrepareEpochFence',
];

export type TxnLogKey = { type: 'txn'; transactionalId: string } | { type: 'producerIds' };

export function encodeTxnLogKey(key: TxnLogKey): Buffer {
  const w = new ByteWriter(32);
  if (key.type === 'txn') w.int16(TYPE_TXN).string(key.transactionalId);
  else w.int16(TYPE_PRODUCER_IDS);
  return w.toBuffer();
}

export function decodeTxnLogKey(buf: Buffer): TxnLogKey | undefined {
  const r = new ByteReader(buf);
  const type = r.int16();
  if (type === TYPE_TXN) return { type: 'txn', transactionalId: r.string() };
  if (type === TYPE_PRODUCER_IDS) return { type: 'producerIds' };
  return undefined;
}

export function encodeTxnValue(m: TransactionMetadata): Buffer {
  const w = new ByteWriter(96)
    .int16(VERSION)
    .int64(m.producerId)
    .int64(m.lastProducerId)
    .int16(m.producerEpoch)
    .int16(m.lastProducerEpoch)
    .int32(m.timeoutMs)
    .int8(STATES.indexOf(m.state))
    .int64(m.txnStartTimestamp)
    .int64(m.lastUpdateTimestamp)
    .int32(m.partitions.size);
  for (const [topic, parts] of m.partitions) {
    w.string(topic).int32(parts.size);
    for (const p of parts) w.int32(p);
  }
  w.int32(m.groups.size);
  for (const g of m.groups) w.string(g);
  return w.toBuffer();
}

export function decodeTxnValue(transactionalId: string, buf: Buffer): TransactionMetadata {
  const r = new ByteReader(buf);
  r.int16();
  const producerId = r.int64();
  const lastProducerId = r.int64();
  const producerEpoch = r.int16();
  const lastProducerEpoch = r.int16();
  const timeoutMs = r.int32();
  const state = STATES[r.int8()] ?? 'Dead';
  const txnStartTimestamp = r.int64();
  const lastUpdateTimestamp = r.int64();
  const partitions = new Map<string, Set<number>>();
  for (let n = r.int32(); n > 0; n--) {
    const topic = r.string();
    const parts = new Set<number>();
    for (let k = r.int32(); k > 0; k--) parts.add(r.int32());
    partitions.set(topic, parts);
  }
  const groups = new Set<string>();
  for (let n = r.int32(); n > 0; n--) groups.add(r.string());
  return {
    transactionalId,
    producerId,
    lastProducerId,
    producerEpoch,
    lastProducerEpoch,
    timeoutMs,
    state,
    partitions,
    groups,
    txnStartTimestamp,
    lastUpdateTimestamp,
  };
}

export function encodeProducerIdBlock(blockEnd: number): Buffer {
  return new ByteWriter(16).int16(VERSION).int64(blockEnd).toBuffer();
}

export function decodeProducerIdBlock(buf: Buffer): number {
  const r = new ByteReader(buf);
  r.int16();
  return r.int64();
}
