// openkp's web page: verify a certificate by number (with the risk flags of the participants it
// concerns); production statistics by year; public incident reports from community monitors;
// peer reviews and their recommendations; the coalition's activities and published reports; the
// public log's latest checkpoint; and, signed in with an API token, the working group's ranked
// findings and the questionnaires (a participant's officers answer theirs here), and the
// coalition's forms (record an activity, download the draft annual report). In English and French (i18n.ts): every text the page shows
// is a key of the dictionary, kept in the language the reader chose.
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
  getFindings,
  getGroupFindings,
  getMe,
  getNonRespondents,
  getQuestionnaires,
  getRecommendations,
  getReviews,
  getRollUpCertificates,
  getRules,
  getCertificateVerification,
  getPublicIncidents,
  getLogCheckpoint,
  type IncidentReport,
  getProductionTable,
  productionPath,
  type SummaryRow,
  type SummaryTable,
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

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

// --- language ---
const switcher = byId<HTMLSelectElement>('lang');
switcher.value = lang();
switcher.addEventListener('change', () => setLang(switcher.value === 'fr' ? 'fr' : 'en'));
applyStrings();
// The dictionary, for the browser tests (tests/js/web.test.mjs).
Object.assign(window, { openkpStrings: strings });

// An enumerated value of the API (a status, a stage...): its translation (key term.<value>) when
// the dictionary has one, else the API's word with spaces.
function term(value: string): string | Node {
  const key = `term.${value}`;
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

// --- production statistics ---
const amount = (hundredths: number) =>
  (hundredths / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function productionTable(body: SummaryTable): HTMLTableElement {
  const table = document.createElement('table');
  table.id = 'stats-table';
  const head = table.createTHead().insertRow();
  for (const h of ['col.participant', 'col.carats', 'col.usd', 'col.usdPerCarat'] as const)
    tr(head.insertCell(), h);
  const rows = table.createTBody(); // without a tbody, insertRow would append to the thead
  const byName = [...body.rows].sort((a, b) => a.name.localeCompare(b.name));
  const line = (row: SummaryRow) => {
    const r = rows.insertRow();
    if (row.participant === null) r.className = 'total';
    const name = r.insertCell();
    if (row.complete) name.textContent = row.name;
    else tr(name, 'stats.incomplete', { name: row.name });
    const carats = r.insertCell();
    if (row.nil) tr(carats, 'stats.nil');
    else carats.textContent = amount(row.carats_hundredths);
    r.insertCell().textContent = row.nil ? '' : amount(row.value_usd_cents);
    r.insertCell().textContent = row.usd_per_carat ?? '';
  };
  byName.forEach(line);
  body.totals.forEach(line);
  return table;
}

async function showYear(year: number) {
  const out = byId<HTMLDivElement>('stats-result');
  const answer = await getProductionTable(year);
  out.textContent = '';
  if (!answer.ok) {
    out.textContent = answer.problem.detail;
    return;
  }
  byId<HTMLAnchorElement>('stats-csv').href = productionPath(year, 'csv');
  byId<HTMLAnchorElement>('stats-xlsx').href = productionPath(year, 'xlsx');
  out.append(productionTable(answer.body), para(tx('stats.note')));
}

async function initStatistics() {
  const select = byId<HTMLSelectElement>('stats-year');
  const all = await getProductionTable();
  if (!all.ok) return;
  const years = [...new Set(all.body.totals.map((row) => row.year))].sort((a, b) => b - a);
  for (const y of years) select.add(new Option(String(y), String(y)));
  if (years.length > 0) void showYear(years[0]);
  select.addEventListener('change', () => void showYear(Number(select.value)));
}

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
  out.append(incidentsTable(answer.body.items));
}

void initIncidents();

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
  out.replaceChildren(table);
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

function section(out: HTMLElement, title: Node, content: Node) {
  const h = document.createElement('h3');
  h.append(title);
  out.replaceChildren(h, content);
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
      const a = document.createElement('a');
      a.href = URL.createObjectURL(file.body);
      a.download = `coalition-report-${year}-${language}.${format}`;
      a.click();
      URL.revokeObjectURL(a.href);
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
      textTable(
        'import-table',
        ['col.row', 'col.result', 'col.activity'],
        a.rows.map((x) => [
          String(x.row),
          x.error ? (x.field ? x.field + ': ' : '') + x.error : tx('import.ok'),
          x.ref ? `${x.ref} ${x.title ?? ''}` : '',
        ]),
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
  await Promise.allSettled([showFindings(token, fout, filter), showQuestionnaires(token, u)]);
}

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
    ['col.severity', 'col.state', 'col.rule', 'col.participants', 'col.period', 'col.finding', ''],
    findings.body.map((g) => [
      String(g.severity),
      term(g.state),
      g.rule,
      g.participants.join(', '),
      g.period,
      g.message,
      '',
    ]),
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
  box.append(label, table, detail);
  section(out, tx('findings.title'), box);
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
  box.append(table, certificates);
  section(out, tx('findings.group'), box);
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
const saved = sessionStorage.getItem('openkp-token');
if (saved) void showWork(saved);
