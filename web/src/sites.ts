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
import './sites.css';
import { geoBounds, geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import atlas from 'world-atlas/countries-110m.json';
import { getFile, type Me, SESSION } from './api';
import { svg } from './charts';
import { NUMERIC } from './countries';
import { type Control, el, fieldMessage, mark } from './dom';
import { lang, plain } from './i18n';
import {
  CHANGED,
  getHistory,
  getOrganisations,
  getReportList,
  getSiteList,
  getVisits,
  type Organisation,
  PUBLIC_STATUSES,
  type Report,
  reportReceiptPath,
  REVIEW,
  type Site,
} from './monitor-api';
import { country, countryName, type SitesKey, st, str, stx, term, termText } from './sites-strings';

// The incident categories (the XForm's, src/monitor/forms/incident.xml) and the report statuses.
const CATEGORIES = [
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
];
const STATUSES = ['received', 'verified', 'disputed', 'referred', 'answered', 'resolved'];

// --- who is looking ---
interface Who {
  token: string;
  me: Me;
}
let who: Who | undefined;
type View = 'public' | 'monitor' | 'reviewer';
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

// --- the map ---
const W = 640;
const H = 460;
// Africa, when nothing is shown.
const AFRICA: [[number, number], [number, number]] = [
  [-18, -35],
  [52, 37],
];

const countries = feature(atlas, atlas.objects.countries).features.filter((f) => f.id !== '010');
const ALPHA2 = new Map(Object.entries(NUMERIC).map(([a, n]) => [n, a]));
const byCode = new Map(
  countries.filter((c) => ALPHA2.has(String(c.id))).map((c) => [ALPHA2.get(String(c.id)) ?? '', c]),
);

interface Place {
  key: string;
  latitude: number;
  longitude: number;
  reports: Report[];
  sites: Site[];
}
type Item = { report: Report } | { site: Site };

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

const placeKey = (l: { latitude: number; longitude: number }) => `${l.latitude},${l.longitude}`;

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

  const figure = el('figure', 'sites-figure');
  const caption = el('figcaption', 'sites-caption');
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, id: 'sites-svg', role: 'img' });
  root.setAttribute('aria-labelledby', 'sites-caption');
  root.setAttribute('aria-describedby', 'sites-help');
  const legend = el('ul', 'sites-legend');
  legend.className = 'legend';
  const help = str(el('p', 'sites-help'), 'sites.help');
  help.className = 'hint';
  str(caption, 'sites.title'); // (its figures once the data is in)
  figure.append(caption, root, legend, help);
  const detail = el('section', 'sites-detail');
  detail.setAttribute('aria-labelledby', 'sites-detail-title');
  const layout = el('div');
  layout.className = 'sites-layout';
  layout.append(figure, detail);
  const reportsBox = el('div', 'sites-reports');
  const sitesBox = el('div', 'sites-sites');
  box.replaceChildren(title, intro, form, count, layout, reportsBox, sitesBox);

  // The legend: shapes and colours, said in words too.
  const swatch = (cls: string) => {
    const s = el('span');
    s.className = `swatch ${cls}`;
    s.setAttribute('aria-hidden', 'true');
    return s;
  };
  for (const [cls, key] of [
    ['site-mark', 'sites.legendSite'],
    ['report-mark', 'sites.legendReport'],
    ['ring unreviewed-mark', 'sites.legendUnreviewed'],
  ] as [string, SitesKey][]) {
    const li = el('li');
    li.append(swatch(cls), stx(key));
    legend.append(li);
  }
  const many = el('li');
  many.append(stx('sites.legendCount'));
  legend.append(many);

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

  // --- drawing ---
  function draw(shownReports: Report[], shownSites: Site[], f: Filters) {
    places = new Map();
    const at = (l: { latitude: number; longitude: number }) => {
      const key = placeKey(l);
      let p = places.get(key);
      if (!p) {
        p = { key, latitude: l.latitude, longitude: l.longitude, reports: [], sites: [] };
        places.set(key, p);
      }
      return p;
    };
    for (const r of shownReports) if (r.location) at(r.location).reports.push(r);
    for (const s of shownSites) if (s.location) at(s.location).sites.push(s);

    // The area that holds the points (a country chosen and nothing in it: the country), with a
    // margin, at least a degree and a half across.
    let [[x0, y0], [x1, y1]] = AFRICA;
    const all = [...places.values()];
    const shape = f.participant ? byCode.get(f.participant) : undefined;
    if (all.length > 0) {
      x0 = Math.min(...all.map((p) => p.longitude));
      x1 = Math.max(...all.map((p) => p.longitude));
      y0 = Math.min(...all.map((p) => p.latitude));
      y1 = Math.max(...all.map((p) => p.latitude));
    } else if (shape) {
      [[x0, y0], [x1, y1]] = geoBounds(shape);
    }
    const grow = (lo: number, hi: number) => {
      const span = Math.max(1.5, (hi - lo) * 1.2);
      const mid = (lo + hi) / 2;
      return [mid - span / 2, mid + span / 2];
    };
    [x0, x1] = grow(x0, x1);
    [y0, y1] = grow(y0, y1);
    const projection = geoMercator()
      .fitExtent(
        [
          [24, 24],
          [W - 24, H - 24],
        ],
        {
          type: 'MultiPoint',
          coordinates: [
            [x0, y0],
            [x1, y1],
          ],
        },
      )
      .clipExtent([
        [0, 0],
        [W, H],
      ]);
    const path = geoPath(projection).digits(1);

    // Sizes follow the drawing's scale, so that points stay big enough to tap on a phone and
    // names to read.
    const k = Math.min(2.2, Math.max(1, W / Math.max(200, root.getBoundingClientRect().width || W)));
    // Countries: those of the reports and sites shaded, the KP participants in view named.
    const withData = new Set([...sites.map((s) => s.participant), ...reports.map((r) => r.participant)]);
    const land = svg('g', { class: 'land' });
    const labels = svg('g', { class: 'labels' });
    const named: { code: string; area: number; x: number; y: number }[] = [];
    for (const c of countries) {
      const d = path(c);
      if (!d) continue;
      const code = ALPHA2.get(String(c.id));
      const p = svg('path', { d });
      if (code && withData.has(code)) p.setAttribute('class', 'has-data');
      land.append(p);
      const area = path.area(c);
      if (!code || area < 2500) continue;
      const [x, y] = path.centroid(c);
      if (x > 30 && x < W - 30 && y > 12 && y < H - 8) named.push({ code, area, x, y });
    }
    // The largest first; a name that would overlap one already placed is left out.
    const size = 11 * k;
    const placed: [number, number, number, number][] = [];
    for (const n of named.sort((a, b) => b.area - a.area)) {
      const text = country(svg('text', { x: n.x.toFixed(1), y: n.y.toFixed(1), class: 'label', 'font-size': size.toFixed(1) }), n.code);
      const half = ((text.textContent ?? '').length * size * 0.3);
      const box: [number, number, number, number] = [n.x - half, n.y - size, n.x + half, n.y + size * 0.3];
      if (placed.some((o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])) continue;
      placed.push(box);
      labels.append(text);
    }

    // The points: a diamond where there is a site, a circle for reports (a ring when none of
    // them is reviewed yet), their number when more than one.
    const marks = svg('g', { class: 'places' });
    const ordered = all.sort((a, b) => a.reports.length - b.reports.length);
    for (const p of ordered) {
      const xy = projection([p.longitude, p.latitude]);
      if (!xy) continue;
      const g = svg('g', {
        class: 'place',
        transform: `translate(${xy[0].toFixed(1)} ${xy[1].toFixed(1)})`,
      });
      g.dataset.key = p.key;
      if (p.reports.length) g.dataset.reports = p.reports.map((r) => r.id).join(' ');
      if (p.sites.length) g.dataset.sites = p.sites.map((s) => s.code).join(' ');
      const words: string[] = [];
      if (p.sites.length) {
        const s = 6 * k;
        g.append(svg('rect', { x: -s, y: -s, width: 2 * s, height: 2 * s, transform: 'rotate(45)', class: 'site' }));
        words.push(...p.sites.map((s) => st('sites.siteTitle', { code: s.code, name: s.name })));
      }
      if (p.reports.length) {
        const reviewed = p.reports.some((r) => PUBLIC_STATUSES.has(r.status));
        const r = (5 + Math.min(5, 2 * Math.sqrt(p.reports.length - 1))) * k;
        g.append(svg('circle', { r: r.toFixed(1), class: reviewed ? 'report' : 'report unreviewed' }));
        if (p.reports.length > 1) {
          const n = svg('text', { class: reviewed ? 'count' : 'count unreviewed', 'font-size': (9 * k).toFixed(1) });
          n.textContent = String(p.reports.length);
          g.append(n);
        }
        words.unshift(st('sites.reportsTitle', { count: p.reports.length, ids: p.reports.map((x) => x.id).join(', ') }));
      }
      const tip = svg('title');
      tip.textContent = words.join('\n');
      g.prepend(tip);
      if (selected?.key === p.key) g.classList.add('selected');
      marks.append(g);
    }
    root.replaceChildren(svg('rect', { width: W, height: H, class: 'sea' }), land, labels, marks);
    const onMap = (list: { location?: unknown }[]) => list.filter((x) => x.location).length;
    str(caption, 'sites.caption', { reports: onMap(shownReports), sites: onMap(shownSites) });
  }

  // --- the tables ---
  function table(id: string, headers: SitesKey[], rows: (string | Node)[][], keys: [string, string][]) {
    const t = el('table', id);
    const head = t.createTHead().insertRow();
    for (const h of headers) {
      const th = str(el('th'), h);
      th.scope = 'col';
      head.append(th);
    }
    const body = t.createTBody();
    rows.forEach((row, i) => {
      const r = body.insertRow();
      r.dataset[keys[i][0]] = keys[i][1];
      row.forEach((v, j) => {
        if (j === 0) {
          const th = el('th');
          th.scope = 'row';
          th.append(v);
          r.append(th);
        } else {
          r.insertCell().append(v);
        }
      });
    });
    const scroll = el('div');
    scroll.className = 'scroll-narrow';
    scroll.tabIndex = 0;
    scroll.setAttribute('role', 'region');
    scroll.setAttribute('aria-labelledby', `${id}-title`);
    scroll.append(t);
    return scroll;
  }
  const LIMIT = 200;
  function tables(shownReports: Report[], shownSites: Site[], f: Filters) {
    const show = (item: Item, label: Node) => {
      const b = el('button');
      b.type = 'button';
      b.append(label);
      b.addEventListener('click', () => choose(item, true));
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
    const reportParts: Node[] = [str(el('h4', 'sites-reports-table-title'), 'sites.reportsTable', { count: shownReports.length })];
    if (!f.reports) reportParts.push(str(el('p'), 'sites.reportsHidden'));
    else if (shownReports.length === 0) reportParts.push(str(el('p'), 'sites.noReports'));
    else
      reportParts.push(
        table(
          'sites-reports-table',
          ['sites.colReport', 'sites.colHappened', 'sites.category', 'sites.status', 'sites.country', 'sites.colArea', 'sites.organisation', 'sites.colPlace'],
          reportRows,
          newest.slice(0, LIMIT).map((r) => ['report', String(r.id)]),
        ),
      );
    if (shownReports.length > LIMIT) reportParts.push(str(el('p'), 'sites.limited', { shown: LIMIT, count: shownReports.length }));
    reportsBox.replaceChildren(...reportParts);

    const ordered = [...shownSites].sort((a, b) => a.code.localeCompare(b.code));
    const siteParts: Node[] = [str(el('h4', 'sites-sites-table-title'), 'sites.sitesTable', { count: shownSites.length })];
    if (!f.sites) siteParts.push(str(el('p'), 'sites.sitesHidden'));
    else if (shownSites.length === 0) siteParts.push(str(el('p'), 'sites.noSites'));
    else
      siteParts.push(
        table(
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
    if (shownSites.length > LIMIT) siteParts.push(str(el('p'), 'sites.limited', { shown: LIMIT, count: shownSites.length }));
    sitesBox.replaceChildren(...siteParts);
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
    tables(shownReports, shownSites, f);
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
    return 'report' in item ? reportCard(item.report) : siteCard(item.site);
  }

  function facts() {
    const dl = el('dl');
    const add = (key: SitesKey, ...value: (string | Node)[]) => {
      const dd = el('dd');
      dd.append(...value);
      dl.append(str(el('dt'), key), dd);
      return dd;
    };
    return { dl, add };
  }

  function reportCard(r: Report): HTMLElement {
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
      add('sites.receipt', receiptButton(r.id));
    }
    const history = el('ol');
    history.className = 'history';
    add('sites.history', history).setAttribute('aria-busy', 'true');
    void getHistory(r.id, who?.token)
      .then((a) => {
        history.parentElement?.removeAttribute('aria-busy');
        if (!a.ok) return void plain(history, a.problem.detail);
        history.replaceChildren(
          ...a.body.map((c) => {
            const li = el('li');
            li.append(termText(c.status), ` · ${c.at}`);
            if (c.actor) li.append(` · ${c.actor}`);
            if (c.reason) li.append(`: ${c.reason}`);
            return li;
          }),
        );
      })
      .catch(() => undefined);
    box.append(h, dl);
    if (viewOf(who) === 'reviewer') {
      const review = str(el('button'), 'sites.review', { id: r.id });
      review.type = 'button';
      review.dataset.action = 'review';
      review.addEventListener('click', () => document.dispatchEvent(new CustomEvent(REVIEW, { detail: r.id })));
      box.append(review);
    }
    return box;
  }

  // The report's log receipts, downloaded with the caller's credentials (a link could not carry a
  // token); a refusal (not in the log yet) shown beside the button.
  function receiptButton(id: number): HTMLElement {
    const span = el('span');
    const b = str(el('button'), 'sites.downloadReceipt');
    b.type = 'button';
    b.dataset.action = 'receipt';
    const out = el('span');
    out.setAttribute('role', 'status');
    b.addEventListener('click', async () => {
      const file = await getFile(who?.token ?? SESSION, reportReceiptPath(id)).catch(() => undefined);
      if (!file) return void str(out, 'sites.unreachable');
      if (!file.ok) return void plain(out, ` ${file.problem.detail}`);
      plain(out, '');
      const a = el('a');
      a.href = URL.createObjectURL(file.body);
      a.download = `report-${id}-receipt.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });
    span.append(b, ' ', out);
    return span;
  }

  function siteCard(s: Site): HTMLElement {
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
      const exact = viewOf(who) !== 'public';
      add('sites.colPlace', `${s.location.latitude}, ${s.location.longitude}`, ' ', stx(exact ? 'sites.exact' : 'sites.displaced'));
    }
    if (s.organisation) add('sites.organisation', s.organisation);
    if (s.source) add('sites.source', s.source);
    // Its reports, when the caller sees which site a report names.
    const here = reports.filter((r) => r.site_code === s.code);
    if (here.length > 0) {
      const b = str(el('button'), 'sites.siteReports', { count: here.length });
      b.type = 'button';
      b.addEventListener('click', () => {
        participant.value = '';
        organisation.value = '';
        fillSites();
        site.value = s.code;
        showReports.input.checked = true;
        render();
      });
      add('sites.reportsHere', b);
    }
    const visits = add('sites.visits', '');
    visits.setAttribute('aria-busy', 'true');
    void getVisits(s.code, who?.token)
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
    // A monitor sees its organisation's reports in full: those first, once (a choice they change).
    if (view === 'monitor' && !preselected) {
      const own = [...new Set(reports.filter((x) => x.instance_id !== undefined).map((x) => x.organisation))];
      if (own.length === 1) {
        organisation.value = own[0];
        fillSites();
        preselected = true;
      }
    }
    render();
  };
}
