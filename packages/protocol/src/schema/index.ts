export {
  ApiKey,
  apiSchemas,
  isApiKeyNumber,
  isFlexibleApiVersion,
  type ApiKeyNumber,
  type ApiRequestMap,
  type ApiResponseMap,
  type ApiSchemaEntry,
} from './api-registry.js';
export { defineMessage } from './define-message.js';
export {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  type DecodedRequest,
  type DecodedResponse,
} from './frames.js';
export {
  decodeMessage,
  encodeMessage,
  isFlexibleVersion,
  isValidVersion,
  readMessage,
  writeMessage,
  type DecodeOptions,
} from './message-codec.js';
export { requestHeaderVersion, type RequestHeader } from './request-header.js';
export { responseHeaderVersion } from './response-header.js';
export { InvalidRequestError, UnsupportedVersionError } from './schema-errors.js';
export type {
  DefaultValue,
  FieldDef,
  FieldType,
  FieldValue,
  MessageData,
  MessageSchema,
  PrimitiveType,
  PrimitiveValues,
  StructValue,
} from './schema-types.js';
export { UNKNOWN_TAGGED_FIELDS, type UnknownTaggedField } from './tagged-fields.js';
export { SchemaDefinitionError, parseVersionRange, type VersionRange, type VersionRangeText } from './version-range.js';
