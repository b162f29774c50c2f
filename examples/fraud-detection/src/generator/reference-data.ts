import type { MerchantRisk } from '../domain/alert.js';
import { COUNTRY_CENTROIDS } from '../domain/geo.js';
import type { Random } from './random.js';

export interface Card {
  readonly id: string;
  readonly home: string;
  readonly currency: string;
  /** Log of the card's typical amount in cents. */
  readonly logTypical: number;
}

export interface Merchant {
  readonly id: string;
  readonly category: string;
  readonly country: string;
  readonly risk: MerchantRisk['level'];
}

const HOME_COUNTRIES = ['US', 'US', 'US', 'CA', 'GB', 'FR', 'DE', 'NL', 'ES', 'IT', 'SE', 'PL', 'IE', 'BE', 'AU', 'JP', 'SG', 'IN', 'BR', 'MX'];
const CURRENCY: { readonly [country: string]: string } = {
  US: 'USD', CA: 'CAD', MX: 'MXN', BR: 'BRL', GB: 'GBP', IE: 'EUR', FR: 'EUR', DE: 'EUR', NL: 'EUR', BE: 'EUR', ES: 'EUR', IT: 'EUR',
  PL: 'PLN', SE: 'SEK', NG: 'NGN', ZA: 'ZAR', IN: 'INR', SG: 'SGD', JP: 'JPY', AU: 'AUD', RU: 'RUB',
};
const CATEGORIES = ['grocery', 'fuel', 'restaurant', 'electronics', 'travel', 'pharmacy', 'apparel', 'streaming', 'coffee', 'hardware'];
const RISKY_REASONS = ['chargeback ratio 4.1%', 'card-testing pattern reported by network', 'unlicensed gift-card reseller'];

export function currencyOf(country: string): string {
  return CURRENCY[country] ?? 'USD';
}

export function makeCards(random: Random, count: number): Card[] {
  const cards: Card[] = [];
  for (let i = 0; i < count; i++) {
    const home = random.pick(HOME_COUNTRIES);
    // Typical spend between ~8 and ~150 in the card's currency unit.
    const logTypical = Math.log(800) + random.next() * Math.log(150 / 8);
    cards.push({ id: `card-${String(i).padStart(5, '0')}`, home, currency: currencyOf(home), logTypical });
  }
  return cards;
}

/** Merchants in every country; about 2% are high risk (they only appear in fraud scenarios). */
export function makeMerchants(random: Random, count: number): Merchant[] {
  const countries = Object.keys(COUNTRY_CENTROIDS);
  const merchants: Merchant[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random.next();
    const risk: Merchant['risk'] = roll < 0.02 ? 'high' : roll < 0.07 ? 'medium' : 'low';
    merchants.push({ id: `m-${String(i).padStart(4, '0')}`, category: random.pick(CATEGORIES), country: countries[i % countries.length]!, risk });
  }
  return merchants;
}

export function riskEntry(random: Random, merchant: Merchant): MerchantRisk {
  return { level: merchant.risk, reason: merchant.risk === 'high' ? random.pick(RISKY_REASONS) : merchant.risk === 'medium' ? 'new merchant, limited history' : 'established' };
}
