import { defineHandler } from '../dispatch/api-handler.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { alterResource } from './alter-configs.js';

interface IncrementalAlterConfigsRequest {
  resources: Array<{
    resourceType: number;
    resourceName: string;
    configs: Array<{ name: string; configOperation: number; value: string | null }>;
  }>;
  validateOnly: boolean;
}

const SET = 0;
const DELETE = 1;

/** SET and DELETE on topic configs (APPEND/SUBTRACT only apply to list configs: refused). */
export const incrementalAlterConfigsHandler = defineHandler<IncrementalAlterConfigsRequest, unknown>({
  apiKey: 44,
  name: 'IncrementalAlterConfigs',
  advertised: { min: 0, max: 1 },
  async handle(req, ctx) {
    const responses = [];
    for (const r of req.resources) {
      const changes: Record<string, string | null> = {};
      let bad: string | undefined;
      for (const c of r.configs) {
        if (c.configOperation === SET) changes[c.name] = c.value;
        else if (c.configOperation === DELETE) changes[c.name] = null;
        else bad = `config operation ${c.configOperation} is not supported for ${c.name}`;
      }
      if (bad) {
        responses.push({ resourceType: r.resourceType, resourceName: r.resourceName, errorCode: KafkaErrorCode.INVALID_CONFIG, errorMessage: bad });
        continue;
      }
      responses.push(await alterResource(ctx, r.resourceType, r.resourceName, changes, false, req.validateOnly));
    }
    return { throttleTimeMs: 0, responses };
  },
});
