import { TributaryError } from '@tributary/protocol';

/** A broker setting that is missing, malformed or out of range; `key` is the Kafka property name. */
export class InvalidConfigError extends TributaryError {
  readonly key: string;

  constructor(key: string, message: string) {
    super('INVALID_CONFIG', `${key}: ${message}`);
    this.key = key;
  }
}
