// The statistics section (docs/STATISTICS.md): a year's tables (production as imported; exports
// and imports from the registry's certificates, with the figures that disclosure control
// withholds shown as withheld, never as 0), each with CSV and xlsx downloads; below them the
// dashboard, whose code is loaded only when it comes into view, so that the verification page's
// first load stays small: dashboard.ts (a participant or the world over time, charts.ts draws
// the charts; ranked anomaly findings once signed in) and worldmap.ts (the world map, with
// d3-geo and the Natural Earth atlas, in a chunk of its own).
import './dashboard.css';
import {
  getStatsTable,
  type Me,
  type StatFlow,
  type StatRow,
  type StatTable,
  statsPath,
} from './api';
import { amount } from './format';
import { type Key, tr, tx } from './i18n';
import { byId, el, scrolling } from './dom';

// What the dashboard's parts share: the year chosen, who is signed in, the whole production
// table (every participant and year, fetched once) and the certificate trade per year.
export const dashboard = {
  year: 0,
  token: undefined as string | undefined,
  me: undefined as Me | undefined,
  // "year" (the year chosen) and "signin" events.
  events: new EventTarget(),
};

let production: Promise<StatTable | undefined> | undefined;
// Every participant's production, every year (the world totals in `totals`).
export function allProduction(): Promise<StatTable | undefined> {
  production ??= getStatsTable('production', {}).then((a) => (a.ok ? a.body : undefined));
  return production;
}

const trade = new Map<string, Promise<StatTable | undefined>>();
// Certificate exports or imports, every year, of one participant ('' for all of them).
export function allTrade(flow: 'exports' | 'imports', participant = ''): Promise<StatTable | undefined> {
  const key = `${flow}/${participant}`;
  let p = trade.get(key);
  if (!p) {
    p = getStatsTable(flow, participant ? { participant } : {}).then((a) =>
      a.ok ? a.body : undefined,
    );
    trade.set(key, p);
  }
  return p;
}

// An amount, or why there is none: withheld (disclosure control), a nil report.
export function figure(row: StatRow, which: 'carats' | 'usd' | 'usdPerCarat'): string | Node {
  if (row.suppressed) {
    const s = tx('stats.withheld');
    s.className = 'withheld';
    return s;
  }
  if (row.nil) return which === 'carats' ? tx('stats.nil') : '';
  if (which === 'usdPerCarat') return row.usd_per_carat ?? '';
  const v = which === 'carats' ? row.carats_hundredths : row.value_usd_cents;
  return v === null ? '' : amount(v);
}

export const byName = (a: StatRow, b: StatRow) => a.name.localeCompare(b.name);

// The year's production table (#stats-table: as before the dashboard, tests read it).
function productionTable(rows: StatRow[], totals: StatRow[]): HTMLTableElement {
  const table = el('table', 'stats-table');
  const head = table.createTHead().insertRow();
  for (const h of ['col.participant', 'col.carats', 'col.usd', 'col.usdPerCarat'] as const)
    tr(head.insertCell(), h);
  const body = table.createTBody(); // without a tbody, insertRow would append to the thead
  const line = (row: StatRow) => {
    const r = body.insertRow();
    if (row.participant === null) r.className = 'total';
    const name = r.insertCell();
    if (row.complete) name.textContent = row.name;
    else tr(name, 'stats.incomplete', { name: row.name });
    r.insertCell().append(figure(row, 'carats'));
    r.insertCell().append(figure(row, 'usd'));
    r.insertCell().append(figure(row, 'usdPerCarat'));
  };
  [...rows].sort(byName).forEach(line);
  totals.forEach(line);
  return table;
}

