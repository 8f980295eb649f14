// The registry's rules for a new certificate (docs/CERTIFICATES.md, docs/CERTIFICATE_FORMAT.md),
// checked in the officer's forms as they are filled in (officer.ts); the server checks them all
// again and more (a number that names the issuer, a known country, ...). Pure functions, no DOM:
// each answers nothing when the value is fine, else a message (a key of i18n.ts and its values).
import { amount } from './format';
import type { Key, Vars } from './i18n';

export type Said = { key: Key; vars?: Vars };

// Carats or US$ as typed, in integer hundredths (cents): the text's digits, never a
// floating-point number. English: "1,250.50" or "1250.5"; French: "1 250,50" (a point is
// accepted too). Spaces group digits in either.
export function parseHundredths(
  text: string,
  language: 'en' | 'fr',
  max: number,
): { ok: true; value: number } | { ok: false; said: Said } {
  let s = text.replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { ok: false, said: { key: 'rule.required' } };
  if (language === 'en' && s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return { ok: false, said: { key: 'rule.decimal' } };
    s = s.replace(/,/g, '');
  } else if (language === 'fr') {
    s = s.replace(',', '.');
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, said: { key: 'rule.decimal' } };
  const decimals = m[2] ?? '';
  if (decimals.length > 2) return { ok: false, said: { key: 'rule.twoDecimals' } };
  const whole = m[1].replace(/^0+(?=\d)/, '');
  if (whole.length > 16) return { ok: false, said: { key: 'rule.atMost', vars: { max: amount(max) } } };
  const value = BigInt(whole + decimals.padEnd(2, '0'));
  if (value <= 0n) return { ok: false, said: { key: 'rule.positive' } };
  if (value > BigInt(max)) return { ok: false, said: { key: 'rule.atMost', vars: { max: amount(max) } } };
  return { ok: true, value: Number(value) };
}

// Limits of one line (docs/CERTIFICATE_FORMAT.md).
export const MAX_LINE_CARATS = 100_000_000_000; // hundredths: 1 billion carats
export const MAX_LINE_CENTS = 10_000_000_000_000; // US$ 100 billion
export const MAX_PARCELS = 100_000;
export const MAX_VALIDITY_DAYS = 366;
export const HS_CODES = ['7102.10', '7102.21', '7102.31'] as const;

// A whole number from `min` to `max` (parcels).
export function parseCount(
  text: string,
  min: number,
  max: number,
): { ok: true; value: number } | { ok: false; said: Said } {
  const s = text.trim();
  if (s === '') return { ok: false, said: { key: 'rule.required' } };
  if (!/^\d{1,7}$/.test(s)) return { ok: false, said: { key: 'rule.whole' } };
  const n = Number(s);
  if (n < min || n > max) return { ok: false, said: { key: 'rule.range', vars: { min, max } } };
  return { ok: true, value: n };
}

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
const hex = (cp: number) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

// Printed text (names, addresses): not blank, at most `max` UTF-8 bytes, one line, no control,
// bidirectional or invisible format characters (rule plain-text), no lone surrogate (not UTF-8).
export function checkPrintedText(text: string, max: number): Said | undefined {
  if (text.trim() === '') return { key: 'rule.required' };
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
    return { key: 'rule.utf8' };
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return { key: 'rule.control', vars: { cp: hex(cp) } };
    if (cp === 0x061c || cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069))
      return { key: 'rule.bidi', vars: { cp: hex(cp) } };
    if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff)
      return { key: 'rule.invisible', vars: { cp: hex(cp) } };
  }
  const bytes = utf8Bytes(text);
  if (bytes > max) return { key: 'rule.bytes', vars: { max, bytes } };
  return undefined;
}

// The officer's own number (optional): 4 to 40 of A-Z 0-9 - /. Whether it names the issuer
// as it must is the server's to say.
export function checkNumber(text: string): Said | undefined {
  if (text === '') return undefined;
  if (!/^[A-Z0-9/-]*$/.test(text)) return { key: 'rule.numberChars' };
  if (text.length < 4 || text.length > 40) return { key: 'rule.numberLength' };
  return undefined;
}

// Countries of origin: ISO 3166-1 alpha-2 codes separated by commas or spaces, no repeats; at
// least one unless the parcel is of mixed origin.
export function parseCountries(
  text: string,
  mixed: boolean,
): { ok: true; value: string[] } | { ok: false; said: Said } {
  const codes = text.split(/[\s,;]+/).filter(Boolean);
  if (codes.length === 0 && !mixed) return { ok: false, said: { key: 'rule.origin' } };
  const seen = new Set<string>();
  for (const c of codes) {
    if (!/^[A-Z]{2}$/.test(c)) return { ok: false, said: { key: 'rule.country', vars: { code: c } } };
    if (seen.has(c)) return { ok: false, said: { key: 'rule.repeats', vars: { code: c } } };
    seen.add(c);
  }
  if (codes.length > 50) return { ok: false, said: { key: 'rule.tooManyCountries' } };
  return { ok: true, value: codes };
}

// "YYYY-MM-DD" `days` after `date`.
export function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// The expiry date (optional): after today (the server's issue date, UTC), at most 366 days on.
export function checkExpiry(date: string, today: string): Said | undefined {
  if (date === '') return undefined;
  if (!/^\d{4}-\d\d-\d\d$/.test(date)) return { key: 'rule.date' };
  if (date <= today) return { key: 'rule.afterToday' };
  const last = addDays(today, MAX_VALIDITY_DAYS);
  if (date > last) return { key: 'rule.maxValidity', vars: { date: last } };
  return undefined;
}

// The date goods were received (confirmation): not in the future.
export function checkReceived(date: string, today: string): Said | undefined {
  if (date === '') return undefined;
  if (!/^\d{4}-\d\d-\d\d$/.test(date)) return { key: 'rule.date' };
  if (date > today) return { key: 'rule.notFuture' };
  return undefined;
}
