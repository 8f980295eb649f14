// The parts of openkp's /v1 API the page uses (docs/API.md), typed.

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  field?: string;
  rule?: string;
}

export interface VerifyCheck {
  check: string;
  ok: boolean;
  detail: string;
}

export interface PublicVerification {
  number: string;
  issuer: string;
  issued_on: string;
  expires_on: string;
  status: string;
  valid: boolean;
  failure: string | null;
  detail: string;
  checks: VerifyCheck[];
}

export interface SummaryRow {
  participant: string | null; // null on a world-total row
  name: string;
  year: number;
  period: string;
  carats_hundredths: number;
  value_usd_cents: number;
  usd_per_carat: string | null;
  nil?: boolean;
  complete: boolean;
}

export interface SummaryTable {
  flow: string;
  period: string;
  rows: SummaryRow[];
  totals: SummaryRow[];
}

// The answer's JSON, or the RFC 9457 problem the server sent instead.
export type Answer<T> = { ok: true; body: T } | { ok: false; problem: Problem };

export async function getJson<T>(path: string): Promise<Answer<T>> {
  const res = await fetch(path);
  const body = await res.json();
  return res.ok ? { ok: true, body: body as T } : { ok: false, problem: body as Problem };
}

export const verifyPath = (number: string) =>
  `/v1/certificates/${encodeURIComponent(number)}/verify`;
export const productionPath = (year?: number, format?: 'csv' | 'xlsx') => {
  const q = new URLSearchParams();
  if (format) q.set('format', format);
  if (year !== undefined) q.set('year', String(year));
  const s = q.toString();
  return '/v1/stats/production' + (s ? '?' + s : '');
};
