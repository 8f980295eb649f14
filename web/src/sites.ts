// The map of mining sites and incident reports (docs/MONITORING.md), in a chunk of its own that
// main.ts loads when the map comes into view (or at sign-in for monitors and verifiers): the
// sites (GET /v1/sites) and the reports (GET /v1/incidents) the caller may see, drawn over the
// countries of world-atlas (Natural Earth 1:110m, shipped in the chunk as for the statistics' map:
// no tile server, no request leaves the server) with d3-geo, zoomed to the places shown. Filters
// (country, organisation, category, status, dates, site, which layers) apply to the points and to
// the two tables below the map, which list the same reports and sites for the keyboard and for
// screen readers. Choosing a point, or a row, shows its details as the API answers them for the
// caller: for the public, reviewed reports only, their places and the sites' displaced, never an
// identity; for a monitor, also its organisation's reports in full with their log receipts; for a
// verifier, every report, with a way to its review (verify-reports.ts).
//
// In parts, one chunk: sites-map.ts (the drawing), sites-details.ts (the tables and the details);
// with verify-reports.ts: monitor-view.ts, sites-strings.ts, monitor-api.ts.
import './sites.css';
import type { Me } from './api';
import { type Control, el, fieldMessage, mark } from './dom';
import { lang, plain } from './i18n';
import {
  CATEGORIES,
  CHANGED,
  getOrganisations,
  getReportList,
  getSiteList,
  type Organisation,
  type Report,
  type Site,
} from './monitor-api';
import { drawMap, mapFigure, type Place, placeKey } from './sites-map';
import { type Item, listTables, reportCard, siteCard, type View, type Viewer } from './sites-details';
import { country, countryName, type SitesKey, str, term } from './sites-strings';

// The report statuses.
const STATUSES = ['received', 'verified', 'disputed', 'referred', 'answered', 'resolved'];

// --- who is looking ---
interface Who {
  token: string;
  me: Me;
}
let who: Who | undefined;
const viewOf = (w: Who | undefined): View =>
  w?.me.role === 'monitor'
    ? 'monitor'
    : w?.me.role === 'verifier' || w?.me.role === 'admin'
      ? 'reviewer'
      : 'public';

let load: (() => Promise<void>) | undefined;

// Signed in (main.ts showWork): the map shows what the API shows its holder.
export function sitesSignedIn(token: string, me: Me) {
  who = { token, me };
  if (load) void load();
}

// The map, in `box` (#sites-map), built once.
export async function showSitesMap(box: HTMLElement) {
  if (load) return;
  load = build(box);
  document.addEventListener(CHANGED, () => void load?.());
  await load();
}

interface Filters {
  participant: string;
  organisation: string;
  category: string;
  status: string;
  from: string;
  to: string;
  site: string;
  reports: boolean;
  sites: boolean;
}

function option(value: string, label: SitesKey): HTMLOptionElement {
  const o = str(el('option'), label);
  o.value = value;
  return o;
}

function field(id: string, label: SitesKey, control: Control): HTMLElement {
  const box = el('div');
  box.className = 'field';
  const l = str(el('label'), label);
  l.htmlFor = id;
  box.append(l, control, fieldMessage(control));
  return box;
}

function checkbox(id: string, label: SitesKey): { box: HTMLElement; input: HTMLInputElement } {
  const box = el('div');
  box.className = 'field check';
  const input = el('input', id);
  input.type = 'checkbox';
  input.checked = input.defaultChecked = true;
  const l = str(el('label'), label);
  l.htmlFor = id;
  box.append(input, ' ', l);
  return { box, input };
}

