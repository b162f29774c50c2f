import { runServiceProcess } from '../app/service-process.js';
import { orderStatusApp } from '../app/streams-apps.js';
import { runStreamsApp } from './streams-service.js';

// Joins every service's answer per order into `order-status`.
runServiceProcess('order-status', (ctx) =>
  runStreamsApp(ctx, orderStatusApp(ctx.cluster, { stateDir: ctx.stateDir, ...(ctx.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: ctx.sessionTimeoutMs }) })),
);
