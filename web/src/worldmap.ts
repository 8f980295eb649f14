// The world map of the statistics dashboard (loaded by stats.ts, in a chunk of its own, when it
// comes into view): each country coloured by its production in the chosen year, in carats or US$.
// Country shapes: Natural Earth 1:110m (npm world-atlas, TopoJSON, shipped in this chunk: no
// request leaves the server), drawn with d3-geo (Equal Earth projection: areas are true).
// Countries are matched by ISO 3166 code (countries.ts); the EU is one KP participant, so its
// member states are coloured with the EU's figure (the legend says so). Hovering, tapping or
// focusing a country shows its figure; the keyboard moves from country to country with the arrow
// keys (one tab stop). The table above the dashboard gives every figure of the year.
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import atlas from 'world-atlas/countries-110m.json';
import type { StatRow } from './api';
import { svg } from './charts';
import { euMembers, NUMERIC } from './countries';
import { amount } from './format';
import { type Key, plain, t, tr, tx, type Vars } from './i18n';
import { allProduction, dashboard } from './stats';
import { el } from './dom';

const W = 960;
const H = 430;
// Sequential (ColorBrewer YlGnBu, 5 classes), then a nil report (hatched) and no figure.
const CLASSES = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
const NONE = '#d9d9d9';
const NIL = 'url(#map-nil)';

type Measure = 'carats' | 'usd';
const valueOf = (r: StatRow, m: Measure) => (m === 'carats' ? r.carats_hundredths : r.value_usd_cents);

// A figure as the map shows it: carats, US$ and US$/ct, exact.
const figures = (r: StatRow) =>
  `${amount(r.carats_hundredths ?? 0)} ct · US$ ${amount(r.value_usd_cents ?? 0)}` +
  (r.usd_per_carat ? ` · US$ ${r.usd_per_carat}/ct` : '');

// Rounds a class break (in hundredths) to two significant digits of whole units.
function roundBreak(hundredths: number): number {
  const units = hundredths / 100;
  if (units < 10) return Math.max(1, Math.round(units)) * 100;
  const p = 10 ** (Math.floor(Math.log10(units)) - 1);
  return Math.round(units / p) * p * 100;
}
const whole = (hundredths: number) => String(Math.round(hundredths / 100)).replace(/\B(?=(\d{3})+$)/g, ',');

// What a country shows in a year: its own row, else (a member state) the EU's.
interface Shown {
  row?: StatRow;
  eu: boolean; // the EU's figure, for a member state
}

