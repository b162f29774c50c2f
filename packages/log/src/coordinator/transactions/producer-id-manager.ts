import type { InternalLog } from '../internal-log.js';
import { TRANSACTION_STATE_TOPIC, encodeProducerIdBlock, encodeTxnLogKey } from './txn-log-codec.js';

/**
 * Durable producer-id counter: reserves blocks of ids by logging the block's end to
 * `__transaction_state` partition 0 before handing any out, so a restart never reuses an id.
 */
export class ProducerIdManager {
  private next = 0;
  private blockEnd = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: InternalLog,
    private readonly blockSize = 1000,
  ) {}

  /** Called on replay with each logged block end; ids continue after the highest. */
  onReplayedBlock(blockEnd: number): void {
    if (blockEnd > this.blockEnd) {
      this.blockEnd = blockEnd;
      this.next = blockEnd;
    }
  }

  allocate(): Promise<number> {
    const result = this.chain.then(async () => {
      if (this.next >= this.blockEnd) {
        const end = this.blockEnd + this.blockSize;
        await this.log.append(TRANSACTION_STATE_TOPIC, 0, [
          { key: encodeTxnLogKey({ type: 'producerIds' }), value: encodeProducerIdBlock(end) },
        ]);
        this.next = this.blockEnd;
        this.blockEnd = end;
      }
      return this.next++;
    });
    this.chain = result.catch(() => undefined);
    return result;
  }
}
