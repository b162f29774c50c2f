import { PaymentService } from '../app/payment-service.js';
import { dieOn, runServiceProcess } from '../app/service-process.js';

// Charges orders; instances share the `payment-service` group's partitions.
runServiceProcess('payment', async (ctx) => {
  const service = new PaymentService(ctx.cluster, { instanceId: ctx.instanceId, ...(ctx.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: ctx.sessionTimeoutMs }) });
  await service.start(dieOn(ctx));
  const progress = setInterval(() => ctx.log(`charged ${service.charged}, dead-lettered ${service.deadLettered}`), 2000);
  return {
    stop: async () => {
      clearInterval(progress);
      await service.stop();
    },
  };
});
