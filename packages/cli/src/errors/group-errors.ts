import { TributaryError } from '@tributary/protocol';

/** The group has neither members nor committed offsets. */
export class GroupNotFoundError extends TributaryError {
  constructor(group: string) {
    super('GROUP_NOT_FOUND', `consumer group '${group}' does not exist`);
  }
}
