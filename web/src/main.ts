// openkp's web page: verify a certificate by number (with the risk flags of the participants it
// concerns), or a paper certificate from its QR code, offline too (scan.ts); production
// statistics by year; public incident reports from community monitors; peer reviews and their
// recommendations; regions (a dashboard per region, its action plans and commitments) and the
// register of commitments; the coalition's activities and published reports; the public log's
// latest checkpoint; and, signed in with a password (session.ts) or an API token, the working
// group's ranked findings and the questionnaires (a participant's officers answer theirs here),
// the officers' certificates (officer.ts: issue, print, confirm, void), the community monitors'
// incident reports, filed offline too (report.ts), and the coalition's forms
// (record an activity, download the draft annual report), and the review work of analysts,
// officers, reviewers and monitors (review-work.ts). In English and French (i18n.ts): every
// text the page shows is a key of the dictionary, kept in the language the reader chose.
import './style.css';
import {
  type Activity,
  answerQuestionnaire,
  getActivities,
  getActivityTypes,
  getFinalReports,
  getReportFile,
  recordActivity,
  importActivities,
  getCertificateRisk,
  type FindingGroup,
  getFindings,
  getGroupFindings,
  getMe,
  SESSION,
  getNonRespondents,
  getQuestionnaires,
  getRecommendations,
  getReviews,
  getRollUpCertificates,
  getRules,
  getCertificateVerification,
  commitmentsPath,
  type FollowUp,
  getActionPlan,
  getCommitments,
  getRegionDashboard,
  getRegions,
  type Region,
  type RegionDashboard,
  type RegionPlan,
  type RegionTable,
  getPublicIncidents,
  getLogCheckpoint,
  type IncidentReport,
} from './api';
import {
  applyStrings,
  bilingual,
  isKey,
  type Key,
  lang,
  plain,
  setLang,
  strings,
  tr,
  tx,
} from './i18n';
import { amount } from './format';
import { initOfflineVerification } from './scan';
import { initStatistics, statsSignedIn } from './stats';
import { initSession, showAccount } from './session';
import { reportsKept } from './report-hint';
import { byId, save, scrolling } from './dom';

// --- language ---
const switcher = byId<HTMLSelectElement>('lang');
switcher.value = lang();
switcher.addEventListener('change', () => setLang(switcher.value === 'fr' ? 'fr' : 'en'));
applyStrings();
// The dictionary, for the browser tests (tests/js/web.test.mjs).
Object.assign(window, { openkpStrings: strings });

// The paper certificate's QR code, verified offline (scan.ts); the service worker (web/sw.js,
// served at /sw.js) keeps the page and the keys for use without a network after one visit.
initOfflineVerification();
navigator.serviceWorker?.register('/sw.js').catch(() => undefined);

// An enumerated value of the API (a status, a stage...): its translation (key term.<value>) when
// the dictionary has one, else the API's word with spaces.
// `prefix` names another family of values (site types, armed presence...).
function term(value: string, prefix = 'term.'): string | Node {
  const key = `${prefix}${value}`;
  return isKey(key) ? tx(key) : value.replace(/[-_]/g, ' ');
}

const para = (...parts: (string | Node)[]) => {
  const p = document.createElement('p');
  p.append(...parts);
  return p;
};

// --- verification ---
byId<HTMLFormElement>('verify').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = byId<HTMLDivElement>('result');
  const number = byId<HTMLInputElement>('number').value.trim();
  const answer = await getCertificateVerification(number);
  out.textContent = '';
  const h = document.createElement('h2');
  if (!answer.ok) {
    h.className = 'bad';
    h.textContent = answer.problem.detail;
    out.append(h);
    return;
  }
  const v = answer.body;
  h.className = v.valid ? 'ok' : 'bad';
  if (v.valid) h.append(tx('verify.valid'));
  else h.append(tx('verify.notValid'), ' ', term(String(v.failure)));
  h.append(' (', term(v.status), ')');
  const table = document.createElement('table');
  const facts: [Key, string][] = [
    ['verify.number', v.number],
    ['verify.issuer', v.issuer],
    ['verify.issued', v.issued_on],
    ['verify.expires', v.expires_on],
  ];
  for (const [k, val] of facts) {
    const r = table.insertRow();
    tr(r.insertCell(), k);
    r.insertCell().textContent = val;
  }
  for (const c of v.checks) {
    const r = table.insertRow();
    r.insertCell().textContent = (c.ok ? '✔ ' : '✘ ') + c.check;
    r.insertCell().textContent = c.detail;
  }
  out.append(h, table);
  await showRisk(out, number);
});

// Beside a verification: open flags from reviewed civil-society reports about the participants
// the certificate concerns. Information for a buyer; the certificate's validity is unchanged.
async function showRisk(out: HTMLElement, number: string) {
  const risk = await getCertificateRisk(number);
  if (!risk.ok) return;
  const box = document.createElement('div');
  box.id = 'risk';
  const h = document.createElement('h3');
  const flags = risk.body.flags;
  if (flags.length === 0)
    tr(h, 'risk.none', { participants: (risk.body.participants ?? []).join(', ') });
  else tr(h, 'risk.flags', { count: flags.length });
  box.append(h);
  const list = document.createElement('ul');
  for (const f of flags) {
    const li = tr(
      document.createElement('li'),
      f.definition === 'kpcs' ? 'risk.kpcs' : 'risk.widespread',
      { explanation: f.explanation, incidents: f.incidents.join(', ') },
    );
    list.append(li);
  }
  const note = document.createElement('p');
  note.textContent = risk.body.note ?? '';
  box.append(list, note);
  out.append(box);
}

// --- statistics: the year's tables and the dashboard (stats.ts) ---
void initStatistics();

// --- community monitoring: public incident reports ---
function incidentsTable(items: IncidentReport[]): HTMLTableElement {
  return textTable(
    'incidents-table',
    [
      'col.report',
      'col.date',
      'col.participant',
      'col.area',
      'col.category',
      'col.status',
      'col.whatHappened',
    ],
    [...items]
      .reverse()
      .slice(0, 50)
      .map((r) => [
        String(r.id),
        r.occurred_on,
        r.participant,
        r.area,
        term(r.category),
        term(r.status),
        r.description || tx('incidents.withheld'),
      ]),
  );
}

