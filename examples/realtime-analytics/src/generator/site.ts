import type { Referrer } from '../domain/click.js';
import type { Random } from './random.js';

const PRODUCTS = ['espresso-machine', 'grinder', 'kettle', 'french-press', 'milk-frother', 'scale', 'pour-over', 'tamper', 'mugs', 'beans-ethiopia', 'beans-colombia', 'beans-sumatra', 'filters', 'descaler', 'travel-mug', 'cold-brew-kit'];
const ARTICLES = ['latte-art', 'dialing-in', 'water-hardness', 'roast-levels', 'grind-size', 'cleaning'];

/** Pages in popularity order; visitors pick them with Zipf-like weights (a few pages get most views). */
export const PAGES: readonly string[] = ['/', '/search', ...PRODUCTS.map((p) => `/products/${p}`), ...ARTICLES.map((a) => `/blog/${a}`), '/about', '/pricing', '/help'];
export const CART_PAGE = '/cart';
export const CHECKOUT_PAGE = '/checkout/complete';

const PAGE_WEIGHTS = PAGES.map((_p, rank) => 1 / Math.pow(rank + 1, 1.1));
const PAGE_TOTAL = PAGE_WEIGHTS.reduce((a, b) => a + b, 0);

export function pickPage(random: Random): string {
  let x = random.next() * PAGE_TOTAL;
  for (let i = 0; i < PAGES.length; i++) {
    x -= PAGE_WEIGHTS[i]!;
    if (x < 0) return PAGES[i]!;
  }
  return PAGES[PAGES.length - 1]!;
}

/** Where visits come from, and how likely each kind of visitor is to add to cart and then buy. */
export const REFERRER_PROFILES: readonly { readonly referrer: Referrer; readonly weight: number; readonly cart: number; readonly buy: number }[] = [
  { referrer: 'search', weight: 0.38, cart: 0.22, buy: 0.45 },
  { referrer: 'direct', weight: 0.22, cart: 0.3, buy: 0.55 },
  { referrer: 'social', weight: 0.2, cart: 0.1, buy: 0.3 },
  { referrer: 'newsletter', weight: 0.12, cart: 0.4, buy: 0.6 },
  { referrer: 'partner-ads', weight: 0.08, cart: 0.15, buy: 0.35 },
];

export function pickReferrer(random: Random): (typeof REFERRER_PROFILES)[number] {
  let x = random.next();
  for (const p of REFERRER_PROFILES) {
    x -= p.weight;
    if (x < 0) return p;
  }
  return REFERRER_PROFILES[0]!;
}