function build(box: HTMLElement): () => Promise<void> {
  let sites: Site[] = [];
  let reports: Report[] = [];
  let organisations: Organisation[] = [];
  let places = new Map<string, Place>();
  let selected: { key?: string; item?: Item } | undefined;
  let request = 0;
  let preselected = false;

  // The frame.
  const title = str(el('h3', 'sites-title'), 'sites.title');
  const intro = el('p', 'sites-view');
  const form = el('form', 'sites-filters');
  form.setAttribute('aria-labelledby', 'sites-filters-title');
  const participant = el('select', 'sites-participant');
  const organisation = el('select', 'sites-organisation');
  const category = el('select', 'sites-category');
  category.append(option('', 'sites.any'));
  for (const c of CATEGORIES) {
    const o = term(el('option'), c);
    o.value = c;
    category.append(o);
  }
  const status = el('select', 'sites-status');
  const from = el('input', 'sites-from');
  from.type = 'date';
  const to = el('input', 'sites-to');
  to.type = 'date';
  const site = el('select', 'sites-site');
  const showReports = checkbox('sites-show-reports', 'sites.showReports');
  const showSites = checkbox('sites-show-sites', 'sites.showSites');
  const clear = str(el('button', 'sites-clear'), 'sites.clear');
  clear.type = 'reset';
  const siteNote = el('p', 'sites-site-note');
  siteNote.className = 'hint';
  form.append(
    str(el('h4', 'sites-filters-title'), 'sites.filters'),
    field('sites-participant', 'sites.country', participant),
    field('sites-organisation', 'sites.organisation', organisation),
    field('sites-category', 'sites.category', category),
    field('sites-status', 'sites.status', status),
    field('sites-from', 'sites.from', from),
    field('sites-to', 'sites.to', to),
    field('sites-site', 'sites.site', site),
    showReports.box,
    showSites.box,
    clear,
    siteNote,
  );
  const count = el('p', 'sites-count');
  count.setAttribute('role', 'status');

  const { figure, caption, root } = mapFigure();
  const detail = el('section', 'sites-detail');
  detail.setAttribute('aria-labelledby', 'sites-detail-title');
  const layout = el('div');
  layout.className = 'sites-layout';
  layout.append(figure, detail);
  const reportsBox = el('div', 'sites-reports');
  const sitesBox = el('div', 'sites-sites');
  box.replaceChildren(title, intro, form, count, layout, reportsBox, sitesBox);

  const chosen = (): Filters => ({
    participant: participant.value,
    organisation: organisation.value,
    category: category.value,
    status: status.value,
    from: from.value,
    to: to.value,
    site: site.value,
    reports: showReports.input.checked,
    sites: showSites.input.checked,
  });

  const matchReport = (r: Report, f: Filters) =>
    f.reports &&
    (!f.participant || r.participant === f.participant) &&
    (!f.organisation || r.organisation === f.organisation) &&
    (!f.category || r.category === f.category) &&
    (!f.status || r.status === f.status) &&
    (!f.from || r.occurred_on >= f.from) &&
    (!f.to || r.occurred_on <= f.to) &&
    (!f.site || r.site_code === f.site);
  const matchSite = (s: Site, f: Filters) =>
    f.sites &&
    (!f.participant || s.participant === f.participant) &&
    (!f.organisation || s.organisation === f.organisation) &&
    (!f.site || s.code === f.site);

  // A select's options, its choice kept when still offered.
  function fill(select: HTMLSelectElement, options: HTMLOptionElement[]) {
    const was = select.value;
    select.replaceChildren(option('', 'sites.any'), ...options);
    select.value = options.some((o) => o.value === was) ? was : '';
  }
  function fillSites() {
    const f = chosen();
    fill(
      site,
      sites
        .filter((s) => matchSite(s, { ...f, site: '', sites: true }))
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((s) => {
          const o = el('option');
          o.value = s.code;
          o.textContent = `${s.code} · ${s.name}`;
          return o;
        }),
    );
  }
  function fillOptions() {
    const codes = [...new Set([...sites.map((s) => s.participant), ...reports.map((r) => r.participant)])];
    codes.sort((a, b) => countryName(lang(), a).localeCompare(countryName(lang(), b)));
    fill(
      participant,
      codes.map((c) => {
        const o = country(el('option'), c);
        o.value = c;
        return o;
      }),
    );
    const orgs = new Map(organisations.map((o) => [o.code, o.name]));
    for (const r of reports) if (!orgs.has(r.organisation)) orgs.set(r.organisation, '');
    for (const s of sites) if (s.organisation && !orgs.has(s.organisation)) orgs.set(s.organisation, '');
    fill(
      organisation,
      [...orgs]
        .filter(([code]) => code)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, name]) => {
          const o = el('option');
          o.value = code;
          o.textContent = name ? `${code} (${name})` : code;
          return o;
        }),
    );
    const present = new Set(reports.map((r) => r.status));
    fill(
      status,
      STATUSES.filter((s) => present.has(s)).map((s) => {
        const o = term(el('option'), s);
        o.value = s;
        return o;
      }),
    );
    fillSites();
  }

  // --- the map and the tables ---
  function draw(shownReports: Report[], shownSites: Site[], f: Filters) {
    const shaded = new Set([...sites.map((s) => s.participant), ...reports.map((r) => r.participant)]);
    places = drawMap(root, shownReports, shownSites, f.participant, shaded, selected?.key);
    const onMap = (list: { location?: unknown }[]) => list.filter((x) => x.location).length;
    str(caption, 'sites.caption', { reports: onMap(shownReports), sites: onMap(shownSites) });
    listTables(reportsBox, sitesBox, shownReports, shownSites, f, (item) => choose(item, true));
  }

  // --- what the filters show ---
  function render() {
    const f = chosen();
    if (f.from && f.to && f.from > f.to) mark(to, { key: 'sites.badRange' });
    else mark(to);
    const shownReports = reports.filter((r) => matchReport(r, f));
    const shownSites = sites.filter((s) => matchSite(s, f));
    const unplaced = shownReports.filter((r) => !r.location).length;
    str(count, unplaced ? 'sites.countUnplaced' : 'sites.count', {
      reports: shownReports.length,
      sites: shownSites.length,
      unplaced,
    });
    // Reports that do not name their site (the public's: a site would give the place away).
    if (f.site && f.reports && !reports.some((r) => r.site_code)) str(siteNote, 'sites.siteHidden');
    else plain(siteNote, '');
    draw(shownReports, shownSites, f);
    // The details shown stay while what they show is still shown.
    const was = selected;
    const item = was?.item;
    const again: Item | undefined = !item
      ? undefined
      : 'report' in item
        ? ((r) => (r ? { report: r } : undefined))(shownReports.find((r) => r.id === item.report.id))
        : ((s) => (s ? { site: s } : undefined))(shownSites.find((s) => s.code === item.site.code));
    const place = was?.key ? places.get(was.key) : undefined;
    if (again) choose(again, false);
    else if (!item && place) showPlace(place, undefined, false);
    else clearDetail();
  }

  function clearDetail() {
    selected = undefined;
    detail.replaceChildren(str(el('h4', 'sites-detail-title'), 'sites.detailTitle'), str(el('p'), 'sites.detailNone'));
  }

  // --- details ---
  function choose(item: Item, focus: boolean) {
    const loc = 'report' in item ? item.report.location : item.site.location;
    const p = loc ? places.get(placeKey(loc)) : undefined;
    if (p) showPlace(p, item, focus);
    else {
      selected = { item };
      highlight(undefined);
      showItems([item], [], focus);
    }
  }
  function showPlace(p: Place, first: Item | undefined, focus: boolean) {
    selected = { key: p.key, item: first };
    highlight(p.key);
    const items: Item[] = [...p.reports.map((report) => ({ report })), ...p.sites.map((site) => ({ site }))];
    const same = (a: Item, b: Item) =>
      'report' in a ? 'report' in b && a.report.id === b.report.id : 'site' in b && a.site.code === b.site.code;
    if (first) {
      showItems([first], items.filter((i) => !same(i, first)), focus);
    } else {
      showItems(items, [], focus);
    }
  }
  function highlight(key: string | undefined) {
    for (const g of root.querySelectorAll<SVGGElement>('g.place')) g.classList.toggle('selected', g.dataset.key === key);
  }
  function showItems(items: Item[], others: Item[], focus: boolean) {
    const heading = str(el('h4', 'sites-detail-title'), 'sites.detailTitle');
    heading.tabIndex = -1;
    const parts: Node[] = [heading, ...items.map(card)];
    if (others.length) parts.push(str(el('h5'), 'sites.alsoHere'), ...others.map(card));
    detail.replaceChildren(...parts);
    if (focus) heading.focus();
  }
  function card(item: Item): HTMLElement {
    const v: Viewer = { token: who?.token, view: viewOf(who), reports, siteReports };
    return 'report' in item ? reportCard(item.report, v) : siteCard(item.site, v);
  }
  // A site's reports: the filters set to show them.
  function siteReports(code: string) {
    participant.value = '';
    organisation.value = '';
    fillSites();
    site.value = code;
    showReports.input.checked = true;
    render();
  }

  // --- events ---
  root.addEventListener('click', (e) => {
    const g = (e.target as Element).closest<SVGGElement>('g.place');
    const p = g?.dataset.key ? places.get(g.dataset.key) : undefined;
    if (p) showPlace(p, undefined, true);
  });
  form.addEventListener('change', (e) => {
    if (e.target === from || e.target === to) return; // (their input event)
    if (e.target === participant || e.target === organisation) fillSites();
    render();
  });
  form.addEventListener('input', (e) => {
    if (e.target === from || e.target === to) render();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('reset', () => {
    // After the form's own reset (it runs first: the fields' defaults).
    setTimeout(() => {
      fillSites();
      render();
    });
  });
  // What the page builds with t() (the points' titles) follows the page's language.
  new MutationObserver(() => {
    if (sites.length || reports.length) render();
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  clearDetail();
  box.setAttribute('aria-busy', 'true');

  return async () => {
    const mine = ++request;
    const token = who?.token;
    const view = viewOf(who);
    const [s, r, o] = await Promise.all([
      getSiteList(token).catch(() => undefined),
      getReportList(token).catch(() => undefined),
      getOrganisations().catch(() => undefined),
    ]);
    if (mine !== request) return;
    box.removeAttribute('aria-busy');
    str(intro, view === 'monitor' ? 'sites.viewMonitor' : view === 'reviewer' ? 'sites.viewReviewer' : 'sites.viewPublic');
    if (!s || !r) {
      str(count, 'sites.unreachable');
      return;
    }
    if (!s.ok || !r.ok) {
      plain(count, (!s.ok ? s.problem : !r.ok ? r.problem : undefined)?.detail ?? '');
      return;
    }
    sites = s.body;
    reports = r.body;
    organisations = o?.ok ? o.body : organisations;
    fillOptions();
    // A monitor sees its organisation's (GET /v1/me) reports in full: those first, once (a choice
    // they change).
    const own = who?.me.organisation;
    if (view === 'monitor' && !preselected && own) {
      organisation.value = own;
      fillSites();
      preselected = true;
    }
    render();
  };
}