async function initIncidents() {
  const out = byId<HTMLDivElement>('incidents-result');
  const answer = await getPublicIncidents();
  if (!answer.ok) {
    out.textContent = answer.problem.detail;
    return;
  }
  out.textContent = '';
  out.append(scrolling(incidentsTable(answer.body.items)));
}

const incidentsShown = initIncidents();

// The map of mining sites and incident reports (sites.ts, a chunk of its own): loaded when it
// comes into view, once the table above is in place (before, it would be in view with the page).
const sitesMap = byId<HTMLDivElement>('sites-map');
const loadSites = () => import('./sites');
let sitesLoaded = false;
void incidentsShown.finally(() => {
  const show = () => {
    sitesLoaded = true;
    void loadSites().then((m) => m.showSitesMap(sitesMap)).catch(() => undefined);
  };
  if (!('IntersectionObserver' in window)) return show();
  const seen = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      show();
    },
    { rootMargin: '200px' },
  );
  seen.observe(sitesMap);
});

// Community monitors file incident reports here, offline too (report.ts: loaded for them only, at
// once when this browser holds their reports or signed one in; once back online, the session
// found again shows the page signed in).
if (reportsKept()) {
  void import('./report').then((m) => m.openReports(() => void showWork(SESSION))).catch(() => undefined);
}

// --- the public log: its latest checkpoint (a signed note: origin, size, root hash, then one
// signature line per signer; the log signs under its origin's name, witnesses under theirs) ---
async function initLog() {
  const out = byId<HTMLDivElement>('log-result');
  const note = await getLogCheckpoint();
  if (note === undefined) return;
  const [body, signatures = ''] = note.split('\n\n');
  const [origin = '', size = '', root = ''] = body.split('\n');
  const witnesses = signatures
    .split('\n')
    .map((line) => /^\u2014 (\S+) /.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== origin);
  const table = textTable(
    'log-table',
    ['log.name', 'log.entries', 'log.root', 'log.witnesses'],
    [[origin, size, root, witnesses.length > 0 ? witnesses.join(', ') : tx('log.noWitnesses')]],
  );
  out.replaceChildren(scrolling(table));
}

void initLog();

// --- peer review ---
// A table of `rows` under `headers` (keys; '' for none); every cell is text or translated text
// (never HTML).
type Cell = string | Node | (string | Node)[];
function textTable(id: string, headers: (Key | '')[], rows: Cell[][]): HTMLTableElement {
  const table = document.createElement('table');
  table.id = id;
  const head = table.createTHead().insertRow();
  for (const h of headers) {
    const c = head.insertCell();
    if (h) tr(c, h);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const r = body.insertRow();
    for (const v of row) r.insertCell().append(...(Array.isArray(v) ? v : [v]));
  }
  return table;
}

// A group of findings in a table's row (#findings-table, #region-findings-table).
const FINDING_COLUMNS: Key[] = ['col.severity', 'col.state', 'col.rule', 'col.participants', 'col.period', 'col.finding'];
function findingCells(g: FindingGroup): Cell[] {
  return [String(g.severity), term(g.state), g.rule, g.participants.join(', '), g.period, g.message];
}

// (A table scrolls sideways in a box of its own on a phone.)
function section(out: HTMLElement, title: Node, content: Node) {
  const h = document.createElement('h3');
  h.append(title);
  out.replaceChildren(h, content instanceof HTMLTableElement ? scrolling(content) : content);
}

async function initReview() {
  const reviews = await getReviews();
  if (reviews.ok) {
    section(
      byId('reviews-result'),
      tx('review.reviews'),
      reviews.body.length === 0
        ? para(tx('review.none'))
        : textTable(
            'reviews-table',
            ['col.participant', 'col.type', 'col.title', 'col.dates', 'col.stage'],
            reviews.body.map((r) => [
              r.participant,
              term(r.type),
              r.title,
              tx('range', { from: r.starts_on, to: r.ends_on }),
              term(r.stage),
            ]),
          ),
    );
  }
  const recs = await getRecommendations();
  if (recs.ok) {
    section(
      byId('recommendations-result'),
      tx('review.recommendations'),
      recs.body.length === 0
        ? para(tx('review.noRecommendations'))
        : textTable(
            'recommendations-table',
            [
              'col.participant',
              'col.paragraph',
              'col.recommendation',
              'col.response',
              'col.status',
              'col.civilSociety',
              'col.nextReport',
            ],
            recs.body.map((r) => [
              r.participant,
              r.paragraph,
              r.text,
              r.response ?? tx('review.noResponse'),
              term(r.status),
              r.civil_society_assessment ? term(r.civil_society_assessment) : '',
              r.overdue
                ? [(r.next_report_due ?? '') + ' ', tx('overdue')]
                : (r.next_report_due ?? ''),
            ]),
          ),
    );
  }
  const late = await getNonRespondents();
  if (late.ok) {
    section(
      byId('nonrespondents-result'),
      tx('review.late'),
      late.body.length === 0
        ? para(tx('review.nobody'))
        : textTable(
            'nonrespondents-table',
            ['col.participant', 'col.questionnaire', 'col.due', 'col.namedOn', 'col.answered'],
            late.body.map((n) => [
              n.participant,
              String(n.questionnaire),
              n.due_on,
              n.listed_on,
              n.answered_on ?? tx('review.notYet'),
            ]),
          ),
    );
  }
}

void initReview();

// --- regions: one dashboard per region (tripartite members, production and trade summed,
// unit values against the region's history, mining sites and risk flags, the coalition's
// members there, action plans and commitments), public where the underlying data is; signed in,
// what the token's holder may see besides (findings, trade between members). And the public
// register of commitments. ---
let regionToken: string | undefined;
// The latest requests: an earlier answer arriving late is dropped.
let regionRequest = 0;
let registerRequest = 0;

