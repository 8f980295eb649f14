// The monitoring routes of the map (sites.ts) and of the verifiers' review (verify-reports.ts):
// src/http/openapi/monitor.json, docs/MONITORING.md. Loaded with those parts, not with the page.
// Every answer is the one the API gives the caller (the public's view without a credential:
// reviewed reports only, places displaced, no identities); the page shows nothing else.
import { answer, type Answer, bearer, client, type IncidentReport, SESSION } from './api';

// A mining site. The public's coordinates are displaced; monitors, verifiers and admins see them
// exactly.
export interface Site {
  code: string;
  name: string;
  participant: string;
  area: string;
  location: { latitude: number; longitude: number } | null;
  type: string;
  minerals: string[];
  operator: string;
  workers: number | null;
  armed_presence: string;
  armed_roles: string[];
  child_labour: string;
  source: string;
  organisation?: string;
}
export interface ReportFile {
  name: string;
  sha256: string;
  bytes: number;
  content_type?: string;
  received_at?: string;
}
// A report as the caller may see it: the public's fields, and for its organisation and the
// reviewers its instance id, device, files and corrections (present only then).
export type Report = Omit<IncidentReport, 'files' | 'device' | 'instance_id'> & {
  received_at?: string;
  encrypted?: boolean;
  instance_id?: string;
  deprecated_id?: string;
  superseded_by?: string;
  missing_files?: string[];
  device?: number | string | null;
  files?: ReportFile[];
};
// A status change: for the public without who and why.
export interface StatusChange {
  status: string;
  at: string;
  actor?: string;
  reason?: string;
}
export interface Reporter {
  anonymous: boolean;
  name?: string;
  contact?: string;
}
export interface Visit {
  id: number;
  site_code: string;
  visited_on: string;
  workers: number | null;
  armed_presence: string;
}
export interface Organisation {
  code: string;
  name: string;
}

// The incident categories (the XForm's, src/monitor/forms/incident.xml).
export const CATEGORIES = [
  'armed_group_violence',
  'security_force_violence',
  'human_rights_abuse',
  'forced_labour',
  'child_labour',
  'displacement',
  'environmental_harm',
  'revenue_management',
  'illegal_mining_smuggling',
  'labour_rights',
  'other',
] as const;
// The statuses a reviewer may append (StatusInput), in the order of a review.
export const REVIEW_STATUSES = ['verified', 'disputed', 'referred', 'answered', 'resolved'] as const;
// The statuses under which the public sees a report (docs/MONITORING.md "Witness protection").
export const PUBLIC_STATUSES = new Set(['verified', 'referred', 'answered', 'resolved']);

// Without a credential: the public's view (or the session's cookie, when the page holds one).
const as = (token?: string) => ({ headers: bearer(token ?? SESSION) });
type Raw = { data?: unknown; error?: unknown; response: Response };
const list = <T>(r: Raw): Answer<T[]> =>
  answer<T[]>({
    data: (r.data as { items?: T[] } | undefined)?.items,
    error: r.error,
    response: r.response,
  });

export const getSiteList = async (token?: string) =>
  list<Site>(await client.GET('/v1/sites', as(token)));

export const getOrganisations = async () =>
  list<Organisation>(await client.GET('/v1/organisations', {}));

export const getVisits = async (code: string, token?: string) =>
  list<Visit>(await client.GET('/v1/sites/{code}/visits', { params: { path: { code } }, ...as(token) }));

// Every report the caller may see, in the order received (pages of 1000).
export async function getReportList(token?: string): Promise<Answer<Report[]>> {
  const all: Report[] = [];
  const limit = 1000;
  for (let after = 0; ; ) {
    const page = list<Report>(
      await client.GET('/v1/incidents', { params: { query: { after, limit } }, ...as(token) }),
    );
    if (!page.ok) return page;
    all.push(...page.body);
    if (page.body.length < limit) return { ok: true, body: all };
    after = page.body[page.body.length - 1].id;
  }
}

export const getReport = async (id: number, token?: string) => {
  const r = await client.GET('/v1/incidents/{id}', { params: { path: { id } }, ...as(token) });
  return answer<Report>({ data: r.data as Report | undefined, error: r.error, response: r.response });
};

export const getHistory = async (id: number, token?: string) =>
  list<StatusChange>(await client.GET('/v1/incidents/{id}/history', { params: { path: { id } }, ...as(token) }));

// The reporter's identity (verifiers and admins; the API logs each reading).
export const getReporter = async (id: number, token: string) => {
  const r = await client.GET('/v1/incidents/{id}/reporter', { params: { path: { id } }, ...as(token) });
  return answer<Reporter>({ data: r.data as Reporter | undefined, error: r.error, response: r.response });
};

// Appends a status with its reason (verifiers and admins); a refusal is the API's problem.
export const addStatus = async (id: number, status: string, reason: string, token: string) => {
  const r = await client.POST('/v1/incidents/{id}/status', {
    params: { path: { id } },
    body: { status: status as (typeof REVIEW_STATUSES)[number], reason },
    ...as(token),
  });
  return answer<StatusChange>({ data: r.data as StatusChange | undefined, error: r.error, response: r.response });
};

export const reportReceiptPath = (id: number) => `/v1/incidents/${id}/receipt`;
export const reportFilePath = (id: number, name: string) =>
  `/v1/incidents/${id}/files/${encodeURIComponent(name)}`;

// The event the page's parts send each other: a report's status changed (the map reloads), or a
// reviewer asks to review a report from the map (verify-reports.ts opens it).
export const CHANGED = 'openkp:incidents-changed';
export const REVIEW = 'openkp:review-report';
