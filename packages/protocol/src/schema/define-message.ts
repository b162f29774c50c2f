import type { MessageSchema } from './schema-types.js';

/** Identity helper that keeps a schema's literal types, so `MessageData<typeof s>` can be inferred. */
export function defineMessage<const M extends MessageSchema>(schema: M): M {
  return schema;
}
