// The statistics dashboard (loaded by stats.ts when it comes into view): a participant, or the
// world, over the years: production in carats, US$ and US$/ct (charts.ts), exports and imports
// from certificates where public, the table the charts are drawn from, and, signed in, the
// participant's anomaly findings, most severe first, with the numbers behind each.
import {
  type Finding,
  type Findings,
  getAnomalies,
  getGroupedFindings,
  type StatRow,
  type Answer,
} from './api';
import { chart, type Point, type Series } from './charts';
import { amount } from './format';
import { isKey, type Key, plain, tr, tx } from './i18n';
import { allProduction, allTrade, dashboard, figure } from './stats';
import { el, scrolling } from './dom';

const WORLD = '';
const COLOURS = { production: '#2166ac', value: '#1a7a4c', unit: '#b35806', exports: '#1b7837', imports: '#762a83' };

type Measure = 'carats' | 'usd' | 'usdPerCarat';
const exact = (row: StatRow, m: Measure): string =>
  m === 'carats'
    ? String(row.carats_hundredths)
    : m === 'usd'
      ? String(row.value_usd_cents)
      : (row.usd_per_carat ?? '');

// A row's figure as its chart's point (its <title>: the year and the exact figure).
function point(row: StatRow, m: Measure): Point {
  const year = row.year;
  if (row.suppressed) return { value: null, exact: '', title: 'dash.barWithheld', vars: { year }, mark: 'withheld' };
  if (row.nil) return { value: 0, exact: '0', title: 'dash.barNil', vars: { year }, mark: 'nil' };
  const raw =
    m === 'carats' ? row.carats_hundredths : m === 'usd' ? row.value_usd_cents : null;
  const text =
    m === 'carats'
      ? `${amount(raw ?? 0)} ct`
      : m === 'usd'
        ? `US$ ${amount(raw ?? 0)}`
        : `US$ ${row.usd_per_carat ?? ''}/ct`;
  const value = m === 'usdPerCarat' ? (row.usd_per_carat === null ? null : Number(row.usd_per_carat)) : raw;
  if (value === null) return { value: null, exact: '', title: 'dash.barNone', vars: { year } };
  return {
    value,
    exact: exact(row, m),
    title: row.complete ? 'dash.bar' : 'dash.barIncomplete',
    vars: { year, value: text },
    mark: row.complete ? undefined : 'incomplete',
  };
}

function series(name: Key, colour: string, rows: StatRow[], m: Measure): Series {
  return { name, colour, points: new Map(rows.map((r) => [r.year, point(r, m)])) };
}

function legend(items: [string, Key, 'bar' | 'faint' | 'ring' | 'dash'][]): HTMLElement {
  const ul = el('ul');
  ul.className = 'legend';
  for (const [colour, key, kind] of items) {
    const li = el('li');
    const sw = el('span');
    sw.className = `swatch ${kind}`;
    sw.setAttribute('aria-hidden', 'true');
    if (kind === 'bar' || kind === 'faint') sw.style.background = colour;
    else sw.style.borderColor = colour;
    li.append(sw, tx(key));
    ul.append(li);
  }
  return ul;
}

const cell = (r: HTMLTableRowElement, content: string | Node) => {
  const c = r.insertCell();
  c.append(content);
  return c;
};

// The table the charts are drawn from: one row a year.
function figuresTable(
  years: number[],
  production: Map<number, StatRow>,
  exports: Map<number, StatRow>,
  imports: Map<number, StatRow>,
): HTMLTableElement {
  const trade = exports.size + imports.size > 0;
  const table = el('table', 'dash-table');
  table.className = 'figures';
  const head = table.createTHead().insertRow();
  const cols: Key[] = ['year', 'col.carats', 'col.usd', 'col.usdPerCarat'];
  if (trade) cols.push('dash.exportsCarats', 'dash.exportsUsd', 'dash.importsCarats', 'dash.importsUsd');
  for (const h of cols) {
    const th = tr(el('th'), h);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const year of [...years].reverse()) {
    const r = body.insertRow();
    const th = el('th');
    th.scope = 'row';
    const p = production.get(year);
    th.append(String(year));
    if (p && !p.complete) th.append(' ', tx('dash.incomplete'));
    r.append(th);
    for (const m of ['carats', 'usd', 'usdPerCarat'] as const) cell(r, p ? figure(p, m) : '');
    if (!trade) continue;
    for (const t of [exports, imports]) {
      const row = t.get(year);
      cell(r, row ? figure(row, 'carats') : '');
      cell(r, row ? figure(row, 'usd') : '');
    }
  }
  return table;
}

function years(...lists: StatRow[][]): number[] {
  const all = lists.flat().map((r) => r.year);
  if (all.length === 0) return [];
  const out: number[] = [];
  for (let y = Math.min(...all); y <= Math.max(...all); ++y) out.push(y);
  return out;
}

