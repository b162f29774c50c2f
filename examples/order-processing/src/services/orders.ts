import { publishOrders } from '../app/order-source.js';
import { runServiceProcess } from '../app/service-process.js';
import { planOrders } from '../domain/order-plan.js';

// The shop front: `ORDER_COUNT` orders (default 200) from seed `ORDER_SEED` (default 42) at
// `ORDER_RATE` per second (default 50), ids prefixed `RUN_ID` (default: from the clock); then exits.
runServiceProcess('orders', async (ctx) => {
  const count = Number(ctx.env['ORDER_COUNT'] ?? 200);
  const seed = Number(ctx.env['ORDER_SEED'] ?? 42);
  const rate = Number(ctx.env['ORDER_RATE'] ?? 50);
  const runId = ctx.env['RUN_ID'] ?? `run${Date.now().toString(36)}`;
  const plan = planOrders({ seed, count, runId });
  const producer = ctx.cluster.producer({ idempotent: true });
  await producer.connect();
  const abort = new AbortController();
  ctx.log(`placing ${count} orders (seed ${seed}, run ${runId}) at ${rate}/s`);
  const finished = publishOrders(producer, plan, { ratePerSecond: rate, signal: abort.signal, onProgress: (n) => { if (n % 50 === 0 || n === count) ctx.log(`placed ${n}`); } })
    .then(async (sent) => {
      ctx.log(`placed all ${sent} orders`);
      await producer.disconnect();
    });
  return {
    finished,
    stop: async () => {
      abort.abort();
      await finished.catch(() => undefined);
    },
  };
});
