// The map of the mining sites and incident reports (sites.ts): the countries of world-atlas
// (Natural Earth 1:110m, shipped in the chunk: no tile server, no request leaves the server) drawn
// with d3-geo, zoomed to the places shown, and the places as points (a diamond where there is a
// site, a circle for reports), with their legend.
import { geoBounds, geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import atlas from 'world-atlas/countries-110m.json';
import { svg } from './charts';
import { NUMERIC } from './countries';
import { el } from './dom';
import { PUBLIC_STATUSES, type Report, type Site } from './monitor-api';
import { country, type SitesKey, st, str, stx } from './sites-strings';

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

// The reports and sites at one place (a point of the map).
export interface Place {
  key: string;
  latitude: number;
  longitude: number;
  reports: Report[];
  sites: Site[];
}
export const placeKey = (l: { latitude: number; longitude: number }) => `${l.latitude},${l.longitude}`;

// The figure: its caption (the figures once the data is in), the drawing (#sites-svg), the legend
// (shapes and colours, said in words too) and how to use it.
export function mapFigure() {
  const figure = el('figure', 'sites-figure');
  const caption = el('figcaption', 'sites-caption');
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, id: 'sites-svg', role: 'img' });
  root.setAttribute('aria-labelledby', 'sites-caption');
  root.setAttribute('aria-describedby', 'sites-help');
  const legend = el('ul', 'sites-legend');
  legend.className = 'legend';
  const help = str(el('p', 'sites-help'), 'sites.help');
  help.className = 'hint';
  str(caption, 'sites.title');
  figure.append(caption, root, legend, help);
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
  return { figure, caption, root };
}

// Draws the reports and sites shown (those with a place) in `root`, over the countries, those of
// `shaded` shaded; zoomed to them (or to the country `participant` when none is in it); the place
// `selectedKey` marked. Its places, by key.
export function drawMap(
  root: SVGSVGElement,
  shownReports: Report[],
  shownSites: Site[],
  participant: string,
  shaded: Set<string>,
  selectedKey: string | undefined,
): Map<string, Place> {
  const places = new Map<string, Place>();
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
  const shape = participant ? byCode.get(participant) : undefined;
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
  // Countries: those of `shaded` (where there are reports or sites), the KP participants in view
  // named.
  const land = svg('g', { class: 'land' });
  const labels = svg('g', { class: 'labels' });
  const named: { code: string; area: number; x: number; y: number }[] = [];
  for (const c of countries) {
    const d = path(c);
    if (!d) continue;
    const code = ALPHA2.get(String(c.id));
    const p = svg('path', { d });
    if (code && shaded.has(code)) p.setAttribute('class', 'has-data');
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
    if (selectedKey === p.key) g.classList.add('selected');
    marks.append(g);
  }
  root.replaceChildren(svg('rect', { width: W, height: H, class: 'sea' }), land, labels, marks);
  return places;
}
