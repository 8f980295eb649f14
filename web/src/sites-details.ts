// What the map's points stand for, in words (sites.ts): the two tables below the map, which list
// the reports and sites shown for the keyboard and for screen readers, and the details of a report
// or a site as the API answers them for the caller (for the public: reviewed reports only, places
// displaced, never an identity; for a monitor, its organisation's reports in full with their log
// receipts; for a verifier, every report, with a way to its review).
import { getFile, SESSION } from './api';
import { el, save, scrolling } from './dom';
import { plain } from './i18n';
import {
  getHistory,
  getVisits,
  PUBLIC_STATUSES,
  type Report,
  reportReceiptPath,
  REVIEW,
  type Site,
} from './monitor-api';
import { button, facts, historyItems, rowTable } from './monitor-view';
import { country, type SitesKey, str, stx, termText } from './sites-strings';

export type Item = { report: Report } | { site: Site };
export type View = 'public' | 'monitor' | 'reviewer';
// Who looks at the details, and what a site's button "its reports" does.
export interface Viewer {
  token?: string;
  view: View;
  reports: Report[];
  siteReports: (code: string) => void;
}

// --- the tables ---
const LIMIT = 200;
export function listTables(
  reportsBox: HTMLElement,
  sitesBox: HTMLElement,
  shownReports: Report[],
  shownSites: Site[],
  f: { reports: boolean; sites: boolean },
  choose: (item: Item) => void,
) {
  const show = (item: Item, label: Node) => {
    const b = el('button');
    b.type = 'button';
    b.append(label);
    b.addEventListener('click', () => choose(item));
    return b;
  };
  const newest = [...shownReports].sort((a, b) => b.occurred_on.localeCompare(a.occurred_on) || b.id - a.id);
  const reportRows = newest.slice(0, LIMIT).map((r) => [
    show({ report: r }, stx('sites.reportButton', { id: r.id })),
    r.occurred_on,
    termText(r.category),
    termText(r.status),
    country(el('span'), r.participant),
    r.area,
    r.organisation,
    r.location ? '' : stx('sites.noPlaceShort'),
  ]);
  listing(reportsBox, 'sites-reports-table', shownReports.length, f.reports, ['sites.reportsTable', 'sites.reportsHidden', 'sites.noReports'], () =>
    rowTable(
      'sites-reports-table',
      ['sites.colReport', 'sites.colHappened', 'sites.category', 'sites.status', 'sites.country', 'sites.colArea', 'sites.organisation', 'sites.colPlace'],
      reportRows,
      newest.slice(0, LIMIT).map((r) => ['report', String(r.id)]),
    ),
  );

  const ordered = [...shownSites].sort((a, b) => a.code.localeCompare(b.code));
  listing(sitesBox, 'sites-sites-table', shownSites.length, f.sites, ['sites.sitesTable', 'sites.sitesHidden', 'sites.noSites'], () =>
    rowTable(
      'sites-sites-table',
      ['sites.colSite', 'sites.colName', 'sites.country', 'sites.colType', 'sites.colArmed', 'sites.colWorkers'],
      ordered.slice(0, LIMIT).map((s) => [
        show({ site: s }, document.createTextNode(s.code)),
        s.name,
        country(el('span'), s.participant),
        termText(s.type, 'site.'),
        termText(s.armed_presence, 'armed.'),
        s.workers === null || s.workers === undefined ? '' : String(s.workers),
      ]),
      ordered.slice(0, LIMIT).map((s) => ['site', s.code]),
    ),
  );
}

// A table's part: its title with the count, then the table (in a box that scrolls sideways), or
// why there is none; a note when it shows only the first LIMIT.
function listing(
  box: HTMLElement,
  id: string,
  count: number,
  shown: boolean,
  [title, hidden, none]: [SitesKey, SitesKey, SitesKey],
  table: () => HTMLTableElement,
) {
  const parts: Node[] = [str(el('h4', `${id}-title`), title, { count })];
  if (!shown) parts.push(str(el('p'), hidden));
  else if (count === 0) parts.push(str(el('p'), none));
  else parts.push(scrolling(table(), `${id}-title`));
  if (count > LIMIT) parts.push(str(el('p'), 'sites.limited', { shown: LIMIT, count }));
  box.replaceChildren(...parts);
}

