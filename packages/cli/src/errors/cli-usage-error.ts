import { TributaryError } from '@tributary/protocol';

/** The command line asked for something that does not make sense; the message says what. */
export class CliUsageError extends TributaryError {
  constructor(message: string) {
    super('CLI_USAGE', message);
  }
}

/** Console input the producer cannot turn into a record (e.g. a line without the key separator). */
export class InvalidInputError extends TributaryError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}