const unit =
  (base: 'ct' | 'usd') =>
  (scale: number): Key =>
    `dash.unit.${base}${scale}` as Key;

let request = 0;

async function showParticipant(code: string, name: string, out: HTMLElement) {
  const mine = ++request;
  out.setAttribute('aria-busy', 'true');
  const [all, ex, im] = await Promise.all([
    allProduction(),
    allTrade('exports', code),
    allTrade('imports', code),
  ]);
  if (mine !== request) return;
  out.removeAttribute('aria-busy');
  const pick = (rows: StatRow[] | undefined, totals: StatRow[] | undefined) =>
    code === WORLD ? (totals ?? []) : (rows ?? []).filter((r) => r.participant === code);
  const production = pick(all?.rows, all?.totals);
  const exports = pick(ex?.rows, ex?.totals);
  const imports = pick(im?.rows, im?.totals);
  const span = years(production, exports, imports);
  // The captions name the participant, or the world (the dictionary's word, kept translated).
  const caption = (kind: 'Carats' | 'Usd' | 'UsdPerCarat' | 'Trade') =>
    code === WORLD ? tx(`dash.captionWorld${kind}`) : tx(`dash.caption${kind}`, { name });
  const parts: Node[] = [];
  if (production.length > 0) {
    parts.push(
      chart({
        id: 'chart-carats',
        kind: 'bar',
        years: span,
        series: [series('dash.production', COLOURS.production, production, 'carats')],
        caption: caption('Carats'),
        unit: unit('ct'),
        divisor: 100,
      }),
      chart({
        id: 'chart-usd',
        kind: 'bar',
        years: span,
        series: [series('dash.production', COLOURS.value, production, 'usd')],
        caption: caption('Usd'),
        unit: unit('usd'),
        divisor: 100,
      }),
      chart({
        id: 'chart-usd-per-carat',
        kind: 'line',
        years: span,
        series: [series('dash.production', COLOURS.unit, production, 'usdPerCarat')],
        caption: caption('UsdPerCarat'),
        unit: () => 'dash.unit.usdPerCarat',
        divisor: 1,
      }),
      legend([
        [COLOURS.production, 'dash.legendComplete', 'bar'],
        [COLOURS.production, 'dash.legendIncomplete', 'faint'],
        ['#555', 'dash.legendNil', 'dash'],
      ]),
    );
  } else {
    parts.push(tr(el('p'), 'dash.noProduction'));
  }
  if (exports.length + imports.length > 0) {
    const trade = chart({
      id: 'chart-trade',
      kind: 'bar',
      years: span,
      series: [
        series('stats.exports', COLOURS.exports, exports, 'carats'),
        series('stats.imports', COLOURS.imports, imports, 'carats'),
      ],
      caption: caption('Trade'),
      unit: unit('ct'),
      divisor: 100,
    });
    trade.append(
      legend([
        [COLOURS.exports, 'stats.exports', 'bar'],
        [COLOURS.imports, 'stats.imports', 'bar'],
        ['#555', 'dash.legendWithheld', 'ring'],
      ]),
    );
    parts.push(trade);
  } else {
    parts.push(tr(el('p'), 'dash.noTrade'));
  }
  const details = el('details', 'dash-table-box');
  const summary = tr(el('summary'), 'dash.tableSummary');
  summary.id = 'dash-table-summary';
  const byYear = (rows: StatRow[]) => new Map(rows.map((r) => [r.year, r]));
  const scroll = scrolling(figuresTable(span, byYear(production), byYear(exports), byYear(imports)), summary.id);
  details.append(summary, scroll, tr(el('p'), 'stats.note'));
  if (exports.length + imports.length > 0) details.append(tr(el('p'), 'stats.withheldNote'));
  parts.push(details);
  out.replaceChildren(...parts);
}

// --- anomaly findings, signed in ---
let findingsRequest = 0;