// A table with header cells (th scope=col) and, when `rowHeader`, each row's first cell a th
// scope=row; cells are text or translated text (never HTML).
function dataTable(
  id: string,
  headers: Key[],
  rows: Cell[][],
  rowHeader = false,
): HTMLTableElement {
  const table = document.createElement('table');
  table.id = id;
  const head = table.createTHead().insertRow();
  for (const h of headers) {
    const th = tr(document.createElement('th'), h);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const r = body.insertRow();
    row.forEach((v, i) => {
      let c: HTMLTableCellElement;
      if (rowHeader && i === 0) {
        c = document.createElement('th');
        c.scope = 'row';
        r.append(c);
      } else {
        c = r.insertCell();
      }
      c.append(...(Array.isArray(v) ? v : [v]));
    });
  }
  return table;
}

const heading = (level: 'h3' | 'h4' | 'h5', key: Key, vars?: Record<string, string | number>) =>
  tr(document.createElement(level), key, vars);

// "(overdue)" or another warning, marked (in colour and in words).
function marked(key: Key = 'overdue', vars?: Record<string, string | number>): HTMLElement {
  const s = tx(key, vars);
  s.className = 'bad';
  return s;
}

// A wide table: wider than the page's text where the window allows, else it scrolls sideways
// (dom.ts scrolling).
const scroller = (table: HTMLTableElement) => scrolling(table, undefined, true);

// The tripartite members, grouped by constituency, administrators marked.
function regionMembers(region: Region): HTMLElement {
  const box = document.createElement('div');
  box.id = 'region-members';
  box.append(heading('h4', 'region.members'));
  const groups: [string, Key][] = [
    ['government', 'region.government'],
    ['industry', 'region.industry'],
    ['civil-society', 'region.civilSociety'],
  ];
  for (const [constituency, key] of groups) {
    const members = region.members.filter((m) => m.constituency === constituency);
    if (members.length === 0) continue;
    const list = document.createElement('ul');
    list.dataset.constituency = constituency;
    for (const m of members) {
      const li = document.createElement('li');
      li.append(m.name);
      if (m.organisation) li.append(` (${m.organisation})`);
      if (m.participant) li.append(`, ${m.participant}`);
      if (m.admin) {
        const a = tx('region.admin');
        a.className = 'admin';
        li.append(' ', a);
      }
      list.append(li);
    }
    box.append(heading('h5', key), list);
  }
  return box;
}

// A flow's table of years: the region's sum, then each member's figures. A year is marked
// incomplete when a member has no row or an incomplete one; withheld figures (fewer than three
// certificates) are said to be.
function regionTable(id: string, t: RegionTable, order: string[]): HTMLTableElement {
  const seen = new Set(t.rows.flatMap((y) => Object.keys(y.members)));
  const members = [
    ...order.filter((p) => seen.has(p)),
    ...[...seen].filter((p) => !order.includes(p)),
  ];
  const table = document.createElement('table');
  table.id = id;
  table.className = 'figures';
  const head = table.createTHead();
  const top = head.insertRow();
  const th = (parent: HTMLTableRowElement, scope: string, content: string | Node, span = 1) => {
    const c = document.createElement('th');
    c.scope = scope;
    if (span > 1) c.colSpan = span;
    c.append(content);
    parent.append(c);
    return c;
  };
  th(top, 'col', tx('year')).rowSpan = 2;
  th(top, 'colgroup', tx('region.sum'), 3);
  for (const p of members) th(top, 'colgroup', p, 2);
  const sub = head.insertRow();
  th(sub, 'col', tx('col.carats'));
  th(sub, 'col', tx('col.usd'));
  th(sub, 'col', tx('col.usdPerCarat'));
  for (let i = 0; i < members.length; ++i) {
    th(sub, 'col', tx('col.carats'));
    th(sub, 'col', tx('col.usd'));
  }
  const body = table.createTBody();
  for (const y of t.rows) {
    const r = body.insertRow();
    r.dataset.year = String(y.year);
    const year = th(r, 'row', String(y.year));
    if (!y.complete) year.append(' ', tx('region.incomplete'));
    const cell = (of: string, measure: string, content: string | Node) => {
      const c = r.insertCell();
      c.dataset.of = of;
      c.dataset.measure = measure;
      c.append(content);
    };
    if (y.suppressed || y.carats_hundredths === null || y.value_usd_cents === null) {
      const c = r.insertCell();
      c.colSpan = 3;
      c.append(tx('region.withheld'));
    } else {
      cell('region', 'carats', amount(y.carats_hundredths));
      cell('region', 'usd', amount(y.value_usd_cents));
      cell('region', 'usdPerCarat', y.usd_per_carat ?? '');
    }
    for (const p of members) {
      const m = y.members[p];
      if (!m) {
        const c = r.insertCell();
        c.colSpan = 2;
        c.append(tx('region.noReport'));
      } else if (m.suppressed || m.carats_hundredths === undefined) {
        const c = r.insertCell();
        c.colSpan = 2;
        c.append(tx('region.withheld'));
      } else {
        cell(p, 'carats', amount(m.carats_hundredths));
        cell(p, 'usd', amount(m.value_usd_cents ?? 0));
      }
    }
  }
  return table;
}

const flowKeys: Record<string, Key> = {
  production: 'region.production',
  export: 'region.exports',
  import: 'region.imports',
};

function unitValues(d: RegionDashboard): HTMLElement {
  const list = d.unit_values ?? [];
  if (list.length === 0) return para(tx('region.noUnitValues'));
  const table = dataTable(
    'region-unit-values-table',
    ['region.flow', 'year', 'col.usdPerCarat', 'region.history', 'region.change'],
    list.map((u) => {
      const change: Cell =
        u.change_percent === null
          ? tx('region.noHistory')
          : tx('region.percent', {
              n: (u.change_percent > 0 ? '+' : '') + String(u.change_percent),
            });
      return [
        flowKeys[u.flow] ? tx(flowKeys[u.flow]) : u.flow,
        String(u.year),
        u.usd_per_carat ?? '',
        u.history_usd_per_carat ?? '',
        u.flagged ? [change, ' ', marked('region.flagged')] : change,
      ];
    }),
  );
  table.classList.add('figures');
  list.forEach((u, i) => {
    if (u.flagged) table.tBodies[0].rows[i].className = 'flagged';
  });
  return scrolling(table);
}

