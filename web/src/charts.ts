// Small SVG charts for the statistics dashboard (dashboard.ts): bars (one or two series side by
// side) or a line, one value per year. No library: axes, bars and points drawn here. Each chart
// is a <figure> with a caption; every bar or point carries its exact figure (a <title>, shown on
// hover, and data-year/data-value), and the dashboard puts the table it is drawn from beside it.
// Amounts stay exact in the data (integer hundredths, strings); floating point only places them.
import { type Key, t, type Vars } from './i18n';

const SVG = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

// An SVG element showing key's text, kept in the page's language (applyStrings reads data-i18n).
export function svgText<E extends SVGElement>(e: E, key: Key, vars?: Vars): E {
  e.dataset.i18n = key;
  if (vars) e.dataset.i18nVars = JSON.stringify(vars);
  e.textContent = t(key, vars);
  return e;
}

// One year's point: its value for placing it (null: none to draw), what its <title> says, and
// what kind of point it is.
export interface Point {
  value: number | null;
  exact: string; // the exact figure, for data-value (hundredths, or US$/ct as sent)
  title: Key;
  vars: Vars;
  mark?: 'nil' | 'incomplete' | 'withheld';
}
export interface Series {
  name: Key; // in the legend
  colour: string;
  points: Map<number, Point>;
}
export interface ChartSpec {
  id: string;
  kind: 'bar' | 'line';
  years: number[]; // the x axis, oldest first, every year
  series: Series[];
  caption: Node;
  // The scale of the axis: 10^scale units (0, 3, 6 or 9) and the axis title for it.
  unit: (scale: number) => Key;
  divisor: number; // the value's units per displayed unit (100 for hundredths)
}

const W = 640;
const H = 210;
const M = { top: 22, right: 8, bottom: 24, left: 46 };

// A "nice" step (1, 2 or 5 times a power of ten) giving about four ticks up to max.
function niceStep(max: number): number {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

// A tick's number in the axis's scale, written the same in both languages.
function tickLabel(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export function chart(spec: ChartSpec): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.id = spec.id;
  const caption = document.createElement('figcaption');
  caption.id = `${spec.id}-caption`;
  caption.append(spec.caption);

  const values = spec.series.flatMap((s) => [...s.points.values()].map((p) => p.value ?? 0));
  const max = Math.max(0, ...values) / spec.divisor;
  const scale = max >= 1e9 ? 9 : max >= 1e6 ? 6 : max >= 1e4 ? 3 : 0;
  const inUnits = (v: number) => v / spec.divisor / 10 ** scale;
  const top = max > 0 ? max / 10 ** scale : 1;
  const step = niceStep(top);
  const yMax = Math.ceil(top / step) * step;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (units: number) => M.top + plotH - (units / yMax) * plotH;
  const band = plotW / Math.max(1, spec.years.length);
  const x = (year: number) => M.left + spec.years.indexOf(year) * band;

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
  root.setAttribute('aria-labelledby', caption.id);
  // Axis title, gridlines and ticks.
  root.append(svgText(svg('text', { x: 2, y: 12, class: 'axis-title' }), spec.unit(scale)));
  for (let v = 0; v <= yMax + step / 2; v += step) {
    const yy = y(v);
    root.append(
      svg('line', { x1: M.left, x2: W - M.right, y1: yy, y2: yy, class: v === 0 ? 'axis' : 'grid' }),
    );
    const label = svg('text', { x: M.left - 4, y: yy + 4, 'text-anchor': 'end' });
    label.textContent = tickLabel(v);
    root.append(label);
  }
  // Every year at the bottom when there is room, else every few years.
  const every = Math.ceil(spec.years.length / (plotW / 34));
  spec.years.forEach((year, i) => {
    if ((spec.years.length - 1 - i) % every !== 0) return;
    const label = svg('text', { x: x(year) + band / 2, y: H - 6, 'text-anchor': 'middle' });
    label.textContent = String(year);
    root.append(label);
  });

  const titled = <E extends SVGElement>(e: E, p: Point, year: number) => {
    e.dataset.year = String(year);
    e.dataset.value = p.exact;
    e.append(svgText(svg('title'), p.title, p.vars));
    return e;
  };
  const marker = (cx: number, p: Point, year: number, colour: string) => {
    // A withheld figure: an empty circle on the axis; a nil report: a dash on it.
    const e =
      p.mark === 'withheld'
        ? svg('circle', { cx, cy: y(0) - 4, r: 3.5, fill: '#fff', stroke: colour, 'stroke-width': 1.5 })
        : svg('rect', { x: cx - 5, y: y(0) - 2, width: 10, height: 2, fill: '#555' });
    e.classList.add(p.mark === 'withheld' ? 'withheld-mark' : 'nil-mark');
    root.append(titled(e, p, year));
  };

  if (spec.kind === 'bar') {
    const n = spec.series.length;
    const barW = (band * 0.76) / n;
    spec.series.forEach((s, k) => {
      for (const year of spec.years) {
        const p = s.points.get(year);
        if (!p) continue;
        const left = x(year) + band * 0.12 + k * barW;
        if (p.value === null || p.mark === 'nil') {
          marker(left + barW / 2, p, year, s.colour);
          continue;
        }
        const h = Math.max(0, y(0) - y(inUnits(p.value)));
        const bar = svg('rect', {
          x: left,
          y: y(0) - h,
          width: barW,
          height: h,
          fill: s.colour,
          class: 'bar',
        });
        if (p.mark === 'incomplete') bar.setAttribute('fill-opacity', '0.45');
        root.append(titled(bar, p, year));
      }
    });
  } else {
    for (const s of spec.series) {
      let d = '';
      let pen = 'M';
      for (const year of spec.years) {
        const p = s.points.get(year);
        if (!p || p.value === null) {
          pen = 'M';
          if (p) marker(x(year) + band / 2, p, year, s.colour);
          continue;
        }
        d += `${pen}${(x(year) + band / 2).toFixed(1)},${y(inUnits(p.value)).toFixed(1)}`;
        pen = 'L';
      }
      root.append(svg('path', { d, fill: 'none', stroke: s.colour, 'stroke-width': 2 }));
      for (const year of spec.years) {
        const p = s.points.get(year);
        if (!p || p.value === null) continue;
        const dot = svg('circle', {
          cx: x(year) + band / 2,
          cy: y(inUnits(p.value)),
          r: 3,
          fill: p.mark === 'incomplete' ? '#fff' : s.colour,
          stroke: s.colour,
          'stroke-width': 1.5,
          class: 'point',
        });
        root.append(titled(dot, p, year));
      }
    }
  }
  figure.append(caption, root);
  return figure;
}
