import { defineHandler } from '../dispatch/api-handler.js';

/** Groups and transactions are all coordinated by this node. */
export const findCoordinatorHandler = defineHandler<{ key: string; keyType: number }, unknown>({
  apiKey: 10,
  name: 'FindCoordinator',
  advertised: { min: 0, max: 2 },
  handle(_req, ctx) {
    const { host, port } = ctx.broker.advertised();
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: ctx.broker.config.nodeId, host, port };
  },
});
