/** What a visitor did: looked at a page, put something in the cart, or bought. */
export type ClickAction = 'view' | 'cart' | 'purchase';

export const REFERRERS = ['search', 'newsletter', 'social', 'direct', 'partner-ads'] as const;
export type Referrer = (typeof REFERRERS)[number];

/** One clickstream event on the `clicks` topic, keyed by user id. */
export interface Click {
  readonly userId: string;
  /** The generator's own visit id; the topology finds sessions itself (session windows). */
  readonly sessionId: string;
  readonly page: string;
  readonly referrer: Referrer;
  readonly action: ClickAction;
  /** Order value of a purchase, 0 otherwise. */
  readonly amountCents: number;
  readonly timestamp: number;
}
