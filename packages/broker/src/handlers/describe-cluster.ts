import { defineHandler } from '../dispatch/api-handler.js';

export const describeClusterHandler = defineHandler<{ endpointType: number }, unknown>({
  apiKey: 60,
  name: 'DescribeCluster',
  advertised: { min: 0, max: 1 },
  handle(_req, ctx) {
    const { host, port } = ctx.broker.advertised();
    const nodeId = ctx.broker.config.nodeId;
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      endpointType: 1,
      clusterId: ctx.broker.config.clusterId,
      controllerId: nodeId,
      brokers: [{ brokerId: nodeId, host, port, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    };
  },
});
