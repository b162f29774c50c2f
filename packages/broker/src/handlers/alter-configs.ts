import { defineHandler, type RequestContext } from '../dispatch/api-handler.js';
import { errorMessageOf, kafkaErrorCodeOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { RESOURCE_BROKER, RESOURCE_TOPIC } from './describe-configs.js';

interface AlterConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configs: Array<{ name: string; value: string | null }> }>;
  validateOnly: boolean;
}

/** Replaces a topic's whole override set (legacy AlterConfigs semantics). */
export const alterConfigsHandler = defineHandler<AlterConfigsRequest, unknown>({
  apiKey: 33,
  name: 'AlterConfigs',
  advertised: { min: 0, max: 1 },
  async handle(req, ctx) {
    const responses = [];
    for (const r of req.resources) {
      const changes: Record<string, string | null> = {};
      for (const c of r.configs) changes[c.name] = c.value;
      responses.push(await alterResource(ctx, r.resourceType, r.resourceName, changes, true, req.validateOnly));
    }
    return { throttleTimeMs: 0, responses };
  },
});

export async function alterResource(
  ctx: RequestContext,
  resourceType: number,
  resourceName: string,
  changes: Record<string, string | null>,
  replace: boolean,
  validateOnly: boolean,
): Promise<{ errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }> {
  const base = { resourceType, resourceName };
  if (resourceType === RESOURCE_BROKER) {
    return { ...base, errorCode: KafkaErrorCode.INVALID_CONFIG, errorMessage: 'broker configs are read-only on this broker' };
  }
  if (resourceType !== RESOURCE_TOPIC) {
    return { ...base, errorCode: KafkaErrorCode.INVALID_REQUEST, errorMessage: 'unsupported resource type' };
  }
  try {
    await ctx.broker.topics.alterTopicConfig(resourceName, changes, replace, validateOnly);
    return { ...base, errorCode: 0, errorMessage: null };
  } catch (err) {
    return { ...base, errorCode: kafkaErrorCodeOf(err), errorMessage: errorMessageOf(err) };
  }
}
