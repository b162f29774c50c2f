import { NotificationService } from '../app/notification-service.js';
import { dieOn, runServiceProcess } from '../app/service-process.js';

// Confirms orders to customers; instances share the `notification-service` group's partitions.
runServiceProcess('notification', async (ctx) => {
  const quiet = ctx.env['QUIET'] === '1';
  const service = new NotificationService(ctx.cluster, {
    instanceId: ctx.instanceId,
    ...(ctx.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: ctx.sessionTimeoutMs }),
    ...(quiet ? {} : { onSent: (n) => ctx.log(`email to ${n.to}: ${n.subject}`) }),
  });
  await service.start(dieOn(ctx));
  return { stop: () => service.stop() };
});
