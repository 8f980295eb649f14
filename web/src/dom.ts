// What every part of the page does with the DOM: find an element the HTML must hold, make one,
// and tie a form field to its message (aria-describedby) and mark it wrong or right.
import { type Key, plain, t, tr, type Vars } from './i18n';

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, id?: string) => {
  const e = document.createElement(tag);
  if (id) e.id = id;
  return e;
};

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

// A table (or what holds one) in a box of its own that scrolls sideways when it is wider than the
// window (a phone), so that the page itself never does. The box takes the keyboard's focus, so
// that it scrolls without a mouse (WCAG 2.1.1): a region named by `labelledBy`, else titled "scroll
// sideways". `wide`: as wide as the window allows, past the page's text (style.css .scroll).
export function scrolling(table: HTMLElement, labelledBy?: string, wide = false): HTMLDivElement {
  const d = el('div');
  d.className = wide ? 'scroll' : 'scroll-narrow';
  d.tabIndex = 0;
  if (labelledBy) {
    d.setAttribute('role', 'region');
    d.setAttribute('aria-labelledby', labelledBy);
  } else {
    d.dataset.i18nTitle = 'scroll.wide';
    d.title = t('scroll.wide');
  }
  d.append(table);
  return d;
}

// Saves `blob` as the file `name` (what the page fetched with the caller's rights: a link could
// not carry a token).
export function save(blob: Blob, name: string) {
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// Adds `id` to the elements that describe `c` (once).
export function describe(c: HTMLElement, id: string) {
  const d = c.getAttribute('aria-describedby');
  if (!d?.split(' ').includes(id)) c.setAttribute('aria-describedby', d ? `${d} ${id}` : id);
}

// The element that holds what is wrong with `c`, made the first time.
export function fieldMessage(c: Control): HTMLElement {
  const id = `${c.id}-error`;
  let m = document.getElementById(id);
  if (!m) {
    m = el('span', id);
    m.className = 'error bad';
    describe(c, id);
  }
  return m;
}

// Shows what is wrong with `c` (a dictionary key, or the server's own text), or nothing. The
// key's module types it (Key, or a lazily loaded part's keys added to the dictionary).
export function mark(c: Control, said?: { key: string; vars?: Vars } | string) {
  const m = fieldMessage(c);
  if (said === undefined) {
    c.removeAttribute('aria-invalid');
    m.textContent = '';
    delete m.dataset.i18n;
    return;
  }
  c.setAttribute('aria-invalid', 'true');
  if (typeof said === 'string') plain(m, said);
  else tr(m, said.key as Key, said.vars);
}
