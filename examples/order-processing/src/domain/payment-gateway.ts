import type { Order } from './order.js';
import { fnv1a } from './random.js';

/** A failure worth retrying (timeouts, 503s): the next attempt may succeed. */
export class TransientGatewayError extends Error {
  override readonly name = 'TransientGatewayError';
  readonly code = 'GATEWAY_UNAVAILABLE';
}

export type ChargeOutcome =
  | { readonly kind: 'approved'; readonly authorizationId: string }
  | { readonly kind: 'declined'; readonly reason: string };

/** How the simulated gateway treats one order: a pure function of the order id, so tests have an oracle. */
export interface GatewayBehaviour {
  readonly declined: boolean;
  /** Attempts that fail transiently before the gateway answers. */
  readonly transientFailures: number;
}

/** ~8% declined, ~14% flaky once or twice (retries fix it), ~6% down for good (dead-lettered). */
export function gatewayBehaviour(orderId: string): GatewayBehaviour {
  const h = fnv1a(`gateway:${orderId}`) % 100;
  if (h < 8) return { declined: true, transientFailures: 0 };
  if (h < 22) return { declined: false, transientFailures: 1 + (h % 2) };
  if (h < 28) return { declined: false, transientFailures: 99 };
  return { declined: false, transientFailures: 0 };
}

/** A card-payment gateway stand-in with latency and the behaviour above. */
export class SimulatedGateway {
  constructor(private readonly latencyMs = 2) {}

  async charge(order: Order, attempt: number): Promise<ChargeOutcome> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const b = gatewayBehaviour(order.orderId);
    if (attempt <= b.transientFailures) throw new TransientGatewayError(`gateway unavailable (attempt ${attempt})`);
    if (b.declined) return { kind: 'declined', reason: 'card declined' };
    return { kind: 'approved', authorizationId: `auth-${fnv1a(`auth:${order.orderId}`).toString(16)}` };
  }
}