function intraRegion(d: RegionDashboard): HTMLElement {
  const intra = d.intra_region_trade;
  if (!intra) return document.createElement('div');
  if (!intra.visible) return para(tx('region.tradeHidden'));
  const rows = intra.rows ?? [];
  if (rows.length === 0) return para(tx('region.noIntraTrade'));
  const table = dataTable(
    'region-intra-table',
    [
      'year',
      'region.exporter',
      'region.importer',
      'region.exportedCarats',
      'region.importedCarats',
      'region.gapCarats',
      'region.gapUsd',
      'region.certificates',
    ],
    rows.map((x) => [
      String(x.year),
      x.exporter,
      x.importer,
      amount(x.exported_carats_hundredths),
      amount(x.imported_carats_hundredths),
      amount(x.gap_carats_hundredths),
      amount(x.gap_value_usd_cents),
      `${x.exported_certificates} / ${x.imported_certificates}`,
    ]),
  );
  table.classList.add('figures');
  return scrolling(table);
}

function regionFindings(d: RegionDashboard): HTMLElement {
  const box = document.createElement('div');
  const f = d.findings;
  if (!f) return box;
  if (!f.visible) {
    box.append(para(tx('region.findingsHidden')));
    return box;
  }
  const groups = f.groups ?? [];
  const states = Object.entries(f.by_state ?? {});
  const counts = para(tx('region.findingsCount', { count: states.reduce((n, [, k]) => n + k, 0) }));
  states.forEach(([state, n], i) => counts.append(i === 0 ? ' ' : ', ', `${n} `, term(state)));
  const per = Object.entries(f.by_participant ?? {});
  if (per.length > 0) {
    const list = per.map(([p, n]) => `${p} ${n}`).join(', ');
    counts.append(' · ', tx('region.findingsPer'), ' ', list);
  }
  box.append(counts);
  if (groups.length > 0) {
    box.append(scrolling(textTable('region-findings-table', FINDING_COLUMNS, groups.map(findingCells))));
  }
  return box;
}

// The members' mining sites (the public's coordinates are displaced), per participant, with
// its open risk flags: a list, not a map.
function regionSites(d: RegionDashboard): HTMLElement {
  const list = document.createElement('ul');
  list.id = 'region-sites';
  const map = d.map;
  if (!map) return list;
  for (const p of d.region.participants) {
    const sites = map.features.filter((f) => f.properties.participant === p);
    const flags = map.risk_flags[p] ?? 0;
    const li = document.createElement('li');
    li.dataset.participant = p;
    const strong = document.createElement('strong');
    strong.textContent = p;
    const count = tx('region.sitesCount', { sites: sites.length, flags });
    if (flags > 0) count.className = 'bad';
    li.append(strong, ' ', count);
    if (sites.length > 0) {
      const inner = document.createElement('ul');
      for (const s of sites) {
        const [lon, lat] = s.geometry.coordinates;
        const item = document.createElement('li');
        item.append(
          `${s.properties.code} ${s.properties.name} (`,
          term(s.properties.type, 'site.'),
          '; ',
          tx('region.armed'),
          ' ',
          term(s.properties.armed_presence, 'armed.'),
          `; ${lat.toFixed(3)}, ${lon.toFixed(3)})`,
        );
        inner.append(item);
      }
      li.append(inner);
    }
    list.append(li);
  }
  return list;
}

function regionCoalition(d: RegionDashboard): HTMLElement {
  const members = d.coalition_members ?? [];
  if (members.length === 0) return para(tx('region.noCoalition'));
  const list = document.createElement('ul');
  list.id = 'region-coalition';
  for (const m of members) {
    const li = document.createElement('li');
    li.textContent = `${m.name} (${m.code}, ${m.country})`;
    list.append(li);
  }
  return list;
}

// A follow-up's dates: its target (marked once passed unmet) and its next report (marked
// when overdue).
function deadlines(f: FollowUp): Cell {
  const line = (key: Key, date: string) => {
    const s = tx(key, { date });
    s.className = 'nowrap';
    return s;
  };
  const out: (string | Node)[] = [line('region.dueLine', f.due_on)];
  if (f.state.past_target) out.push(' ', marked('region.pastTarget'));
  if (f.state.next_report_due) {
    out.push(document.createElement('br'), line('region.reportLine', f.state.next_report_due));
    if (f.state.overdue) out.push(' ', marked());
  }
  return out;
}
// A date that does not break at its hyphens.
function day(date: string): HTMLElement {
  const s = document.createElement('span');
  s.className = 'nowrap';
  s.textContent = date;
  return s;
}
function nextReport(f: FollowUp): Cell {
  const due = f.state.next_report_due ?? '';
  return f.state.overdue ? [day(due), ' ', marked()] : day(due);
}
function dueOn(f: FollowUp): Cell {
  return f.state.past_target ? [day(f.due_on), ' ', marked('region.pastTarget')] : day(f.due_on);
}
// A status (or civil society's assessment) with its source beneath.
function withSource(value: string | null, source: string | null): Cell {
  if (!value) return tx('region.noAssessment');
  if (!source) return term(value);
  const small = document.createElement('small');
  small.textContent = source;
  return [term(value), document.createElement('br'), small];
}

// A plan's summary, then its actions axis by axis.
async function regionPlan(plan: RegionPlan, request: number): Promise<HTMLElement> {
  const box = document.createElement('div');
  box.className = 'plan';
  box.dataset.plan = String(plan.id);
  const h = document.createElement('h5');
  h.textContent = plan.title;
  const summary = para(tx('region.adopted', { date: plan.adopted_on, actions: plan.actions }));
  Object.entries(plan.statuses).forEach(([s, n], i) =>
    summary.append(i === 0 ? ' ' : ', ', `${n} `, term(s)),
  );
  if (plan.overdue > 0) {
    summary.append(' · ', marked('region.planOverdue', { count: plan.overdue }));
  }
  box.append(h, summary);
  const detail = await getActionPlan(plan.id, regionToken);
  if (request !== regionRequest) return box;
  if (!detail.ok) {
    box.append(para(detail.problem.detail));
    return box;
  }
  const table = document.createElement('table');
  table.id = `plan-${plan.id}-table`;
  const head = table.createTHead().insertRow();
  for (const k of [
    'region.action',
    'region.owner',
    'col.due',
    'col.status',
    'col.nextReport',
  ] as const) {
    const th = tr(document.createElement('th'), k);
    th.scope = 'col';
    head.append(th);
  }
  const axes = [...plan.axes];
  for (const a of detail.body.actions) if (a.axis && !axes.includes(a.axis)) axes.push(a.axis);
  for (const axis of axes) {
    const body = table.createTBody();
    body.dataset.axis = axis;
    const th = document.createElement('th');
    th.scope = 'rowgroup';
    th.colSpan = 5;
    th.className = 'axis';
    th.append(tx('region.axis'), ' ', axis);
    body.insertRow().append(th);
    const actions = detail.body.actions.filter((a) => a.axis === axis);
    if (actions.length === 0) {
      const c = body.insertRow().insertCell();
      c.colSpan = 5;
      c.append(tx('region.noActions'));
    }
    for (const a of actions) {
      const r = body.insertRow();
      const status = withSource(a.state.status, a.state.status_source);
      for (const v of [a.text, a.owner, dueOn(a), status, nextReport(a)]) {
        r.insertCell().append(...(Array.isArray(v) ? v : [v]));
      }
    }
  }
  box.append(scrolling(table));
  return box;
}

