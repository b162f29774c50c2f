import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { settleAbortedTransactions, type AbortedTransaction, type KafkajsFetchedRecord } from './aborted-transactions.js';

/**
 * Two fixes to how kafkajs 2.2.4 reads a fetched partition, both needed for exactly-once reads of
 * Apache Kafka (kafkajs 2.2.4 is its last release, so the internals touched here are pinned):
 *
 * 1. Java's read_committed filter instead of kafkajs's, which can deliver a record of an aborted
 *    transaction (see aborted-transactions.ts).
 * 2. Empty batches. kafkajs 2.2.4 flattens a fetched partition's record batches into their records
 *    (protocol/requests/fetch/v4/decodeMessages.js), so a batch with no records is lost without a
 *    trace. Kafka keeps such batches: the log cleaner empties a compacted topic's batches (e.g. an
 *    aborted transaction's records) but keeps their headers to preserve producer state. A fetch
 *    that returns only empty batches — Kafka reads one segment per fetch, and a cleaned segment may
 *    hold nothing else — gives kafkajs no message, so it never moves its position and fetches the
 *    same offset forever (tulios/kafkajs#1072; Java moves to the batch's next offset). A restore of
 *    a compacted exactly-once changelog stalls there.
 *
 *    The shim replaces that one function (same code, loaded lazily by kafkajs's Fetch response
 *    decoders, so replacing the cached module before the first fetch is enough) with a copy that
 *    stands in for each empty batch with a control record at the batch's last offset. kafkajs
 *    drops control records from what it delivers and resolves its position past them, exactly as
 *    for a batch of transaction markers (the consumer adapter reports the move as a batch without
 *    records).
 */

interface KafkajsDecoder {
  readInt32(): number;
  canReadBytes(length: number): boolean;
  readBytes(length: number): Buffer;
}

interface DecodedBatch {
  readonly firstOffset: string;
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: string;
  readonly magicByte?: number;
  readonly records: unknown[];
}

type DecodeMessages = (decoder: KafkajsDecoder) => Promise<unknown[]>;

const DECODE_MESSAGES = 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js';
// Same constants as decodeMessages.js: where the magic byte sits and a batch's fixed overhead.
const MAGIC_OFFSET = 16;
const RECORD_BATCH_OVERHEAD = 49;

let installed: FetchShims | undefined;

export interface FetchShims {
  /** Batches without records move kafkajs's position (see above). */
  readonly emptyBatches: boolean;
  /** Fetched records go through settleAbortedTransactions (Java's read_committed filter). */
  readonly abortedTransactions: boolean;
}

const FETCH_VERSIONS = [4, 5, 6, 7, 8, 9, 10, 11];
const WRAPPED = Symbol.for('tributary.kafkajs.fetch-decode');

interface FetchResponseModule {
  decode: ((raw: Buffer) => Promise<DecodedFetch>) & { [WRAPPED]?: true };
}

interface DecodedFetch {
  readonly responses?: readonly { readonly partitions?: { abortedTransactions?: AbortedTransaction[] | null; messages?: KafkajsFetchedRecord[] }[] }[];
}

/**
 * Installs both shims once per process, before the first fetch: the empty-batch one must replace
 * decodeMessages before kafkajs's Fetch response decoders load (they capture it); the
 * read_committed one wraps each decoder's `decode` property, which kafkajs looks up per call.
 */
export function installFetchShims(): FetchShims {
  if (installed !== undefined) return installed;
  const require = createRequire(import.meta.url);
  const emptyBatches = installEmptyBatchShim(require);
  let abortedTransactions = false;
  try {
    for (const v of FETCH_VERSIONS) {
      const mod = require(`kafkajs/src/protocol/requests/fetch/v${v}/response.js`) as FetchResponseModule;
      if (mod.decode[WRAPPED] === true) continue;
      const original = mod.decode;
      const decode = async (raw: Buffer): Promise<DecodedFetch> => settleResponse(await original(raw));
      mod.decode = Object.assign(decode, { [WRAPPED]: true as const });
    }
    abortedTransactions = true;
  } catch {
    abortedTransactions = false;
  }
  installed = { emptyBatches, abortedTransactions };
  return installed;
}

function settleResponse(decoded: DecodedFetch): DecodedFetch {
  for (const topic of decoded.responses ?? []) {
    for (const p of topic.partitions ?? []) {
      if (p.messages !== undefined && p.abortedTransactions !== undefined && p.abortedTransactions !== null && p.abortedTransactions.length > 0) {
        p.messages = settleAbortedTransactions(p.messages, p.abortedTransactions);
      }
    }
  }
  return decoded;
}

function installEmptyBatchShim(require: NodeRequire): boolean {
  try {
    const path = require.resolve(DECODE_MESSAGES);
    const fetchDir = dirname(dirname(path)) + sep;
    // A response decoder loaded already holds the original function.
    if (Object.keys(require.cache).some((p) => p.startsWith(fetchDir) && p.endsWith(`${sep}response.js`))) return false;
    require(path);
    const cached = require.cache[path];
    if (cached === undefined) return false;
    const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => KafkajsDecoder;
    const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: KafkajsDecoder) => Promise<DecodedBatch>;
    const decodeMessageSet = require('kafkajs/src/protocol/messageSet/decoder.js') as (decoder: KafkajsDecoder, size: number) => unknown;
    const { MAGIC_BYTE } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { MAGIC_BYTE: number };
    cached.exports = shimmedDecodeMessages(Decoder, decodeRecordBatch, decodeMessageSet, MAGIC_BYTE);
    return true;
  } catch {
    return false;
  }
}

/** kafkajs's decodeMessages, plus a stand-in control record for every batch without records. */
export function shimmedDecodeMessages(
  Decoder: new (buffer: Buffer) => KafkajsDecoder,
  decodeRecordBatch: (decoder: KafkajsDecoder) => Promise<DecodedBatch>,
  decodeMessageSet: (decoder: KafkajsDecoder, size: number) => unknown,
  magic: number,
): DecodeMessages {
  return async (decoder) => {
    const messagesSize = decoder.readInt32();
    if (messagesSize <= 0 || !decoder.canReadBytes(messagesSize)) return [];
    const messagesBuffer = decoder.readBytes(messagesSize);
    const messagesDecoder = new Decoder(messagesBuffer);
    const magicByte = messagesBuffer.subarray(MAGIC_OFFSET).readInt8(0);
    if (magicByte !== magic) return decodeMessageSet(messagesDecoder, messagesSize) as unknown[];
    const records: unknown[] = [];
    while (messagesDecoder.canReadBytes(RECORD_BATCH_OVERHEAD)) {
      let batch: DecodedBatch;
      try {
        batch = await decodeRecordBatch(messagesDecoder);
      } catch (error) {
        // The tail of a fetch may be a partial batch (maxBytes): kafkajs stops there too.
        if ((error as { name?: string }).name === 'KafkaJSPartialMessageError') break;
        throw error;
      }
      if (batch.records.length > 0) records.push(...batch.records);
      else records.push(emptyBatchMarker(batch));
    }
    return records;
  };
}

function emptyBatchMarker(batch: DecodedBatch): unknown {
  const { records: _records, ...batchContext } = batch;
  return {
    magicByte: batch.magicByte ?? 2,
    attributes: 0,
    timestamp: batch.maxTimestamp,
    offset: (BigInt(batch.firstOffset) + BigInt(batch.lastOffsetDelta)).toString(),
    key: null,
    value: null,
    headers: {},
    isControlRecord: true,
    batchContext,
  };
}
