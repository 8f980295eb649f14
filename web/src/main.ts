// openkp's web page: verify a certificate by number (with the risk flags of the participants it
// concerns); production statistics by year; public incident reports from community monitors;
// peer reviews and their recommendations; the coalition's activities and published reports; and,
// signed in with an API token, the working group's ranked findings and the questionnaires (a
// participant's officers answer theirs here), and the coalition's forms (record an activity,
// download the draft annual report).
import './style.css';
import {
  type Activity,
  answerQuestionnaire,
  getActivities,
  getActivityTypes,
  getFinalReports,
  getReportFile,
  recordActivity,
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
  type IncidentReport,
  getProductionTable,
  productionPath,
  type SummaryRow,
  type SummaryTable,
} from './api';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

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
  h.textContent = (v.valid ? 'Valid' : 'Not valid: ' + v.failure) + ' (' + v.status + ')';
  const t = document.createElement('table');
  const facts: [string, string][] = [
    ['Number', v.number],
    ['Issuer', v.issuer],
    ['Issued', v.issued_on],
    ['Expires', v.expires_on],
  ];
  for (const [k, val] of facts) {
    const r = t.insertRow();
    r.insertCell().textContent = k;
    r.insertCell().textContent = val;
  }
  for (const c of v.checks) {
    const r = t.insertRow();
    r.insertCell().textContent = (c.ok ? '✔ ' : '✘ ') + c.check;
    r.insertCell().textContent = c.detail;
  }
  out.append(h, t);
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
  h.textContent =
    flags.length === 0
      ? 'No open risk flags for ' + (risk.body.participants ?? []).join(', ')
      : `Risk flags (${flags.length}) from reviewed civil-society reports`;
  box.append(h);
  const list = document.createElement('ul');
  for (const f of flags) {
    const li = document.createElement('li');
    li.textContent =
      (f.definition === 'kpcs' ? 'KPCS definition: ' : 'Systematic and widespread: ') +
      f.explanation + ' (reports ' + f.incidents.join(', ') + ')';
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
  const t = document.createElement('table');
  t.id = 'stats-table';
  const head = t.createTHead().insertRow();
  for (const h of ['Participant', 'Carats', 'US$', 'US$/ct']) head.insertCell().textContent = h;
  const rows = t.createTBody(); // without a tbody, insertRow would append to the thead
  const byName = [...body.rows].sort((a, b) => a.name.localeCompare(b.name));
  const line = (row: SummaryRow) => {
    const r = rows.insertRow();
    if (row.participant === null) r.className = 'total';
    r.insertCell().textContent = row.name + (row.complete ? '' : ' (incomplete)');
    r.insertCell().textContent = row.nil ? 'nil report' : amount(row.carats_hundredths);
    r.insertCell().textContent = row.nil ? '' : amount(row.value_usd_cents);
    r.insertCell().textContent = row.usd_per_carat ?? '';
  };
  byName.forEach(line);
  body.totals.forEach(line);
  return t;
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
  const note = document.createElement('p');
  note.textContent =
    '(incomplete): a half-year report is missing. nil report: the participant reported no production.';
  out.append(productionTable(answer.body), note);
}

async function initStatistics() {
  const select = byId<HTMLSelectElement>('stats-year');
  const all = await getProductionTable();
  if (!all.ok) return;
  const years = [...new Set(all.body.totals.map((t) => t.year))].sort((a, b) => b - a);
  for (const y of years) select.add(new Option(String(y), String(y)));
  if (years.length > 0) void showYear(years[0]);
  select.addEventListener('change', () => void showYear(Number(select.value)));
}

void initStatistics();

