import { runServiceProcess } from '../app/service-process.js';
import { inventoryApp } from '../app/streams-apps.js';
import { runStreamsApp } from './streams-service.js';

// Stock per SKU as a KTable, reserved by orders; instances share the tasks of `inventory-service`.
runServiceProcess('inventory', (ctx) =>
  runStreamsApp(ctx, inventoryApp(ctx.cluster, { stateDir: ctx.stateDir, ...(ctx.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: ctx.sessionTimeoutMs }) })),
);
