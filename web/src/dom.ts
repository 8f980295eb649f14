// What every part of the page does with the DOM: find an element the HTML must hold, make one,
// and tie a form field to its message (aria-describedby) and mark it wrong or right.
import { type Key, plain, tr, type Vars } from './i18n';

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
