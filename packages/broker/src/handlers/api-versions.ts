import { defineHandler } from '../dispatch/api-handler.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';

interface ApiVersionsRequest {
  clientSoftwareName?: string;
  clientSoftwareVersion?: string;
}

/** Advertises exactly what the dispatcher serves; v3+ carries no feature tags (transactions V1). */
export const apiVersionsHandler = defineHandler<ApiVersionsRequest, unknown>({
  apiKey: 18,
  name: 'ApiVersions',
  advertised: { min: 0, max: 4 },
  handle(_req, ctx) {
    return {
      errorCode: KafkaErrorCode.NONE,
      apiKeys: ctx.broker.advertisedApis().map((a) => ({
        apiKey: a.apiKey,
        minVersion: a.minVersion,
        maxVersion: a.maxVersion,
      })),
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1,
      finalizedFeatures: [],
      zkMigrationReady: false,
    };
  },
});
