import { TributaryError } from '../errors/tributary-error.js';

/** A value handed to an encoder does not fit the wire type it is written as (a caller bug). */
export class ValueOutOfRangeError extends TributaryError {
  constructor(message: string) {
    super('VALUE_OUT_OF_RANGE', message);
  }
}
