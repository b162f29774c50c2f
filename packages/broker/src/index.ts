export { startBroker, type StartBrokerOptions, type RunningBroker, type BoundListener } from './start-broker.js';
export {
  brokerConfigDefaults,
  DEFAULT_CLUSTER_ID,
  type BrokerConfig,
  type SaslPlainUser,
  type SaslScramUser,
  type SecurityProtocol,
  type ListenerConfig,
  type SslConfig,
  type SslClientAuth,
} from './config/broker-config.js';
export { brokerListeners } from './config/listeners.js';
export { scramCredentialFromPassword, formatScramCredential, type ScramCredential } from './sasl/scram-credential.js';
export { SCRAM_SHA_256, SCRAM_SHA_512, type ScramMechanism } from './sasl/scram-mechanism.js';
export { SaslAuthenticationError } from './sasl/sasl-authentication-error.js';
export { resolveBrokerConfig, brokerConfigFromProperties, brokerConfigFromMap } from './config/resolve-config.js';
export { parseProperties } from './config/parse-properties.js';
export { InvalidConfigError } from './config/invalid-config-error.js';
export {
  formatStorage,
  readMetaProperties,
  randomBase64Uuid,
  StorageAlreadyFormattedError,
  type FormatStorageOptions,
} from './storage/format-storage.js';
export { silentLogger, type Logger, type LogFn } from './logging/logger.js';
export type { BrokerMetrics } from './logging/metrics.js';
export { KafkaErrorCode } from './errors/kafka-error-code.js';
export { kafkaErrorCodeOf, registerErrorCode } from './errors/error-codes.js';
export type { BrokerBackends } from './backend/broker-backends.js';
export type * from './backend/broker-backend.js';
export { backendsOverNode, openLogBackends } from './backend/log-backends.js';