// --- community monitoring: public incident reports ---
function incidentsTable(items: IncidentReport[]): HTMLTableElement {
  const t = document.createElement('table');
  t.id = 'incidents-table';
  const head = t.createTHead().insertRow();
  for (const h of ['Report', 'Date', 'Participant', 'Area', 'Category', 'Status', 'What happened'])
    head.insertCell().textContent = h;
  const rows = t.createTBody();
  for (const r of [...items].reverse().slice(0, 50)) {
    const row = rows.insertRow();
    for (const v of [
      String(r.id),
      r.occurred_on,
      r.participant,
      r.area,
      r.category.split('_').join(' '),
      r.status,
      r.description || '(withheld)',
    ])
      row.insertCell().textContent = v;
  }
  return t;
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

// --- peer review ---
// A table of `rows` under `headers`; every cell is text (never HTML).
function textTable(id: string, headers: string[], rows: string[][]): HTMLTableElement {
  const t = document.createElement('table');
  t.id = id;
  const head = t.createTHead().insertRow();
  for (const h of headers) head.insertCell().textContent = h;
  const body = t.createTBody();
  for (const row of rows) {
    const r = body.insertRow();
    for (const v of row) r.insertCell().textContent = v;
  }
  return t;
}

function section(out: HTMLElement, title: string, content: HTMLElement | string) {
  const h = document.createElement('h3');
  h.textContent = title;
  out.textContent = '';
  if (typeof content === 'string') {
    const p = document.createElement('p');
    p.textContent = content;
    out.append(h, p);
  } else {
    out.append(h, content);
  }
}

async function initReview() {
  const reviews = await getReviews();
  if (reviews.ok) {
    section(
      byId('reviews-result'),
      'Reviews',
      reviews.body.length === 0
        ? 'No reviews yet.'
        : textTable(
            'reviews-table',
            ['Participant', 'Type', 'Title', 'Dates', 'Stage'],
            reviews.body.map((r) => [
              r.participant,
              r.type.split('-').join(' '),
              r.title,
              `${r.starts_on} to ${r.ends_on}`,
              r.stage.split('-').join(' '),
            ]),
          ),
    );
  }
  const recs = await getRecommendations();
  if (recs.ok) {
    section(
      byId('recommendations-result'),
      'Recommendations',
      recs.body.length === 0
        ? 'No published recommendations yet.'
        : textTable(
            'recommendations-table',
            ['Participant', '§', 'Recommendation', 'Response', 'Status', 'Civil society', 'Next report'],
            recs.body.map((r) => [
              r.participant,
              r.paragraph,
              r.text,
              r.response ?? '(none yet)',
              r.status.split('-').join(' '),
              r.civil_society_assessment?.split('-').join(' ') ?? '',
              (r.next_report_due ?? '') + (r.overdue ? ' (overdue)' : ''),
            ]),
          ),
    );
  }
  const late = await getNonRespondents();
  if (late.ok) {
    section(
      byId('nonrespondents-result'),
      'Did not answer a questionnaire in time',
      late.body.length === 0
        ? 'Nobody.'
        : textTable(
            'nonrespondents-table',
            ['Participant', 'Questionnaire', 'Due', 'Named on', 'Answered'],
            late.body.map((n) => [
              n.participant,
              String(n.questionnaire),
              n.due_on,
              n.listed_on,
              n.answered_on ?? 'not yet',
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
    ['Dates', 'Activity', 'Type', 'Members', 'Place', 'Participants'],
    list.map((a) => [
      a.start_on + (a.end_on ? ' to ' + a.end_on : ''),
      a.title.en ?? a.title.fr ?? '',
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
    section(out, `Activities ${year}`, list.problem.detail);
    return;
  }
  section(
    out,
    `Activities ${year} (${list.body.length})`,
    list.body.length === 0 ? 'No activities recorded for this year.' : activitiesTable(list.body),
  );
  const finals = await getFinalReports(year);
  const fout = byId<HTMLDivElement>('coalition-finals');
  fout.textContent = '';
  if (finals.ok && finals.body.length > 0) {
    const p = document.createElement('p');
    p.append(`Annual report ${year}, as published: `);
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
  const h = document.createElement('h3');
  h.textContent = 'Record an activity';
  const form = document.createElement('form');
  form.id = 'activity-form';
  const field = (label: string, input: HTMLInputElement | HTMLSelectElement) => {
    const l = document.createElement('label');
    l.append(label + ' ', input);
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
  for (const t of types.ok ? types.body : []) {
    const o = document.createElement('option');
    o.value = t.key;
    o.textContent = t.en;
    type.append(o);
  }
  field('Type', type);
  const title = field('Title', input('activity-title', 'text', true)) as HTMLInputElement;
  const date = field('Date', input('activity-date', 'date', true)) as HTMLInputElement;
  const country = field('Country (ISO code)', input('activity-country')) as HTMLInputElement;
  const town = field('Town', input('activity-town')) as HTMLInputElement;
  const members = field('Members (codes, the lead first)', input('activity-members', 'text', true)) as HTMLInputElement;
  const people = field('Participants', input('activity-participants', 'number')) as HTMLInputElement;
  const women = field('of whom women', input('activity-women', 'number')) as HTMLInputElement;
  const isPublic = field('Public', input('activity-public', 'checkbox')) as HTMLInputElement;
  isPublic.checked = true;
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = 'Record';
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
      status.textContent = answer.problem.detail;
      return;
    }
    status.className = 'ok';
    status.textContent = `Recorded as ${answer.body.ref} (version ${answer.body.version})`;
    const year = Number(answer.body.start_on.slice(0, 4));
    byId<HTMLSelectElement>('coalition-year').value = String(year);
    await showCoalitionYear(year);
  });
  const r = document.createElement('h3');
  r.textContent = 'Annual report (draft)';
  const reports = document.createElement('p');
  reports.id = 'report-downloads';
  for (const [format, lang, label] of [
    ['pdf', 'en', 'PDF'],
    ['docx', 'en', 'Word'],
    ['html', 'en', 'HTML'],
    ['pdf', 'fr', 'PDF (français)'],
  ] as const) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.format = format;
    b.addEventListener('click', async () => {
      const year = Number(byId<HTMLSelectElement>('coalition-year').value);
      const file = await getReportFile(token, year, format, lang);
      if (!file.ok) {
        status.className = 'bad';
        status.textContent = file.problem.detail;
        return;
      }
      const a = document.createElement('a');
      a.href = URL.createObjectURL(file.body);
      a.download = `coalition-report-${year}-${lang}.${format}`;
      a.click();
      URL.revokeObjectURL(a.href);
    });
    reports.append(b, ' ');
  }
  out.append(h, form, status, r, reports);
  await showCoalitionYear(Number(byId<HTMLSelectElement>('coalition-year').value));
}

// --- signed in: findings and questionnaires ---
async function showWork(token: string) {
  const me = await getMe(token);
  const who = byId<HTMLDivElement>('me');
  if (!me.ok) {
    who.className = 'bad';
    who.textContent = me.problem.detail;
    return;
  }
  who.className = 'ok';
  const u = me.body;
  who.textContent = `Signed in as ${u.name} (${u.role}${u.participant ? ', ' + u.participant : ''})`;
  if (u.role === 'coalition' || u.role === 'admin') await showCoalitionWork(token);
  if (u.role === 'coalition') return;
  const fout = byId<HTMLDivElement>('findings-result');
  const rules = await getRules();
  const filter = document.createElement('select');
  filter.id = 'findings-rule';
  for (const r of ['', ...(rules.ok ? rules.body : [])]) {
    const o = document.createElement('option');
    o.value = r;
    o.textContent = r === '' ? 'every rule' : r;
    filter.append(o);
  }
  filter.addEventListener('change', () => void showFindings(token, fout, filter));
  await showFindings(token, fout, filter);
  await showQuestionnaires(token, u);
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
    ['Severity', 'State', 'Rule', 'Participants', 'Period', 'Finding', ''],
    findings.body.map((g) => [
      String(g.severity),
      g.state,
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
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open';
    open.addEventListener('click', () => void showGroup(token, g.id, rule, detail));
    rows[i].cells[6].append(open);
  });
  const label = document.createElement('label');
  label.append('Rule ', filter);
  const box = document.createElement('div');
  box.append(label, table, detail);
  section(out, 'Anomaly findings, most severe first', box);
}

async function showGroup(token: string, group: string, rule: string | undefined, out: HTMLElement) {
  const list = await getGroupFindings(token, group, rule);
  if (!list.ok) {
    out.textContent = list.problem.detail;
    return;
  }
  const table = textTable(
    'group-findings-table',
    ['Severity', 'State', 'Rule', 'Period', 'Finding', ''],
    list.body.map((f) => [String(f.severity), f.state ?? '', f.rule, f.period, f.message, '']),
  );
  const certificates = document.createElement('div');
  certificates.id = 'rollup-certificates';
  list.body.forEach((f, i) => {
    if (f.certificates <= 0) return;
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = `Certificates (${f.certificates})`;
    b.addEventListener('click', () => void showCertificates(token, f.id, certificates));
    table.tBodies[0].rows[i].cells[5].append(b);
  });
  const box = document.createElement('div');
  box.append(table, certificates);
  section(out as HTMLDivElement, 'Findings of the group', box);
}

async function showCertificates(token: string, id: string, out: HTMLElement) {
  const page = await getRollUpCertificates(token, id);
  if (!page.ok) {
    out.textContent = page.problem.detail;
    return;
  }
  const shown = page.body.certificates.length;
  section(
    out as HTMLDivElement,
    `Certificates of the roll-up (${shown} of ${page.body.total})`,
    textTable(
      'rollup-certificates-table',
      ['Severity', 'Finding'],
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
    ['Questionnaire', 'Participant', 'Title', 'Due', 'State'],
    list.body.map((q) => [
      String(q.id),
      q.participant,
      q.title,
      q.due_on,
      q.state.split('-').join(' ') + (q.overdue ? ' (overdue)' : ''),
    ]),
  );
  section(out, 'Data anomaly questionnaires', table);
  if (me.role !== 'officer') return;
  // Officers answer theirs here: one form per questionnaire awaiting an answer.
  for (const q of list.body.filter((x) => x.state === 'awaiting-answer')) {
    const form = document.createElement('form');
    form.className = 'answer';
    form.dataset.questionnaire = String(q.id);
    const label = document.createElement('label');
    label.textContent = `Answer to questionnaire ${q.id} (due ${q.due_on})`;
    const text = document.createElement('textarea');
    text.required = true;
    text.rows = 4;
    text.cols = 60;
    const send = document.createElement('button');
    send.type = 'submit';
    send.textContent = 'Send the answer';
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    form.append(label, document.createElement('br'), text, document.createElement('br'), send, status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const sent = await answerQuestionnaire(token, q.id, text.value);
      if (!sent.ok) {
        status.className = 'bad';
        status.textContent = sent.problem.detail;
        return;
      }
      await showQuestionnaires(token, me);
      byId<HTMLDivElement>('me').textContent += ` · answer to questionnaire ${q.id} sent`;
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