// Commitments: who promised what, to whom, when and where; the status beside civil society's
// assessment; overdue reports and missed targets marked. `concerns`: a column for the region or
// participant each concerns (the register).
function commitmentsTable(id: string, list: FollowUp[], concerns: boolean): HTMLTableElement {
  const headers: Key[] = [
    'region.owner',
    'region.promise',
    'region.promisedTo',
    'region.madeOn',
    ...(concerns ? (['region.concerns'] as const) : []),
    'col.status',
    'col.civilSociety',
    'region.deadlines',
  ];
  return dataTable(
    id,
    headers,
    list.map((c) => [
      c.owner,
      c.text,
      c.promised_to ?? '',
      c.place
        ? [day(c.made_on ?? ''), document.createElement('br'), c.place]
        : day(c.made_on ?? ''),
      ...(concerns ? [[c.region, c.participant].filter(Boolean).join(', ')] : []),
      withSource(c.state.status, c.state.status_source),
      withSource(c.state.civil_society_assessment, c.state.civil_society_source),
      deadlines(c),
    ]),
    true,
  );
}

async function showRegion() {
  const out = byId<HTMLDivElement>('region-result');
  const code = byId<HTMLSelectElement>('region').value;
  const from = Number(byId<HTMLSelectElement>('region-from').value);
  const to = Number(byId<HTMLSelectElement>('region-to').value);
  const request = ++regionRequest;
  if (!code) {
    out.textContent = '';
    return;
  }
  out.setAttribute('aria-busy', 'true');
  const answer = await getRegionDashboard(code, from, to, regionToken);
  if (request !== regionRequest) return;
  out.removeAttribute('aria-busy');
  if (!answer.ok) {
    out.replaceChildren(para(answer.problem.detail));
    return;
  }
  const d = answer.body;
  const title = document.createElement('h3');
  title.id = 'region-name';
  title.textContent = `${d.region.name} (${d.region.code})`;
  const parts: Node[] = [
    title,
    para(tx('region.participants'), ' ', d.region.participants.join(', ')),
    regionMembers(d.region),
  ];
  const production = d.production;
  if (production) {
    parts.push(heading('h4', 'region.production'));
    parts.push(
      production.rows.length === 0
        ? para(tx('region.noFigures'))
        : scroller(regionTable('region-production-table', production, d.region.participants)),
    );
    parts.push(
      heading('h4', 'region.unitValues'),
      para(tx('region.unitValuesIntro')),
      unitValues(d),
    );
    parts.push(heading('h4', 'region.trade'));
    const trade = [
      ['region.exports', d.exports, 'region-exports-table'],
      ['region.imports', d.imports, 'region-imports-table'],
    ] as const;
    if (trade.every(([, t]) => !t || t.rows.length === 0)) {
      parts.push(para(tx('region.noTrade')));
    } else {
      for (const [key, t, id] of trade) {
        if (!t || t.rows.length === 0) continue;
        parts.push(heading('h5', key), scroller(regionTable(id, t, d.region.participants)));
      }
      parts.push(para(tx('region.withheldNote')));
    }
    parts.push(heading('h4', 'region.intra'), intraRegion(d));
  }
  if (d.findings) parts.push(heading('h4', 'region.findings'), regionFindings(d));
  if (d.map) {
    parts.push(heading('h4', 'region.sites'), para(tx('region.sitesIntro')), regionSites(d));
  }
  if (d.coalition_members) parts.push(heading('h4', 'region.coalition'), regionCoalition(d));
  const plansBox = document.createElement('div');
  plansBox.id = 'region-plans';
  if (d.action_plans) {
    parts.push(heading('h4', 'region.plans'));
    if (d.action_plans.length === 0) plansBox.append(para(tx('region.noPlans')));
    parts.push(plansBox);
  }
  if (d.commitments) {
    parts.push(heading('h4', 'region.commitments'));
    parts.push(
      d.commitments.length === 0
        ? para(tx('region.noCommitments'))
        : scroller(commitmentsTable('region-commitments-table', d.commitments, false)),
    );
  }
  out.replaceChildren(...parts);
  // The plans' actions (one request per plan), in the plans' order.
  const plans = await Promise.all((d.action_plans ?? []).map((p) => regionPlan(p, request)));
  if (request !== regionRequest) return;
  plansBox.append(...plans);
}

async function showRegister() {
  const out = byId<HTMLDivElement>('commitments-result');
  const request = ++registerRequest;
  const list = await getCommitments(regionToken);
  if (request !== registerRequest) return;
  if (!list.ok) {
    section(out, tx('region.register'), para(list.problem.detail));
    return;
  }
  section(
    out,
    tx('region.register'),
    list.body.length === 0
      ? para(tx('region.noCommitments'))
      : scroller(commitmentsTable('commitments-table', list.body, true)),
  );
}