// A table of certificate trade (#exports-table, #imports-table): certificates, carats, US$.
function tradeTable(flow: 'exports' | 'imports', t: StatTable): HTMLTableElement {
  const table = el('table', `${flow}-table`);
  table.className = 'figures';
  const head = table.createTHead().insertRow();
  const cols: Key[] = ['col.participant', 'stats.certificates', 'col.carats', 'col.usd', 'col.usdPerCarat'];
  for (const h of cols) {
    const th = tr(el('th'), h);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  const line = (row: StatRow) => {
    const r = body.insertRow();
    if (row.participant === null) r.className = 'total';
    // (No "(incomplete)" here: a quarter without certificates is not a missing report.)
    const name = el('th');
    name.scope = 'row';
    name.textContent = row.name;
    r.append(name);
    r.insertCell().textContent = row.certificates == null ? '' : String(row.certificates);
    r.insertCell().append(figure(row, 'carats'));
    r.insertCell().append(figure(row, 'usd'));
    r.insertCell().append(figure(row, 'usdPerCarat'));
  };
  [...t.rows].sort(byName).forEach(line);
  t.totals.forEach(line);
  return table;
}

// "Download the table as CSV or xlsx" for a flow and year.
function downloads(flow: StatFlow, year: number): HTMLElement {
  const p = el('p');
  p.className = 'downloads';
  const link = (format: 'csv' | 'xlsx') => {
    const a = el('a', `${flow}-${format}`);
    a.href = statsPath(flow, { year }, format);
    a.textContent = format === 'csv' ? 'CSV' : 'xlsx';
    return a;
  };
  p.append(tx('stats.download'), ' ', link('csv'), ' ', tx('or'), ' ', link('xlsx'), '.');
  return p;
}

// The latest request wins: an earlier answer arriving late is dropped.
let yearRequest = 0;

async function showYear(year: number) {
  const request = ++yearRequest;
  dashboard.year = year;
  dashboard.events.dispatchEvent(new Event('year'));
  byId<HTMLAnchorElement>('stats-csv').href = statsPath('production', { year }, 'csv');
  byId<HTMLAnchorElement>('stats-xlsx').href = statsPath('production', { year }, 'xlsx');
  const out = byId<HTMLDivElement>('stats-result');
  const tradeBox = byId<HTMLDivElement>('trade-result');
  tradeBox.setAttribute('aria-busy', 'true');
  const [all, exports, imports] = await Promise.all([
    allProduction(),
    getStatsTable('exports', { year }),
    getStatsTable('imports', { year }),
  ]);
  if (request !== yearRequest) return;
  tradeBox.removeAttribute('aria-busy');
  const rows = all?.rows.filter((r) => r.year === year) ?? [];
  const totals = all?.totals.filter((r) => r.year === year) ?? [];
  out.replaceChildren(
    rows.length === 0
      ? tr(el('p'), 'stats.noProduction', { year })
      : scrolling(productionTable(rows, totals)),
    tr(el('p'), 'stats.note'),
  );
  const parts: Node[] = [tr(el('h3', 'trade-title'), 'stats.tradeTitle', { year })];
  parts.push(tr(el('p'), 'stats.tradeIntro'));
  let any = false;
  for (const [flow, answer] of [
    ['exports', exports],
    ['imports', imports],
  ] as const) {
    parts.push(tr(el('h4'), flow === 'exports' ? 'stats.exports' : 'stats.imports'));
    if (!answer.ok) {
      const p = el('p');
      p.textContent = answer.problem.detail;
      parts.push(p);
    } else if (answer.body.rows.length === 0) {
      parts.push(tr(el('p'), 'stats.noTrade', { year }));
    } else {
      any = true;
      parts.push(scrolling(tradeTable(flow, answer.body)), downloads(flow, year));
    }
  }
  if (any) parts.push(tr(el('p'), 'stats.withheldNote'));
  tradeBox.replaceChildren(...parts);
  shown();
}

// Runs `load` once, when `target` comes near the window (or at once without an observer).
function whenSeen(target: Element, load: () => void) {
  if (!('IntersectionObserver' in window)) {
    load();
    return;
  }
  const seen = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      load();
    },
    { rootMargin: '200px' },
  );
  seen.observe(target);
}

function failed(box: HTMLElement) {
  box.removeAttribute('aria-busy');
  box.replaceChildren(tr(el('p'), 'dash.loadFailed'));
}

// The dashboard's frame: its parts load when seen.
function dashboardFrame(): HTMLElement {
  const section = el('section', 'dashboard');
  section.setAttribute('aria-labelledby', 'dashboard-title');
  const charts = el('div', 'dash-charts');
  const map = el('div', 'worldmap');
  for (const box of [charts, map]) box.setAttribute('aria-busy', 'true');
  section.append(
    tr(el('h3', 'dashboard-title'), 'dash.title'),
    tr(el('p'), 'dash.intro'),
    charts,
    tr(el('h3', 'worldmap-title'), 'map.title'),
    map,
  );
  // Watched once the year's tables are in place above them (before, the empty section would
  // be in view and load them with the page).
  void firstYear.then(() => {
    whenSeen(charts, () => {
      import('./dashboard').then((m) => m.showDashboard(charts)).catch(() => failed(charts));
    });
    whenSeen(map, () => {
      import('./worldmap').then((m) => m.showWorldMap(map)).catch(() => failed(map));
    });
  });
  return section;
}

let shown: () => void = () => undefined;
const firstYear = new Promise<void>((resolve) => (shown = resolve));

export async function initStatistics() {
  const result = byId<HTMLDivElement>('stats-result');
  const tradeBox = el('div', 'trade-result');
  result.after(tradeBox, dashboardFrame());
  const select = byId<HTMLSelectElement>('stats-year');
  const [all, exports, imports] = await Promise.all([
    allProduction(),
    allTrade('exports'),
    allTrade('imports'),
  ]);
  const produced = [...new Set((all?.totals ?? []).map((r) => r.year))];
  const traded = [...(exports?.totals ?? []), ...(imports?.totals ?? [])].map((r) => r.year);
  const years = [...new Set([...produced, ...traded])].sort((a, b) => b - a);
  for (const y of years) select.add(new Option(String(y), String(y)));
  // The latest year with production figures first (trade from certificates is more recent).
  const first = produced.length > 0 ? Math.max(...produced) : years[0];
  if (first !== undefined) {
    select.value = String(first);
    void showYear(first);
  } else {
    shown();
  }
  select.addEventListener('change', () => void showYear(Number(select.value)));
}

// Signed in (main.ts): the dashboard shows the findings its holder may see.
export function statsSignedIn(token: string, me: Me) {
  dashboard.token = token;
  dashboard.me = me;
  dashboard.events.dispatchEvent(new Event('signin'));
}
