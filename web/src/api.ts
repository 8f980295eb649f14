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
// application/problem+json errors) only: CSV and xlsx are links or files (authorised fetches).
// Signed in with a password, requests go with the session cookie (same origin) and no
// Authorization header; every change then carries the session's CSRF token (docs/SECURITY.md
// "Signing in"), which the page keeps in memory only.
// (Exported for the lazily loaded parts' own routes: monitor-api.ts.)
export const client = createClient<paths, `${string}/${string}json`>({ credentials: 'same-origin' });

let csrfToken: string | undefined;
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};
const changes = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
client.use({
  onRequest({ request }) {
    if (csrfToken && changes(request.method) && !request.headers.has('Authorization'))
      request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  // A cookie whose session has ended (signed out elsewhere, the user disabled...) makes the
  // server refuse even public reads (401, and it forgets the cookie): read again without it,
  // unless the page is signed in (then the 401 is the answer).
  onResponse({ request, response }) {
    if (response.status !== 401 || request.method !== 'GET' || csrfToken) return response;
    if (request.headers.has('Authorization')) return response;
    return fetch(new Request(request, { credentials: 'omit' }));
  },
});

export function answer<T>(r: { data?: T; error?: unknown; response: Response }): Answer<T> {
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

// The log's latest checkpoint, as published (text, not JSON: it is not part of /v1), or
// undefined when the server keeps no log or cannot be reached.
export async function getLogCheckpoint(): Promise<string | undefined> {
  const r = await fetch('/log/checkpoint').catch(() => undefined);
  return r?.ok ? r.text() : undefined;
}

// --- statistics: the tables and the dashboard (stats.ts, dashboard.ts, worldmap.ts) ---
// A row as sent: a figure that disclosure control withholds (fewer certificates than the
// threshold, docs/STATISTICS.md) is null, with suppressed: true.
export type StatRow = Omit<SummaryRow, 'carats_hundredths' | 'value_usd_cents'> & {
  carats_hundredths: number | null;
  value_usd_cents: number | null;
  suppressed?: boolean;
};
export type StatTable = Omit<SummaryTable, 'rows' | 'totals'> & { rows: StatRow[]; totals: StatRow[] };
export type StatFlow = 'production' | 'exports' | 'imports';
export interface StatQuery {
  year?: number;
  participant?: string;
}
export async function getStatsTable(flow: StatFlow, query: StatQuery): Promise<Answer<StatTable>> {
  const params = { params: { query } };
  const r =
    flow === 'production'
      ? await client.GET('/v1/stats/production', params)
      : flow === 'exports'
        ? await client.GET('/v1/stats/exports', params)
        : await client.GET('/v1/stats/imports', params);
  return answer<StatTable>({ data: r.data as StatTable | undefined, error: r.error, response: r.response });
}
const statsPaths: Record<StatFlow, keyof paths> = {
  production: '/v1/stats/production',
  exports: '/v1/stats/exports',
  imports: '/v1/stats/imports',
};
// A table's download link (CSV, xlsx).
export const statsPath = (flow: StatFlow, query: StatQuery, format: 'csv' | 'xlsx') => {
  const q = new URLSearchParams({ format });
  if (query.year !== undefined) q.set('year', String(query.year));
  if (query.participant) q.set('participant', query.participant);
  return `${statsPaths[flow]}?${q}`;
};
// An anomaly finding with the numbers behind it (docs/STATISTICS.md "Anomaly rules").
export interface Finding {
  id: string;
  severity: number;
  rule: string;
  participants: string[];
  period: string;
  message: string;
  compared: { label: string; value: string }[];
  threshold: string;
  state?: string;
}
export interface Findings {
  findings: Finding[];
  total: number;
  computed_at?: string;
  up_to_date?: boolean;
}
// The findings, most severe first, of one participant (or all that the caller may see).
export const getAnomalies = async (token: string, participant?: string) => {
  const r = await client.GET('/v1/stats/anomalies', {
    params: { query: participant ? { participant } : {} },
    headers: bearer(token),
  });
  return answer<Findings>({ data: r.data as Findings | undefined, error: r.error, response: r.response });
};
// The same from the working group's view (GET /v1/findings: its most severe `groups` groups,
// each with its findings), for the callers to whom /v1/stats/anomalies does not answer all
// (analysts: the server scopes that route to a participant of their own, which they have not).
export async function getGroupedFindings(
  token: string,
  participant?: string,
  groups = 5,
): Promise<Answer<Findings>> {
  const list = await client.GET('/v1/findings', {
    params: { query: participant ? { participant, limit: groups } : { limit: groups } },
    headers: bearer(token),
  });
  const page = list.data as { groups?: { id: string }[]; total_findings?: number } | undefined;
  if (!list.response.ok || !page) return answer<Findings>({ error: list.error, response: list.response });
  const details = await Promise.all((page.groups ?? []).map((g) => getGroupFindings(token, g.id)));
  const findings = details.flatMap((d) => (d.ok ? (d.body as unknown as Finding[]) : []));
  findings.sort((a, b) => b.severity - a.severity);
  return { ok: true, body: { findings, total: page.total_findings ?? findings.length } };
}

// --- peer review (docs/REVIEW.md) ---
// The review routes document their answers without schemas: these are their shapes.
export interface PeerReview {
  id: number;
  participant: string;
  type: string;
  title: string;
  starts_on: string;
  ends_on: string;
  stage: string;
}
export interface Recommendation {
  id: number;
  participant: string;
  paragraph: string;
  text: string;
  response: string | null;
  status: string;
  civil_society_assessment: string | null;
  next_report_due: string | null;
  overdue: boolean;
}
export interface NonRespondent {
  participant: string;
  questionnaire: number;
  due_on: string;
  listed_on: string;
  answered_on: string | null;
}
export interface Me {
  id: number;
  name: string;
  role: string;
  participant: string | null;
  organisation?: string | null; // a monitor's (GET /v1/me)
}
export interface FindingGroup {
  id: string;
  rule: string;
  participants: string[];
  period: string;
  severity: number;
  message: string;
  count: number;
  state: string;
}
export interface FindingDetail {
  id: string;
  rule: string;
  participants: string[];
  period: string;
  severity: number;
  message: string;
  certificates: number; // > 0: a roll-up of that many certificates
  state?: string;
}
export interface QuestionnaireSummary {
  id: number;
  participant: string;
  title: string;
  due_on: string;
  state: string;
  overdue: boolean;
}

// Who a request is made for: an API token, or SESSION when signed in with a password (the
// cookie then speaks for the caller).
export const SESSION = '';
export const bearer = (token: string): Record<string, string> =>
  token === SESSION ? {} : { Authorization: `Bearer ${token}` };
// The headers of a request made with fetch (files): the token, or the CSRF token for a change
// made with the session's cookie.
const authorised = (token: string, method = 'GET'): Record<string, string> =>
  token === SESSION && csrfToken && changes(method)
    ? { 'X-CSRF-Token': csrfToken }
    : bearer(token);

type Raw = { data?: unknown; error?: unknown; response: Response };

// The list an answer holds under `key` ({"items": [...]}, {"activities": [...]}, ...).
function member<T>(r: Raw, key: string): Answer<T[]> {
  return answer<T[]>({
    data: (r.data as Record<string, T[] | undefined> | undefined)?.[key],
    error: r.error,
    response: r.response,
  });
}
const items = <T>(r: Raw) => member<T>(r, 'items');

export const getReviews = async () => items<PeerReview>(await client.GET('/v1/reviews', {}));
export const getRecommendations = async () =>
  items<Recommendation>(await client.GET('/v1/recommendations', {}));
export const getNonRespondents = async () =>
  items<NonRespondent>(await client.GET('/v1/non-respondents', {}));

export const getMe = async (token: string) => {
  const r = await client.GET('/v1/me', { headers: bearer(token) });
  return answer<Me>({ data: r.data as Me | undefined, error: r.error, response: r.response });
};
export const getFindings = async (token: string, rule?: string) => {
  const r = await client.GET('/v1/findings', {
    params: { query: rule ? { limit: 20, rule } : { limit: 20 } },
    headers: bearer(token),
  });
  return member<FindingGroup>(r, 'groups');
};
// One group's findings (those matching `rule`, when given).
export const getGroupFindings = async (token: string, group: string, rule?: string) => {
  const r = await client.GET('/v1/findings', {
    params: { query: rule ? { group, rule } : { group } },
    headers: bearer(token),
  });
  const groups = (r.data as { groups?: { findings?: FindingDetail[] }[] } | undefined)?.groups;
  return answer<FindingDetail[]>({
    data: groups?.[0]?.findings ?? [],
    error: r.error,
    response: r.response,
  });
};
// A roll-up's certificates, each with its own finding.
export const getRollUpCertificates = async (token: string, id: string) => {
  const r = await client.GET('/v1/findings/{id}/certificates', {
    params: { path: { id }, query: { limit: 100 } },
    headers: bearer(token),
  });
  const data = r.data as { certificates?: FindingDetail[]; total?: number } | undefined;
  return answer<{ certificates: FindingDetail[]; total: number }>({
    data: data ? { certificates: data.certificates ?? [], total: data.total ?? 0 } : undefined,
    error: r.error,
    response: r.response,
  });
};
export const getRules = async () => {
  const r = await client.GET('/v1/stats/thresholds', {});
  return member<string>(r, 'rules');
};
export const getQuestionnaires = async (token: string) =>
  items<QuestionnaireSummary>(await client.GET('/v1/questionnaires', { headers: bearer(token) }));
export const answerQuestionnaire = async (token: string, id: number, text: string) => {
  const r = await client.POST('/v1/questionnaires/{id}/answer', {
    params: { path: { id } },
    body: { text },
    headers: bearer(token),
  });
  return answer<unknown>({ data: r.data, error: r.error, response: r.response });
};

// --- the coalition (docs/COALITION.md) ---
export interface Activity {
  ref: string;
  version: number;
  type: string;
  title: { en?: string; fr?: string };
  start_on: string;
  end_on?: string;
  place?: { country?: string; town?: string };
  members: string[];
  participants?: { total: number; women?: number; community?: number };
  section: string;
  public: boolean;
}
export interface FinalReport {
  id: number;
  year: number;
  lang: string;
  sha256: string;
  recorded_at: string;
}
export interface Term {
  key: string;
  en: string;
  fr: string;
}
export interface NewActivity {
  type: string;
  title: { en: string };
  start_on: string;
  place?: { country: string; town?: string };
  members: string[];
  participants?: { total: number; women?: number };
  public: boolean;
}

export const getActivities = async (year: number, token?: string) => {
  const r = await client.GET('/v1/activities', {
    params: { query: { year } },
    headers: token ? bearer(token) : {},
  });
  return member<Activity>(r, 'activities');
};
export const getFinalReports = async (year: number) => {
  const r = await client.GET('/v1/coalition/reports/{year}/finals', {
    params: { path: { year } },
  });
  return member<FinalReport>(r, 'finals');
};
export const getActivityTypes = async () => {
  const r = await client.GET('/v1/coalition/vocabulary', {});
  return member<Term>(r, 'activity_types');
};
export const recordActivity = async (token: string, activity: NewActivity) => {
  const r = await client.POST('/v1/activities', {
    body: activity,
    headers: bearer(token),
  });
  return answer<Activity>({
    data: r.data as Activity | undefined,
    error: r.error,
    response: r.response,
  });
};
// The draft report as a file: fetched with the token (a link could not send it).
export async function getReportFile(
  token: string,
  year: number,
  format: 'html' | 'docx' | 'pdf',
  lang: 'en' | 'fr',
): Promise<Answer<Blob>> {
  const r = await fetch(`/v1/coalition/reports/${year}?format=${format}&lang=${lang}`, {
    headers: authorised(token),
    credentials: 'same-origin',
  });
  if (r.ok) return { ok: true, body: await r.blob() };
  return { ok: false, problem: (await r.json()) as Problem };
}

// A spreadsheet of activities (CSV or xlsx): checked row by row, stored when asked (docs/COALITION.md).
export interface ImportRow {
  row: number;
  action: string;
  ref?: string;
  title?: string;
  field?: string;
  error?: string;
}
export interface ImportAnswer {
  valid: number;
  invalid: number;
  stored: boolean;
  rows: ImportRow[];
}
export async function importActivities(
  token: string,
  file: File,
  mode: 'add' | 'update',
  store: boolean,
  validOnly: boolean,
): Promise<Answer<ImportAnswer>> {
  const xlsx = file.name.toLowerCase().endsWith('.xlsx');
  const q = new URLSearchParams({ mode });
  if (store) q.set('store', 'true');
  if (validOnly) q.set('valid_only', 'true');
  const r = await fetch(`/v1/activities/import?${q}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      ...authorised(token, 'POST'),
      'Content-Type': xlsx
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv',
    },
    body: file,
  });
  const body = (await r.json()) as ImportAnswer & Problem;
  // A refused store (422) still lists every row's problem.
  if (r.ok || (r.status === 422 && Array.isArray(body.rows))) return { ok: true, body };
  return { ok: false, problem: body };
}

// --- regions, action plans and commitments (src/http/routes_regions.cpp) ---
// Their routes document their answers without schemas: these are their shapes. Amounts are
// integer hundredths (carats) and cents (US$); a withheld figure (fewer than 3 certificates) is
// null with suppressed: true.
export interface RegionMember {
  name: string;
  organisation: string | null;
  constituency: string; // government, industry or civil-society
  participant: string | null;
  admin: boolean;
}
export interface Region {
  code: string;
  name: string;
  kind: string;
  participants: string[];
  members: RegionMember[];
}
export interface RegionMemberFigures {
  carats_hundredths?: number;
  value_usd_cents?: number;
  complete?: boolean;
  suppressed?: boolean;
}
export interface RegionYear {
  year: number;
  reporting: number;
  complete: boolean;
  carats_hundredths: number | null;
  value_usd_cents: number | null;
  usd_per_carat: string | null;
  suppressed?: boolean;
  nil?: boolean;
  members: Record<string, RegionMemberFigures>;
}
export interface RegionTable {
  flow: string;
  source: string;
  rows: RegionYear[];
}
export interface RegionUnitValue {
  flow: string;
  year: number;
  usd_per_carat: string | null;
  history_years: number;
  history_usd_per_carat: string | null;
  change_percent: number | null;
  flagged: boolean;
}
export interface IntraRegionRow {
  year: number;
  exporter: string;
  importer: string;
  exported_carats_hundredths: number;
  exported_value_usd_cents: number;
  exported_certificates: number;
  imported_carats_hundredths: number;
  imported_value_usd_cents: number;
  imported_certificates: number;
  gap_carats_hundredths: number;
  gap_value_usd_cents: number;
}
export interface RegionFindings {
  visible: boolean;
  groups?: FindingGroup[];
  by_participant?: Record<string, number>;
  by_state?: Record<string, number>;
}
export interface SiteFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    code: string;
    name: string;
    participant: string;
    type: string;
    armed_presence: string;
  };
}
export interface RegionPlan {
  id: number;
  title: string;
  adopted_on: string;
  axes: string[];
  actions: number;
  statuses: Record<string, number>;
  overdue: number;
}
export interface TrackState {
  status: string;
  status_source: string | null;
  civil_society_assessment: string | null;
  civil_society_source: string | null;
  next_report_due: string | null;
  overdue: boolean;
  past_target: boolean;
}
// An action of a plan or a commitment (the register's one model).
export interface FollowUp {
  id: number;
  type: 'action' | 'commitment';
  scope: string | null;
  text: string;
  owner: string;
  due_on: string;
  axis?: string;
  indicator?: string | null;
  promised_to?: string;
  made_on?: string;
  place?: string | null;
  source?: string;
  region?: string | null;
  participant?: string | null;
  state: TrackState;
}
export interface ActionPlan {
  id: number;
  scope: string;
  title: string;
  axes: string[];
  adopted_on: string;
  adopted_at: string | null;
  source: string;
  statuses: Record<string, number>;
  overdue: number;
  actions: FollowUp[];
}
export interface RegionDashboard {
  region: Region;
  from: number;
  to: number;
  // Each part is absent when the server keeps no such service.
  production?: RegionTable;
  exports?: RegionTable;
  imports?: RegionTable;
  unit_values?: RegionUnitValue[];
  intra_region_trade?: { visible: boolean; rows?: IntraRegionRow[] };
  findings?: RegionFindings;
  map?: { type: 'FeatureCollection'; features: SiteFeature[]; risk_flags: Record<string, number> };
  coalition_members?: { code: string; name: string; country: string }[];
  action_plans?: RegionPlan[];
  commitments?: FollowUp[];
}

const optionalBearer = (token?: string) => (token ? bearer(token) : {});

export const getRegions = async (token?: string) =>
  items<Region>(await client.GET('/v1/regions', { headers: optionalBearer(token) }));

// A region's dashboard over the years from..to; with a token, what its holder may see besides
// the public's (findings, trade between members).
export const getRegionDashboard = async (
  code: string,
  from: number,
  to: number,
  token?: string,
) => {
  const r = await client.GET('/v1/regions/{code}/dashboard', {
    params: { path: { code }, query: { from, to } },
    headers: optionalBearer(token),
  });
  return answer<RegionDashboard>({
    data: r.data as RegionDashboard | undefined,
    error: r.error,
    response: r.response,
  });
};

export const getActionPlan = async (id: number, token?: string) => {
  const r = await client.GET('/v1/action-plans/{id}', {
    params: { path: { id } },
    headers: optionalBearer(token),
  });
  return answer<ActionPlan>({
    data: r.data as ActionPlan | undefined,
    error: r.error,
    response: r.response,
  });
};

// The public register of commitments (JSON; CSV and xlsx are links: commitmentsPath).
export const getCommitments = async (token?: string) =>
  items<FollowUp>(await client.GET('/v1/commitments', { headers: optionalBearer(token) }));

const commitments: keyof paths = '/v1/commitments';
export const commitmentsPath = (format: 'csv' | 'xlsx') => `${commitments}?format=${format}`;

// --- signing in with a password (docs/API.md "Authentication") ---
export interface Session {
  user: Me;
  csrf_token: string;
  expires_at: string;
}
// A problem, with the seconds to wait when the server says (429, 503: Retry-After).
export type SessionAnswer =
  | { ok: true; body: Session }
  | { ok: false; problem: Problem; retryAfter?: number };

async function session(r: Raw): Promise<SessionAnswer> {
  if (r.response.ok) return { ok: true, body: r.data as Session };
  const wait = Number(r.response.headers.get('Retry-After'));
  return {
    ok: false,
    problem: r.error as Problem,
    retryAfter: Number.isFinite(wait) && wait > 0 ? wait : undefined,
  };
}
export const signIn = async (login: string, password: string) =>
  session(await client.POST('/v1/session', { body: { login, password } }));
// The session the cookie holds (after a reload): its CSRF token again.
export const getSession = async () => session(await client.GET('/v1/session', {}));
export const signOut = async () => {
  const r = await client.DELETE('/v1/session', {});
  return answer<unknown>({ data: r.data, error: r.error, response: r.response });
};

// --- the certificate registry (docs/API.md "Issue", "Confirm and void", "List") ---
export type Participant = Schemas['Participant'];
export type IssueRequest = Schemas['IssueRequest'];
export type CertificateSummary = Schemas['CertificateSummary'];
export type CertificatePage = Schemas['CertificatePage'];
export interface Confirmation {
  received_on: string;
  carats_hundredths: number;
  value_usd_cents: number;
  parcels: number;
  mismatch: boolean;
  mismatches: string[];
  confirmed_by: string;
}
export type CertificateRecord = Omit<Schemas['CertificateRecord'], 'confirmation'> & {
  confirmation?: Confirmation | null;
};
export type CertificateFilter = NonNullable<paths['/v1/certificates']['get']['parameters']['query']>;

export const getParticipants = async () =>
  member<Participant>(await client.GET('/v1/participants', {}), 'participants');

// `key`: the Idempotency-Key that makes a retry of the same request safe.
export const issueCertificate = async (token: string, body: IssueRequest, key: string) => {
  const r = await client.POST('/v1/certificates', {
    body,
    headers: { ...bearer(token), 'Idempotency-Key': key },
  });
  return record(r);
};
export const listCertificates = async (token: string, query: CertificateFilter) =>
  answer<CertificatePage>(
    await client.GET('/v1/certificates', { params: { query }, headers: bearer(token) }),
  );
const record = (r: Raw) =>
  answer<CertificateRecord>({
    data: r.data as CertificateRecord | undefined,
    error: r.error,
    response: r.response,
  });
export const confirmCertificate = async (
  token: string,
  number: string,
  body: Schemas['ConfirmRequest'],
) =>
  record(
    await client.POST('/v1/certificates/{number}/confirm', {
      params: { path: { number } },
      body,
      headers: bearer(token),
    }),
  );
export const voidCertificate = async (token: string, number: string, body: Schemas['VoidRequest']) =>
  record(
    await client.POST('/v1/certificates/{number}/void', {
      params: { path: { number } },
      body,
      headers: bearer(token),
    }),
  );

// A file the caller may read (a printed certificate, a CSV list): fetched with the token or the
// cookie, since a link could not carry a token.
export async function getFile(token: string, path: string): Promise<Answer<Blob>> {
  const r = await fetch(path, { headers: authorised(token), credentials: 'same-origin' });
  if (r.ok) return { ok: true, body: await r.blob() };
  const fallback = { type: 'about:blank', title: r.statusText, status: r.status, detail: `${r.status} ${r.statusText}` };
  return { ok: false, problem: (await r.json().catch(() => fallback)) as Problem };
}
const certificatePath = (number: string) => `/v1/certificates/${encodeURIComponent(number)}`;
export const printPath = (number: string, format: 'pdf' | 'html', language: 'en' | 'fr') =>
  `${certificatePath(number)}/print?format=${format}&lang=${language}`;
export const certificatesCsvPath = (query: CertificateFilter) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'offset') q.set(k, String(v));
  q.set('format', 'csv');
  q.delete('limit');
  return `/v1/certificates?${q}`;
};

// --- community monitoring: incident reports filed from the page (report.ts, queue.ts) ---
// What a report is filed with. `restricted` (never public) is read by the server, though
// IncidentInput does not list it yet.
export type IncidentInput = Schemas['IncidentInput'] & { restricted?: boolean };
// A report as its organisation sees it (the list's and the filing's answer): its instance id,
// device (0: filed through the API) and files besides the public fields.
export type OwnIncident = IncidentReport & {
  instance_id?: string;
  device?: number;
  files?: { name?: string; sha256: string; bytes: number; content_type?: string }[];
};
// The server's answer with its status (401: sign in; 4xx: refused; 5xx: try again), or a
// rejected promise when it could not be reached.
export type Filed = { status: number; report?: OwnIncident; problem?: Problem };
export async function fileIncident(token: string, body: IncidentInput): Promise<Filed> {
  const r = await client.POST('/v1/incidents', { body, headers: bearer(token) });
  if (r.response.ok) return { status: r.response.status, report: r.data as OwnIncident };
  const p = r.error as Problem | string | undefined;
  return { status: r.response.status, problem: typeof p === 'object' && p?.detail ? p : undefined };
}
// The reports the caller may see with an id above `after`, in order (the organisation's in full).
export async function listIncidentsAfter(token: string, after: number, limit: number) {
  const r = await client.GET('/v1/incidents', {
    params: { query: { after, limit } },
    headers: bearer(token),
  });
  return items<OwnIncident>(r);
}
export const incidentPath = (id: number) => `/v1/incidents/${id}`;
export const incidentReceiptPath = (id: number) => `/v1/incidents/${id}/receipt`;
// The sites a monitor may choose from (code, name, participant).
export const getSites = async (token: string) =>
  items<{ code: string; name: string; participant: string; area: string }>(
    await client.GET('/v1/sites', { headers: bearer(token) }),
  );

// --- the working group's and the reviewers' work (review-work.ts; docs/REVIEW.md) ---
// The review routes document their answers without schemas: these are their shapes.
export interface Decision {
  action: string;
  at: string;
  note?: string;
  by?: string;
  questionnaire?: number;
}
export interface FindingRecord extends FindingDetail {
  compared?: { label: string; value: string }[];
  threshold?: string;
  sources?: string[];
  numbers_changed?: boolean;
  decision?: Decision | null;
  history?: Decision[];
}
export interface QuestionnaireStep {
  id: number;
  action: string;
  text?: string;
  by?: string;
  at: string;
  due_on?: string;
}
export interface QuestionnaireDocument {
  id: number;
  name: string;
  content_type?: string;
  size?: number;
  sha256?: string;
}
export interface Questionnaire extends QuestionnaireSummary {
  sent_at?: string;
  sent_by?: string;
  message?: string;
  clarification_requested?: boolean;
  findings: { id: string; rule: string; period: string; message: string }[];
  steps: QuestionnaireStep[];
  documents: QuestionnaireDocument[];
}
export interface TeamMember {
  name: string;
  constituency: string;
  role: string;
  user?: number;
}
export interface ReviewRecord extends PeerReview {
  terms_of_reference?: string;
  team: TeamMember[];
  stages?: { id: number; stage: string; at: string; note?: string; by?: string }[];
}
export interface ReviewInputRecord {
  id: number;
  review: number;
  contributor?: string;
  text: string;
  visibility: string;
  hide_source: boolean;
  incidents: number[];
  sites: string[];
  at: string;
  documents?: QuestionnaireDocument[];
  uses?: { text: string; by?: string; at: string }[];
}
export interface RecommendationStep {
  id: number;
  kind: string;
  value: string | null;
  comment: string | null;
  source: string | null;
  by?: string;
  at: string;
  next_due_on?: string;
}
export interface RecommendationRecord extends Recommendation {
  review: number;
  addressee?: string;
  core_section?: string;
  specificity?: number;
  steps?: RecommendationStep[];
}
type WorkSchemas = components['schemas'];
const json = <T>(r: Raw) => answer<T>({ data: r.data as T | undefined, error: r.error, response: r.response });
const pathOf = (id: number) => ({ params: { path: { id } } });
const strId = (id: string) => ({ params: { path: { id } } });

export const getFinding = async (token: string, id: string) =>
  json<FindingRecord>(await client.GET('/v1/findings/{id}', { ...strId(id), headers: bearer(token) }));
export const triageFinding = async (token: string, id: string, body: WorkSchemas['TriageInput']) =>
  json<{ decided?: FindingDetail[] }>(
    await client.POST('/v1/findings/{id}/triage', { ...strId(id), body, headers: bearer(token) }),
  );
export const raiseQuestionnaire = async (token: string, body: WorkSchemas['QuestionnaireInput']) =>
  json<Questionnaire>(await client.POST('/v1/questionnaires', { body, headers: bearer(token) }));
export const getQuestionnaire = async (token: string, id: number) =>
  json<Questionnaire>(await client.GET('/v1/questionnaires/{id}', { ...pathOf(id), headers: bearer(token) }));
export const decideQuestionnaire = async (token: string, id: number, body: WorkSchemas['DecisionInput']) =>
  json<Questionnaire>(
    await client.POST('/v1/questionnaires/{id}/decision', { ...pathOf(id), body, headers: bearer(token) }),
  );
export const questionnaireDocumentPath = (id: number, doc: number) => `/v1/questionnaires/${id}/documents/${doc}`;
// A file sent as the request's body, with its media type (a questionnaire's or an input's document).
export async function sendDocument(token: string, path: string, file: Blob, type: string): Promise<Answer<unknown>> {
  const r = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...authorised(token, 'POST'), 'Content-Type': type },
    body: file,
  });
  const body: unknown = await r.json().catch(() => undefined);
  if (r.ok) return { ok: true, body };
  const fallback = { type: 'about:blank', title: r.statusText, status: r.status, detail: `${r.status} ${r.statusText}` };
  return { ok: false, problem: (body as Problem | undefined) ?? fallback };
}
export const questionnaireDocumentsPath = (id: number, name: string) =>
  `/v1/questionnaires/${id}/documents?name=${encodeURIComponent(name)}`;

// Reviews with the caller's rights (the team's notes, the participant's).
export const getReviewsFor = async (token: string) =>
  items<ReviewRecord>(await client.GET('/v1/reviews', { headers: bearer(token) }));
export const getReview = async (token: string, id: number) =>
  json<ReviewRecord>(await client.GET('/v1/reviews/{id}', { ...pathOf(id), headers: bearer(token) }));
export const moveReviewStage = async (token: string, id: number, body: WorkSchemas['StageInput']) =>
  json<ReviewRecord>(await client.POST('/v1/reviews/{id}/stage', { ...pathOf(id), body, headers: bearer(token) }));
export const getReviewInputs = async (token: string, id: number) =>
  items<ReviewInputRecord>(await client.GET('/v1/reviews/{id}/inputs', { ...pathOf(id), headers: bearer(token) }));
export const submitReviewInput = async (token: string, id: number, body: WorkSchemas['ReviewInputInput']) =>
  json<ReviewInputRecord>(
    await client.POST('/v1/reviews/{id}/inputs', { ...pathOf(id), body, headers: bearer(token) }),
  );
export const recordInputUse = async (token: string, id: number, body: WorkSchemas['InputUseInput']) =>
  json<unknown>(await client.POST('/v1/inputs/{id}/uses', { ...pathOf(id), body, headers: bearer(token) }));
export const addRecommendation = async (token: string, id: number, body: WorkSchemas['RecommendationInput']) =>
  json<RecommendationRecord>(
    await client.POST('/v1/reviews/{id}/recommendations', { ...pathOf(id), body, headers: bearer(token) }),
  );
export const getRecommendationsFor = async (token: string, query: { review?: number; participant?: string }) =>
  items<RecommendationRecord>(
    await client.GET('/v1/recommendations', { params: { query }, headers: bearer(token) }),
  );
export const respondToRecommendation = async (token: string, id: number, body: WorkSchemas['ResponseInput']) =>
  json<RecommendationRecord>(
    await client.POST('/v1/recommendations/{id}/response', { ...pathOf(id), body, headers: bearer(token) }),
  );
export const recommendationStatus = async (
  token: string,
  id: number,
  body: WorkSchemas['RecommendationStatusInput'],
  assessment = false,
) =>
  json<RecommendationRecord>(
    assessment
      ? await client.POST('/v1/recommendations/{id}/assessment', { ...pathOf(id), body, headers: bearer(token) })
      : await client.POST('/v1/recommendations/{id}/status', { ...pathOf(id), body, headers: bearer(token) }),
  );
export const recommendationProgress = async (token: string, id: number, body: WorkSchemas['ProgressInput']) =>
  json<RecommendationRecord>(
    await client.POST('/v1/recommendations/{id}/progress', { ...pathOf(id), body, headers: bearer(token) }),
  );
// A participant's review dossier, in one of its formats (a file: getFile with the caller's rights).
export type DossierFormat = 'json' | 'html' | 'pdf' | 'docx';
export const dossierPath = (
  participant: string,
  format: DossierFormat,
  language: 'en' | 'fr',
  from?: number,
  to?: number,
) => {
  const q = new URLSearchParams({ format, lang: language });
  if (from !== undefined) q.set('from', String(from));
  if (to !== undefined) q.set('to', String(to));
  return `/v1/dossiers/${encodeURIComponent(participant)}?${q}`;
};