async function initRegions() {
  byId<HTMLAnchorElement>('commitments-csv').href = commitmentsPath('csv');
  byId<HTMLAnchorElement>('commitments-xlsx').href = commitmentsPath('xlsx');
  const select = byId<HTMLSelectElement>('region');
  const from = byId<HTMLSelectElement>('region-from');
  const to = byId<HTMLSelectElement>('region-to');
  // KP statistics start in 2003; by default the last ten years.
  const now = new Date().getUTCFullYear();
  for (let y = now; y >= 2003; --y) {
    from.add(new Option(String(y), String(y)));
    to.add(new Option(String(y), String(y)));
  }
  from.value = String(now - 9);
  to.value = String(now);
  for (const s of [select, from, to]) s.addEventListener('change', () => void showRegion());
  const [regions] = await Promise.all([getRegions(regionToken), showRegister()]);
  if (!regions.ok) return;
  for (const r of regions.body) select.add(new Option(`${r.name} (${r.code})`, r.code));
}

// Signed in: the dashboard and the register again, with what the token's holder may see.
function signedIn(token: string) {
  if (regionToken === token) return;
  regionToken = token;
  void showRegion();
  void showRegister();
}

void initRegions();

// --- the coalition: activities of a year, published reports ---
function activitiesTable(list: Activity[]): HTMLTableElement {
  return textTable(
    'coalition-table',
    ['col.dates', 'col.activity', 'col.type', 'col.members', 'col.place', 'col.participants'],
    list.map((a) => [
      a.end_on ? tx('range', { from: a.start_on, to: a.end_on }) : a.start_on,
      bilingual(document.createElement('span'), a.title),
      a.type.split('-').join(' '),
      a.members.join(', '),
      [a.place?.town, a.place?.country].filter(Boolean).join(', '),
      a.participants ? String(a.participants.total) : '',
    ]),
  );
}

let coalitionToken: string | undefined;

async function showCoalitionYear(year: number) {
  byId<HTMLAnchorElement>('coalition-csv').href = `/v1/activities?year=${year}&format=csv`;
  byId<HTMLAnchorElement>('coalition-iati').href = `/v1/activities?year=${year}&format=iati`;
  const list = await getActivities(year, coalitionToken);
  const out = byId<HTMLDivElement>('coalition-result');
  if (!list.ok) {
    section(out, tx('coalition.activities', { year }), para(list.problem.detail));
    return;
  }
  section(
    out,
    tx('coalition.activitiesCount', { year, count: list.body.length }),
    list.body.length === 0 ? para(tx('coalition.none')) : activitiesTable(list.body),
  );
  const finals = await getFinalReports(year);
  const fout = byId<HTMLDivElement>('coalition-finals');
  fout.textContent = '';
  if (finals.ok && finals.body.length > 0) {
    const p = para(tx('coalition.finals', { year }), ' ');
    finals.body.forEach((f, i) => {
      const a = document.createElement('a');
      a.href = `/v1/coalition/finals/${f.id}`;
      a.textContent = `${f.lang.toUpperCase()} (${f.recorded_at.slice(0, 10)})`;
      if (i > 0) p.append(', ');
      p.append(a, ' [', Object.assign(document.createElement('a'), {
        href: `/v1/coalition/finals/${f.id}?format=pdf`,
        textContent: 'PDF',
      }), ']');
    });
    fout.append(p);
  }
}

async function initCoalition() {
  const select = byId<HTMLSelectElement>('coalition-year');
  const now = new Date().getUTCFullYear();
  for (let y = now; y >= 2015; --y) {
    const o = document.createElement('option');
    o.value = o.textContent = String(y);
    select.append(o);
  }
  let chosen = false;
  select.addEventListener('change', () => {
    chosen = true;
    void showCoalitionYear(Number(select.value));
  });
  // The latest year with activities, else this one (unless the reader chose one meanwhile).
  for (let y = now; y >= 2015 && !chosen; --y) {
    const list = await getActivities(y);
    if (list.ok && list.body.length > 0) {
      if (!chosen) select.value = String(y);
      break;
    }
  }
  if (!chosen) await showCoalitionYear(Number(select.value));
}

void initCoalition();

// Signed in as one of the coalition's people: record an activity, download the draft report.
async function showCoalitionWork(token: string) {
  coalitionToken = token;
  const out = byId<HTMLDivElement>('coalition-work');
  out.textContent = '';
  const types = await getActivityTypes();
  const h = tr(document.createElement('h3'), 'coalition.record');
  const form = document.createElement('form');
  form.id = 'activity-form';
  const field = <I extends HTMLInputElement | HTMLSelectElement>(label: Key, input: I): I => {
    const l = document.createElement('label');
    l.append(tx(label), ' ', input);
    form.append(l, ' ');
    return input;
  };
  const input = (id: string, type = 'text', required = false) => {
    const i = document.createElement('input');
    i.id = id;
    i.type = type;
    i.required = required;
    return i;
  };
  const type = document.createElement('select');
  type.id = 'activity-type';
  for (const kind of types.ok ? types.body : []) {
    const o = bilingual(document.createElement('option'), kind);
    o.value = kind.key;
    type.append(o);
  }
  field('col.type', type);
  const title = field('col.title', input('activity-title', 'text', true));
  const date = field('col.date', input('activity-date', 'date', true));
  const country = field('coalition.country', input('activity-country'));
  const town = field('coalition.town', input('activity-town'));
  const members = field('coalition.members', input('activity-members', 'text', true));
  const people = field('col.participants', input('activity-participants', 'number'));
  const women = field('coalition.women', input('activity-women', 'number'));
  const isPublic = field('coalition.public', input('activity-public', 'checkbox'));
  isPublic.checked = true;
  const submit = tr(document.createElement('button'), 'coalition.recordButton');
  submit.type = 'submit';
  form.append(submit);
  const status = document.createElement('div');
  status.id = 'activity-status';
  status.setAttribute('role', 'status');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const total = people.value ? Number(people.value) : undefined;
    const answer = await recordActivity(token, {
      type: type.value,
      title: { en: title.value.trim() },
      start_on: date.value,
      place: country.value ? { country: country.value.trim().toUpperCase(), town: town.value.trim() || undefined } : undefined,
      members: members.value.split(/[\s,;]+/).filter(Boolean).map((m) => m.toUpperCase()),
      participants:
        total === undefined ? undefined : { total, women: women.value ? Number(women.value) : undefined },
      public: isPublic.checked,
    });
    if (!answer.ok) {
      status.className = 'bad';
      plain(status, answer.problem.detail);
      return;
    }
    status.className = 'ok';
    tr(status, 'coalition.recorded', { ref: answer.body.ref, version: answer.body.version });
    const year = Number(answer.body.start_on.slice(0, 4));
    byId<HTMLSelectElement>('coalition-year').value = String(year);
    await showCoalitionYear(year);
  });
  const r = tr(document.createElement('h3'), 'coalition.draft');
  const reports = document.createElement('p');
  reports.id = 'report-downloads';
  for (const [format, language, label] of [
    ['pdf', 'en', 'report.pdfEn'],
    ['docx', 'en', 'report.wordEn'],
    ['html', 'en', 'report.htmlEn'],
    ['pdf', 'fr', 'report.pdfFr'],
  ] as const) {
    const b = tr(document.createElement('button'), label);
    b.type = 'button';
    b.dataset.format = format;
    b.addEventListener('click', async () => {
      const year = Number(byId<HTMLSelectElement>('coalition-year').value);
      const file = await getReportFile(token, year, format, language);
      if (!file.ok) {
        status.className = 'bad';
        plain(status, file.problem.detail);
        return;
      }
      save(file.body, `coalition-report-${year}-${language}.${format}`);
    });
    reports.append(b, ' ');
  }
  out.append(h, form, status, r, reports, importForm(token));
  await showCoalitionYear(Number(byId<HTMLSelectElement>('coalition-year').value));
}

