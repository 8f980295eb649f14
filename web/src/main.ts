// openkp's web page: verify a certificate by number (with the risk flags of the participants it
// concerns); production statistics by year; public incident reports from community monitors.
import './style.css';
import {
  getCertificateRisk,
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