export async function showWorldMap(box: HTMLElement) {
  const all = await allProduction();
  const countries = feature(atlas, atlas.objects.countries).features.filter((f) => f.id !== '010');
  const projection = geoEqualEarth().fitExtent(
    [
      [4, 4],
      [W - 4, H - 4],
    ],
    { type: 'FeatureCollection', features: countries },
  );
  const path = geoPath(projection).digits(1);
  const alpha2 = new Map(Object.entries(NUMERIC).map(([a, n]) => [n, a]));

  // The controls: carats or US$.
  const measure = el('fieldset', 'map-measure');
  measure.append(tr(el('legend'), 'map.colourBy'));
  const radios = (['carats', 'usd'] as const).map((m) => {
    const input = el('input', `map-${m}`);
    input.type = 'radio';
    input.name = 'map-measure';
    input.value = m;
    input.checked = m === 'carats';
    const label = el('label');
    label.append(input, ' ', tx(m === 'carats' ? 'col.carats' : 'col.usd'));
    measure.append(label, ' ');
    return input;
  });

  const figure = el('figure', 'map-figure');
  const caption = el('figcaption', 'map-caption');
  const frame = el('div');
  frame.className = 'map-frame';
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, id: 'map-svg', role: 'group' });
  root.setAttribute('aria-labelledby', 'map-caption');
  root.setAttribute('aria-describedby', 'map-help');
  const defs = svg('defs');
  const hatch = svg('pattern', {
    id: 'map-nil',
    width: 6,
    height: 6,
    patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)',
  });
  hatch.append(
    svg('rect', { width: 6, height: 6, fill: '#f2f2f2' }),
    svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#8c8c8c', 'stroke-width': 2 }),
  );
  defs.append(hatch);
  root.append(defs, svg('path', { d: path({ type: 'Sphere' }) ?? '', class: 'sphere' }));
  const group = svg('g', { class: 'countries' });
  const shapes = countries.map((c) => {
    const id = String(c.id ?? '');
    const p = svg('path', { d: path(c) ?? '', 'data-id': id });
    const code = alpha2.get(id);
    if (code) p.dataset.code = code;
    p.dataset.name = c.properties?.name ?? '';
    group.append(p);
    return p;
  });
  // The country under the pointer or focused, outlined above its neighbours.
  const outline = svg('path', { class: 'outline', d: '' });
  root.append(group, outline);
  const tip = el('div', 'map-tip');
  tip.className = 'map-tip';
  tip.hidden = true;
  frame.append(root, tip);
  const legend = el('ul', 'map-legend');
  legend.className = 'legend';
  const eu = el('p', 'map-eu');
  const small = el('p', 'map-small');
  const help = tr(el('p', 'map-help'), 'map.help');
  figure.append(caption, frame, legend, eu, small, help);
  box.removeAttribute('aria-busy');
  box.replaceChildren(measure, figure);

  // What each shape shows, for the year and measure chosen.
  let shown = new Map<SVGPathElement, Shown>();
  let order: SVGPathElement[] = []; // countries with a figure, by name: the arrow keys' order
  let current: SVGPathElement | undefined;

  // The words for a country: its name, then its figure or why there is none.
  const describe = (p: SVGPathElement): [Key, Vars] => {
    const s = shown.get(p);
    const year = dashboard.year;
    const country = s?.row && !s.eu ? s.row.name : (p.dataset.name ?? '');
    if (!s?.row) return ['map.none', { country, year }];
    if (s.eu) {
      const key: Key = s.row.nil ? 'map.euNil' : 'map.eu';
      return [key, { country, year, figures: figures(s.row) }];
    }
    if (s.row.nil) return ['map.nil', { country, year }];
    return [s.row.complete ? 'map.figure' : 'map.incomplete', { country, year, figures: figures(s.row) }];
  };
  const label = (p: SVGPathElement) => {
    if (!shown.get(p)?.row) return;
    const [key, vars] = describe(p);
    p.setAttribute('aria-label', t(key, vars));
  };

  const showTip = (p: SVGPathElement, at?: { x: number; y: number }) => {
    const [key, vars] = describe(p);
    tr(tip, key, vars);
    tip.hidden = false;
    outline.setAttribute('d', p.getAttribute('d') ?? '');
    const f = frame.getBoundingClientRect();
    let x: number;
    let y: number;
    if (at) {
      x = at.x - f.left;
      y = at.y - f.top;
    } else {
      const r = p.getBoundingClientRect();
      x = r.left + r.width / 2 - f.left;
      y = r.top + r.height / 2 - f.top;
    }
    // Beside the point, kept inside the frame.
    const w = tip.offsetWidth;
    tip.style.left = `${Math.max(0, Math.min(x + 12, f.width - w))}px`;
    tip.style.top = `${Math.max(0, y + 14)}px`;
  };
  const hideTip = () => {
    tip.hidden = true;
    outline.setAttribute('d', '');
  };

  const draw = () => {
    const year = dashboard.year;
    const m: Measure = radios[1].checked ? 'usd' : 'carats';
    const rows = (all?.rows ?? []).filter((r) => r.year === year);
    const byCode = new Map(rows.map((r) => [r.participant ?? '', r]));
    const euRow = byCode.get('EU');
    const members = new Set(euMembers(year));
    // Class breaks: quintiles of the participants' figures above zero, rounded.
    const values = rows
      .filter((r) => !r.nil && r.participant !== 'EU')
      .map((r) => valueOf(r, m) ?? 0)
      .filter((v) => v > 0)
      .sort((a, b) => a - b);
    const breaks: number[] = [];
    for (let k = 1; k < CLASSES.length; ++k) {
      if (values.length === 0) break;
      const b = roundBreak(values[Math.floor((k * values.length) / CLASSES.length)]);
      if (breaks.length === 0 || b > breaks[breaks.length - 1]) breaks.push(b);
    }
    const classOf = (v: number) => {
      let k = 0;
      while (k < breaks.length && v >= breaks[k]) ++k;
      // Spread fewer classes over the palette's range.
      return breaks.length === 0 ? CLASSES.length - 1 : Math.round((k * (CLASSES.length - 1)) / breaks.length);
    };
    shown = new Map();
    const drawn = new Set<string>();
    for (const p of shapes) {
      const code = p.dataset.code ?? '';
      let s: Shown = { eu: false };
      const own = byCode.get(code);
      if (own) s = { row: own, eu: false };
      else if (members.has(code) && euRow) s = { row: euRow, eu: true };
      shown.set(p, s);
      if (s.row && !s.eu) drawn.add(code);
      const fill = !s.row ? NONE : s.row.nil ? NIL : CLASSES[classOf(valueOf(s.row, m) ?? 0)];
      p.setAttribute('fill', fill);
      p.classList.toggle('has-figure', s.row !== undefined);
      if (s.row) {
        p.setAttribute('role', 'img');
        p.tabIndex = -1;
        label(p);
      } else {
        p.removeAttribute('role');
        p.removeAttribute('tabindex');
        p.removeAttribute('aria-label');
      }
    }
    order = shapes
      .filter((p) => shown.get(p)?.row)
      .sort((a, b) => (a.getAttribute('aria-label') ?? '').localeCompare(b.getAttribute('aria-label') ?? ''));
    if (!current || !order.includes(current)) current = order[0];
    if (current) current.tabIndex = 0;

    tr(caption, m === 'carats' ? 'map.captionCarats' : 'map.captionUsd', { year });
    // The legend: the classes' ranges (whole carats or US$), a nil report, no figure.
    const items: HTMLElement[] = [];
    const item = (fill: string, content: Node) => {
      const li = el('li');
      const sw = el('span');
      sw.className = fill === NIL ? 'swatch hatched' : 'swatch';
      sw.setAttribute('aria-hidden', 'true');
      if (fill !== NIL) sw.style.background = fill;
      li.append(sw, content);
      items.push(li);
    };
    const unit = m === 'carats' ? 'map.rangeCt' : 'map.rangeUsd';
    if (breaks.length > 0) {
      for (let k = 0; k <= breaks.length; ++k) {
        const colour = CLASSES[classOf(k === 0 ? 0 : breaks[k - 1])];
        if (k === 0) item(colour, tx(`${unit}Below`, { to: whole(breaks[0]) }));
        else if (k === breaks.length) item(colour, tx(`${unit}Above`, { from: whole(breaks[k - 1]) }));
        else item(colour, tx(unit, { from: whole(breaks[k - 1]), to: whole(breaks[k]) }));
      }
    }
    item(NIL, tx('map.legendNil'));
    item(NONE, tx('map.legendNone'));
    legend.replaceChildren(...items);
    if (euRow) tr(eu, 'map.euNote', { year, count: members.size });
    else plain(eu, '');
    // Participants with a figure too small for this map's scale (the table above lists them).
    const tooSmall = rows
      .filter((r) => r.participant && !drawn.has(r.participant) && r.participant !== 'EU')
      .map((r) => r.name)
      .sort();
    if (tooSmall.length > 0) tr(small, 'map.tooSmall', { names: tooSmall.join(', ') });
    else plain(small, '');
    hideTip();
  };

  // Pointer: hover shows, leaving hides; a tap (click) shows too.
  const target = (e: Event) => (e.target instanceof SVGPathElement && shown.has(e.target) ? e.target : undefined);
  root.addEventListener('pointermove', (e) => {
    const p = target(e);
    if (p) showTip(p, { x: e.clientX, y: e.clientY });
    else hideTip();
  });
  root.addEventListener('pointerleave', () => {
    if (!root.contains(document.activeElement)) hideTip();
  });
  root.addEventListener('click', (e) => {
    const p = target(e);
    if (p) showTip(p, { x: e.clientX, y: e.clientY });
  });
  // Keyboard: one tab stop; the arrow keys, Home and End move between countries with a figure.
  root.addEventListener('focusin', (e) => {
    const p = target(e);
    if (!p) return;
    if (current && current !== p) current.tabIndex = -1;
    current = p;
    p.tabIndex = 0;
    showTip(p);
  });
  root.addEventListener('focusout', () => hideTip());
  root.addEventListener('keydown', (e) => {
    if (!current || order.length === 0) return;
    const i = order.indexOf(current);
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? order[(i + 1) % order.length]
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? order[(i - 1 + order.length) % order.length]
          : e.key === 'Home'
            ? order[0]
            : e.key === 'End'
              ? order[order.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    next.focus();
  });

  for (const r of radios) r.addEventListener('change', draw);
  dashboard.events.addEventListener('year', draw);
  // The countries' names for screen readers follow the page's language.
  new MutationObserver(() => {
    for (const p of shapes) label(p);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  draw();
}