// A spreadsheet of activities: checked first (a preview, nothing stored), then stored whole, or
// its valid rows only, on the coordinator's or editor's choice.
function importForm(token: string): HTMLElement {
  const box = document.createElement('div');
  box.id = 'import';
  const file = document.createElement('input');
  file.type = 'file';
  file.id = 'import-file';
  file.accept = '.csv,.xlsx';
  const mode = document.createElement('select');
  mode.id = 'import-mode';
  for (const [value, key] of [
    ['add', 'import.add'],
    ['update', 'import.update'],
  ] as const) {
    const o = tr(document.createElement('option'), key);
    o.value = value;
    mode.append(o);
  }
  const check = tr(document.createElement('button'), 'import.check');
  check.type = 'button';
  check.id = 'import-check';
  const status = document.createElement('div');
  status.id = 'import-status';
  status.setAttribute('role', 'status');
  const rows = document.createElement('div');
  const actions = document.createElement('p');
  const run = async (store: boolean, validOnly: boolean) => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const answer = await importActivities(
      token,
      chosen,
      mode.value === 'update' ? 'update' : 'add',
      store,
      validOnly,
    );
    actions.textContent = '';
    if (!answer.ok) {
      status.className = 'bad';
      plain(status, answer.problem.detail);
      rows.textContent = '';
      return;
    }
    const a = answer.body;
    rows.replaceChildren(
      scrolling(
        textTable(
          'import-table',
          ['col.row', 'col.result', 'col.activity'],
          a.rows.map((x) => [
            String(x.row),
            x.error ? (x.field ? x.field + ': ' : '') + x.error : tx('import.ok'),
            x.ref ? `${x.ref} ${x.title ?? ''}` : '',
          ]),
        ),
      ),
    );
    if (a.stored) {
      status.className = 'ok';
      tr(status, 'import.stored', { valid: a.valid });
      await showCoalitionYear(Number(byId<HTMLSelectElement>('coalition-year').value));
      return;
    }
    status.className = a.invalid === 0 ? 'ok' : 'bad';
    tr(status, store ? 'import.refused' : 'import.summary', { valid: a.valid, invalid: a.invalid });
    if (a.valid === 0) return;
    const store1 = tr(document.createElement('button'), a.invalid === 0 ? 'import.store' : 'import.storeValid');
    store1.type = 'button';
    store1.id = 'import-store';
    store1.addEventListener('click', () => void run(true, a.invalid > 0));
    actions.append(store1);
  };
  check.addEventListener('click', () => void run(false, false));
  const label = (key: Key, input: HTMLElement) => {
    const l = document.createElement('label');
    l.append(tx(key), ' ', input);
    return l;
  };
  box.append(
    tr(document.createElement('h3'), 'import.title'),
    label('import.file', file),
    ' ',
    label('import.mode', mode),
    ' ',
    check,
    status,
    rows,
    actions,
  );
  return box;
}

// --- signed in: findings and questionnaires ---
async function showWork(token: string) {
  const me = await getMe(token);
  const who = byId<HTMLDivElement>('me');
  if (!me.ok) {
    who.className = 'bad';
    plain(who, me.problem.detail);
    return;
  }
  who.className = 'ok';
  const u = me.body;
  who.replaceChildren(
    u.participant
      ? tx('me.signedInFor', { name: u.name, role: u.role, participant: u.participant })
      : tx('me.signedIn', { name: u.name, role: u.role }),
  );
  showAccount(token, u);
  signedIn(token);
  statsSignedIn(token, u);
  if (u.role === 'monitor' || reportsKept()) {
    void import('./report').then((m) => m.showReports(token, u)).catch(() => undefined);
  }
  // The map shows what the API shows the holder (monitors and verifiers: more than the public's);
  // verifiers and admins review reports (verify-reports.ts, loaded for them only).
  const reviewer = u.role === 'verifier' || u.role === 'admin';
  if (sitesLoaded || u.role === 'monitor' || reviewer) {
    void loadSites().then((m) => m.sitesSignedIn(token, u)).catch(() => undefined);
  }
  if (reviewer) void import('./verify-reports').then((m) => m.showReview(token, u)).catch(() => undefined);
  // The officers' part is loaded for them only (its own script: officer.ts).
  const certificates =
    u.role === 'officer' || u.role === 'admin'
      ? import('./officer').then((m) => m.showOfficerWork(token, u))
      : undefined;
  // The working group's, the reviewers' and the participants' follow-up (review-work.ts): loaded
  // for the roles that do that work only.
  if (['analyst', 'admin', 'officer', 'reviewer', 'monitor'].includes(u.role)) reviewWork = import('./review-work');
  const following = reviewWork?.then((m) =>
    m.showReviewWork(token, u, { questionnaires: () => showQuestionnaires(token, u) }),
  );
  if (u.role === 'coalition' || u.role === 'admin') await showCoalitionWork(token);
  if (u.role === 'coalition') return;
  const fout = byId<HTMLDivElement>('findings-result');
  const rules = await getRules();
  const filter = document.createElement('select');
  filter.id = 'findings-rule';
  for (const r of ['', ...(rules.ok ? rules.body : [])]) {
    const o = document.createElement('option');
    o.value = r;
    if (r === '') tr(o, 'findings.everyRule');
    else o.textContent = r;
    filter.append(o);
  }
  filter.addEventListener('change', () => void showFindings(token, fout, filter));
  // Independent parts: one slow or failing does not hold the other back.
  await Promise.allSettled([
    showFindings(token, fout, filter),
    showQuestionnaires(token, u),
    certificates,
    following,
  ]);
}
let reviewWork: Promise<typeof import('./review-work')> | undefined;

