/** A card payment as the acquiring gateway reports it. Amounts are in minor units (cents). */
export interface Transaction {
  readonly id: string;
  readonly cardId: string;
  readonly merchantId: string;
  readonly merchantCategory: string;
  /** ISO 3166 alpha-2 country of the terminal. */
  readonly country: string;
  readonly amountCents: number;
  readonly currency: string;
  /** Event time (ms since epoch) as stamped by the terminal; may arrive out of order. */
  readonly timestamp: number;
}

/** A parsed transaction, or why the bytes are not one. */
export type ParsedTransaction = { readonly ok: true; readonly tx: Transaction } | { readonly ok: false; readonly error: string };

const STRING_FIELDS = ['id', 'cardId', 'merchantId', 'merchantCategory', 'country', 'currency'] as const;

/** Parses and validates the JSON a terminal sent; never throws, so one bad event cannot stop the app. */
export function parseTransaction(bytes: Buffer | null): ParsedTransaction {
  if (bytes === null || bytes.length === 0) return { ok: false, error: 'empty value' };
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'not a JSON object' };
  const v = value as { readonly [field: string]: unknown };
  for (const field of STRING_FIELDS) {
    if (typeof v[field] !== 'string' || v[field] === '') return { ok: false, error: `missing or empty field ${field}` };
  }
  const amount = v['amountCents'];
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return { ok: false, error: 'amountCents must be a positive integer' };
  const ts = v['timestamp'];
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts <= 0) return { ok: false, error: 'timestamp must be a positive integer (ms)' };
  if (!/^[A-Z]{2}$/.test(v['country'] as string)) return { ok: false, error: `country ${String(v['country'])} is not ISO alpha-2` };
  return { ok: true, tx: value as Transaction };
}

export function formatAmount(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}