// --- details ---
export function reportCard(r: Report, v: Viewer): HTMLElement {
  const box = el('article');
  box.dataset.report = String(r.id);
  const h = el('h5');
  h.append(stx('sites.reportButton', { id: r.id }), ' · ', termText(r.category));
  const { dl, add } = facts();
  // Seen in full: its organisation and the reviewers (the API then gives its instance id).
  const full = r.instance_id !== undefined;
  const state = add('sites.status', termText(r.status));
  if (!PUBLIC_STATUSES.has(r.status)) state.append(' ', stx('sites.notPublic'));
  add('sites.colHappened', r.occurred_on);
  if (r.received_at) add('sites.received', r.received_at);
  add('sites.country', country(el('span'), r.participant));
  if (r.area) add('sites.colArea', r.area);
  if (r.site_code) add('sites.site', r.site_code);
  if (r.location)
    add('sites.colPlace', `${r.location.latitude}, ${r.location.longitude}`, ' ', stx(full ? 'sites.exact' : 'sites.displaced'));
  else add('sites.colPlace', stx('sites.noPlace'));
  if (r.people_affected !== null && r.people_affected !== undefined) add('sites.people', String(r.people_affected));
  const text = add('sites.whatHappened', r.description || stx('sites.withheld'));
  if (full && r.description_restricted) text.append(' ', stx('sites.textNotPublic'));
  if (full && r.restricted) add('sites.restricted', stx('sites.restrictedYes'));
  add('sites.organisation', r.organisation);
  if (r.superseded_by) add('sites.superseded', r.superseded_by);
  if (full) {
    const files = r.files ?? [];
    if (files.length === 0) add('sites.files', stx('sites.noFiles'));
    else add('sites.files', files.map((f) => `${f.name} (${f.bytes} B)`).join(', '));
    add('sites.receipt', receiptButton(r.id, v.token));
  }
  const history = el('ol');
  history.className = 'history';
  add('sites.history', history).setAttribute('aria-busy', 'true');
  void getHistory(r.id, v.token)
    .then((a) => {
      history.parentElement?.removeAttribute('aria-busy');
      if (!a.ok) return void plain(history, a.problem.detail);
      history.replaceChildren(...historyItems(a.body));
    })
    .catch(() => undefined);
  box.append(h, dl);
  if (v.view === 'reviewer') {
    const review = button('sites.review', undefined, { id: r.id });
    review.dataset.action = 'review';
    review.addEventListener('click', () => document.dispatchEvent(new CustomEvent(REVIEW, { detail: r.id })));
    box.append(review);
  }
  return box;
}

// The report's log receipts, downloaded with the caller's credentials (a link could not carry a
// token); a refusal (not in the log yet) shown beside the button.
function receiptButton(id: number, token: string | undefined): HTMLElement {
  const span = el('span');
  const b = button('sites.downloadReceipt');
  b.dataset.action = 'receipt';
  const out = el('span');
  out.setAttribute('role', 'status');
  b.addEventListener('click', async () => {
    const file = await getFile(token ?? SESSION, reportReceiptPath(id)).catch(() => undefined);
    if (!file) return void str(out, 'sites.unreachable');
    if (!file.ok) return void plain(out, ` ${file.problem.detail}`);
    plain(out, '');
    save(file.body, `report-${id}-receipt.json`);
  });
  span.append(b, ' ', out);
  return span;
}

export function siteCard(s: Site, v: Viewer): HTMLElement {
  const box = el('article');
  box.dataset.site = s.code;
  const h = el('h5');
  h.textContent = `${s.code} · ${s.name}`;
  const { dl, add } = facts();
  add('sites.country', country(el('span'), s.participant));
  if (s.area) add('sites.colArea', s.area);
  add('sites.colType', termText(s.type, 'site.'));
  if (s.minerals?.length) add('sites.minerals', s.minerals.join(', '));
  if (s.operator) add('sites.operator', s.operator);
  if (s.workers !== null && s.workers !== undefined) add('sites.colWorkers', String(s.workers));
  const armed = add('sites.colArmed', termText(s.armed_presence, 'armed.'));
  if (s.armed_roles?.length) {
    armed.append(' (');
    s.armed_roles.forEach((role, i) => armed.append(i ? ', ' : '', termText(role, 'sites.role.')));
    armed.append(')');
  }
  if (s.child_labour) add('sites.childLabour', termText(s.child_labour, 'sites.child.'));
  if (s.location) {
    const exact = v.view !== 'public';
    add('sites.colPlace', `${s.location.latitude}, ${s.location.longitude}`, ' ', stx(exact ? 'sites.exact' : 'sites.displaced'));
  }
  if (s.organisation) add('sites.organisation', s.organisation);
  if (s.source) add('sites.source', s.source);
  // Its reports, when the caller sees which site a report names.
  const here = v.reports.filter((r) => r.site_code === s.code);
  if (here.length > 0) {
    const b = button('sites.siteReports', undefined, { count: here.length });
    b.addEventListener('click', () => v.siteReports(s.code));
    add('sites.reportsHere', b);
  }
  const visits = add('sites.visits', '');
  visits.setAttribute('aria-busy', 'true');
  void getVisits(s.code, v.token)
    .then((a) => {
      visits.removeAttribute('aria-busy');
      if (!a.ok) return void plain(visits, a.problem.detail);
      if (a.body.length === 0) str(visits, 'sites.noVisits');
      else str(visits, 'sites.visitCount', { count: a.body.length, date: a.body[0].visited_on });
    })
    .catch(() => undefined);
  box.append(h, dl);
  return box;
}