// The ranked groups (a participant and a year each), filtered by rule; "Open" lists a group's
// findings, and a roll-up of certificates lists its certificates.
async function showFindings(token: string, out: HTMLDivElement, filter: HTMLSelectElement) {
  const rule = filter.value || undefined;
  const findings = await getFindings(token, rule);
  if (!findings.ok) {
    out.textContent = '';
    return;
  }
  const table = textTable(
    'findings-table',
    [...FINDING_COLUMNS, ''],
    findings.body.map((g) => [...findingCells(g), '']),
  );
  const detail = document.createElement('div');
  detail.id = 'group-detail';
  const rows = table.tBodies[0].rows;
  findings.body.forEach((g, i) => {
    const open = tr(document.createElement('button'), 'findings.open');
    open.type = 'button';
    open.addEventListener('click', () => void showGroup(token, g.id, rule, detail));
    rows[i].cells[6].append(open);
  });
  const label = document.createElement('label');
  label.append(tx('col.rule'), ' ', filter);
  const box = document.createElement('div');
  box.append(label, scrolling(table), detail);
  section(out, tx('findings.title'), box);
  applyStrings(filter); // (made before the findings were read: the page's language may have changed)
}

async function showGroup(token: string, group: string, rule: string | undefined, out: HTMLElement) {
  const list = await getGroupFindings(token, group, rule);
  if (!list.ok) {
    out.textContent = list.problem.detail;
    return;
  }
  const table = textTable(
    'group-findings-table',
    ['col.severity', 'col.state', 'col.rule', 'col.period', 'col.finding', ''],
    list.body.map((f) => [
      String(f.severity),
      f.state ? term(f.state) : '',
      f.rule,
      f.period,
      f.message,
      '',
    ]),
  );
  const certificates = document.createElement('div');
  certificates.id = 'rollup-certificates';
  list.body.forEach((f, i) => {
    if (f.certificates <= 0) return;
    const b = tr(document.createElement('button'), 'findings.certificates', {
      count: f.certificates,
    });
    b.type = 'button';
    b.addEventListener('click', () => void showCertificates(token, f.id, certificates));
    table.tBodies[0].rows[i].cells[5].append(b);
  });
  const box = document.createElement('div');
  box.append(scrolling(table), certificates);
  section(out, tx('findings.group'), box);
  // Decisions and questionnaires (review-work.ts, when loaded).
  void reviewWork?.then((m) =>
    m.findingTools(token, group, list.body, table, box, () => showGroup(token, group, rule, out)),
  );
}

async function showCertificates(token: string, id: string, out: HTMLElement) {
  const page = await getRollUpCertificates(token, id);
  if (!page.ok) {
    out.textContent = page.problem.detail;
    return;
  }
  const shown = page.body.certificates.length;
  section(
    out,
    tx('findings.rollup', { shown, total: page.body.total }),
    textTable(
      'rollup-certificates-table',
      ['col.severity', 'col.finding'],
      page.body.certificates.map((c) => [String(c.severity), c.message]),
    ),
  );
}

async function showQuestionnaires(token: string, me: { role: string }) {
  const out = byId<HTMLDivElement>('questionnaires-result');
  const list = await getQuestionnaires(token);
  if (!list.ok) {
    out.textContent = '';
    return;
  }
  const table = textTable(
    'questionnaires-table',
    ['col.questionnaire', 'col.participant', 'col.title', 'col.due', 'col.state'],
    list.body.map((q) => [
      String(q.id),
      q.participant,
      q.title,
      q.due_on,
      q.overdue ? [term(q.state), ' ', tx('overdue')] : term(q.state),
    ]),
  );
  section(out, tx('questionnaires.title'), table);
  // Each opens to its findings, steps and documents (review-work.ts, when loaded).
  void reviewWork?.then((m) => m.questionnaireTools(token, list.body, table));
  if (me.role !== 'officer') return;
  // Officers answer theirs here: one form per questionnaire awaiting an answer.
  for (const q of list.body.filter((x) => x.state === 'awaiting-answer')) {
    const form = document.createElement('form');
    form.className = 'answer';
    form.dataset.questionnaire = String(q.id);
    const label = tr(document.createElement('label'), 'questionnaires.answerTo', {
      id: q.id,
      due: q.due_on,
    });
    const text = document.createElement('textarea');
    text.required = true;
    text.rows = 4;
    text.cols = 60;
    const send = tr(document.createElement('button'), 'questionnaires.send');
    send.type = 'submit';
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    form.append(label, document.createElement('br'), text, document.createElement('br'), send, status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const sent = await answerQuestionnaire(token, q.id, text.value);
      if (!sent.ok) {
        status.className = 'bad';
        plain(status, sent.problem.detail);
        return;
      }
      await showQuestionnaires(token, me);
      byId<HTMLDivElement>('me').append(' · ', tx('questionnaires.sent', { id: q.id }));
    });
    out.append(form);
  }
}

byId<HTMLFormElement>('signin').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = byId<HTMLInputElement>('token').value.trim();
  sessionStorage.setItem('openkp-token', token);
  void showWork(token);
});
// Signed in with a password (session.ts: the cookie), else with the token kept in this tab.
const saved = sessionStorage.getItem('openkp-token');
if (!initSession(() => void showWork(SESSION)) && saved) void showWork(saved);
