import { brokerConfigEntries } from '../config/broker-config-entries.js';
import { defineHandler } from '../dispatch/api-handler.js';
import { errorMessageOf, kafkaErrorCodeOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';

export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;
const SOURCE_DYNAMIC_TOPIC = 1;
const SOURCE_STATIC_BROKER = 4;
const SOURCE_DEFAULT = 5;

interface DescribeConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configurationKeys: string[] | null }>;
}

/** Topic configs (overrides + defaults) and the broker's static configs. */
export const describeConfigsHandler = defineHandler<DescribeConfigsRequest, unknown>({
  apiKey: 32,
  name: 'DescribeConfigs',
  advertised: { min: 1, max: 3 },
  async handle(req, ctx) {
    const results = [];
    for (const r of req.resources) {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      const wanted = r.configurationKeys === null || r.configurationKeys.length === 0 ? null : new Set(r.configurationKeys);
      try {
        let configs;
        if (r.resourceType === RESOURCE_TOPIC) {
          const entries = await ctx.broker.topics.topicConfigs(r.resourceName);
          configs = entries.map((e) => entry(e.name, e.value, false, e.isDefault ? SOURCE_DEFAULT : SOURCE_DYNAMIC_TOPIC));
        } else if (r.resourceType === RESOURCE_BROKER) {
          if (r.resourceName !== '' && r.resourceName !== String(ctx.broker.config.nodeId)) {
            results.push({ ...base, errorCode: KafkaErrorCode.INVALID_REQUEST, errorMessage: 'unknown broker', configs: [] });
            continue;
          }
          configs = brokerConfigEntries(ctx.broker.config, ctx.broker.advertised().port).map((e) => entry(e.name, e.value, true, SOURCE_STATIC_BROKER));
        } else {
          results.push({ ...base, errorCode: KafkaErrorCode.INVALID_REQUEST, errorMessage: 'unsupported resource type', configs: [] });
          continue;
        }
        results.push({
          ...base,
          errorCode: 0,
          errorMessage: null,
          configs: wanted ? configs.filter((c) => wanted.has(c.name)) : configs,
        });
      } catch (err) {
        results.push({ ...base, errorCode: kafkaErrorCodeOf(err), errorMessage: errorMessageOf(err), configs: [] });
      }
    }
    return { throttleTimeMs: 0, results };
  },
});

function entry(name: string, value: string | null, readOnly: boolean, configSource: number) {
  return {
    name,
    value,
    readOnly,
    isDefault: configSource === SOURCE_DEFAULT,
    configSource,
    isSensitive: false,
    synonyms: [],
    configType: 0,
    documentation: null,
  };
}
