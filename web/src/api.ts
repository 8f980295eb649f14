// The parts of openkp's /v1 API the page uses (docs/API.md), typed from the OpenAPI document:
// generated/openapi.ts is made from src/http/openapi.json by `npm run generate` (scripts/build-web
// runs it before the type check), and openapi-fetch checks every call against it.
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/openapi';

type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type PublicVerification = Schemas['PublicVerification'];
export type SummaryRow = Schemas['SummaryRow'];
export type SummaryTable = Schemas['SummaryTable'];
export type RiskAnswer = Schemas['RiskAnswer'];
export type IncidentReport = Schemas['IncidentReport'];

// The answer's JSON, or the RFC 9457 problem the server sent instead.
export type Answer<T> = { ok: true; body: T } | { ok: false; problem: Problem };

// Same origin: paths are relative to the page's server. The page reads JSON answers (and
// application/problem+json errors) only: CSV and xlsx are links.
const client = createClient<paths, `${string}/${string}json`>();

function answer<T>(r: { data?: T; error?: unknown; response: Response }): Answer<T> {
  return r.response.ok
    ? { ok: true, body: r.data as T }
    : { ok: false, problem: r.error as Problem };
}

// The number is one path segment: openapi-fetch percent-encodes it ("/" as %2F).
export const getCertificateVerification = async (number: string) =>
  answer(
    await client.GET('/v1/certificates/{number}/verify', { params: { path: { number } } }),
  );

// Risk flags from reviewed civil-society reports, beside a certificate's verification.
export const getCertificateRisk = async (number: string) =>
  answer(await client.GET('/v1/certificates/{number}/risk', { params: { path: { number } } }));

// The latest public incident reports (reviewed, displaced, without identities).
// (The route also answers application/geo+json, which the client's JSON media types include:
// the page asks for the default, JSON.)
export const getPublicIncidents = async (participant?: string) => {
  const r = await client.GET('/v1/incidents', {
    params: { query: { participant: participant || undefined, limit: 10000 } },
  });
  return answer<Schemas['IncidentPage']>({
    data: r.data as Schemas['IncidentPage'] | undefined,
    error: r.error,
    response: r.response,
  });
};

export const getProductionTable = async (year?: number) =>
  answer(await client.GET('/v1/stats/production', { params: { query: { year } } }));

// Download links (CSV, xlsx) of the production table.
const production: keyof paths = '/v1/stats/production';
export const productionPath = (year?: number, format?: 'csv' | 'xlsx') => {
  const q = new URLSearchParams();
  if (format) q.set('format', format);
  if (year !== undefined) q.set('year', String(year));
  const s = q.toString();
  return production + (s ? '?' + s : '');
};