async function showFindings(code: string, name: string, out: HTMLElement) {
  const mine = ++findingsRequest;
  const { token, me } = dashboard;
  if (token === undefined || !me) {
    out.replaceChildren(tr(el('p'), 'dash.findingsSignIn'));
    return;
  }
  // Admins and officers read the shared computation (/v1/stats/anomalies, with the time it was
  // made); analysts and reviewers the working group's view of it (see api.ts).
  let answer: Answer<Findings>;
  if (me.role === 'admin' || me.role === 'officer') answer = await getAnomalies(token, code || undefined);
  else if (me.role === 'analyst' || me.role === 'reviewer')
    answer = await getGroupedFindings(token, code || undefined);
  else {
    out.replaceChildren();
    return;
  }
  if (mine !== findingsRequest) return;
  const title = code
    ? tr(el('h4', 'dash-findings-title'), 'dash.findingsFor', { name })
    : tr(el('h4', 'dash-findings-title'), 'dash.findingsAll');
  if (!answer.ok) {
    const p = el('p');
    plain(p, answer.problem.detail);
    out.replaceChildren(title, p);
    return;
  }
  const f = answer.body;
  const parts: Node[] = [title];
  if (f.computed_at) {
    // "2026-11-30T22:33:41Z" as "2026-11-30 22:33 UTC" (as sent: no time-zone arithmetic).
    const at = `${f.computed_at.slice(0, 10)} ${f.computed_at.slice(11, 16)} UTC`;
    const p = el('p', 'dash-findings-asof');
    p.append(tx('dash.asOf', { at }));
    if (f.up_to_date === false) p.append(' ', tx('dash.notUpToDate'));
    parts.push(p);
  }
  const shown = f.findings.slice(0, 20);
  if (shown.length === 0) {
    parts.push(tr(el('p'), 'dash.noFindings'));
    out.replaceChildren(...parts);
    return;
  }
  parts.push(tr(el('p'), 'dash.findingsShown', { shown: shown.length, total: f.total }));
  parts.push(findingsList(shown));
  out.replaceChildren(...parts);
}

// The findings, most severe first: each with its rule and period, what it says, the numbers it
// compared (label and value, as the server wrote them) and the threshold they crossed.
function findingsList(list: Finding[]): HTMLElement {
  const ol = el('ol', 'dash-findings-list');
  for (const f of [...list].sort((a, b) => b.severity - a.severity)) {
    const li = el('li');
    li.className = 'finding';
    li.dataset.finding = f.id;
    const head = el('p');
    head.className = 'finding-head';
    const severity = el('strong');
    severity.append(tx('dash.severity', { severity: f.severity }));
    head.append(severity, ` · ${f.rule} · ${f.period}`);
    if (f.state) {
      const key = `term.${f.state}`;
      head.append(' · ', isKey(key) ? tx(key) : f.state.replace(/[-_]/g, ' '));
    }
    const message = el('p');
    message.textContent = f.message;
    li.append(head, message);
    if ((f.compared ?? []).length > 0) {
      const table = el('table');
      table.className = 'compared';
      const caption = tr(el('caption'), 'dash.compared');
      table.append(caption);
      const body = table.createTBody();
      for (const c of f.compared) {
        const r = body.insertRow();
        const th = el('th');
        th.scope = 'row';
        th.textContent = c.label;
        r.append(th);
        cell(r, c.value);
      }
      li.append(table);
    }
    if (f.threshold) {
      const p = el('p');
      p.className = 'threshold';
      p.append(tx('dash.threshold'), ' ', f.threshold);
      li.append(p);
    }
    ol.append(li);
  }
  return ol;
}

// The dashboard in `box`: a participant (or the world) chosen, its charts, table and findings.
export async function showDashboard(box: HTMLElement) {
  const all = await allProduction();
  const [ex, im] = await Promise.all([allTrade('exports'), allTrade('imports')]);
  const names = new Map<string, string>();
  for (const r of [...(all?.rows ?? []), ...(ex?.rows ?? []), ...(im?.rows ?? [])])
    if (r.participant) names.set(r.participant, r.name);
  const select = el('select', 'dash-participant');
  const world = tr(el('option'), 'dash.world');
  world.value = WORLD;
  select.append(world);
  for (const [code, name] of [...names].sort((a, b) => a[1].localeCompare(b[1])))
    select.add(new Option(`${name} (${code})`, code));
  const label = el('label');
  label.append(tx('dash.participant'), ' ', select);
  const form = el('form', 'dash-form');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.append(label);
  const charts = el('div', 'dash-figures');
  const findings = el('div', 'dash-findings');
  const nameOf = (code: string) => (code ? (names.get(code) ?? code) : '');
  const show = () => {
    const code = select.value;
    // The world's name in the charts' captions: the dictionary's, in the page's language.
    const name = code ? nameOf(code) : (world.textContent ?? '');
    void showParticipant(code, name, charts);
    void showFindings(code, name, findings);
  };
  select.addEventListener('change', show);
  // Signed in as an officer: their own participant first.
  const own = () => dashboard.me?.participant;
  let chosen = false;
  select.addEventListener('change', () => (chosen = true));
  dashboard.events.addEventListener('signin', () => {
    const p = own();
    if (!chosen && p && names.has(p)) select.value = p;
    show();
  });
  const p = own();
  if (p && names.has(p)) select.value = p;
  box.removeAttribute('aria-busy');
  box.replaceChildren(form, charts, findings);
  show();
}
