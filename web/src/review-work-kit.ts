// What the parts of the working group's and the reviewers' work (review-work.ts) are built with:
// their texts (review-work-strings.ts, added to the page's dictionary, and the page's own), who is
// signed in, tables, headings, buttons, status messages, and forms whose fields are named as the
// API names them, so that a refusal's `field` is marked beside that field.
import type { Answer, Me, Problem } from './api';
import { addStrings, isKey, type Key, plain, tr, type Vars } from './i18n';
import { type Control, describe, el, fieldMessage, mark, scrolling } from './dom';
import { type WorkKey, workStrings } from './review-work-strings';

addStrings(workStrings);

// --- the texts: this part's dictionary (review-work-strings.ts) and the page's ---
export type AnyKey = WorkKey | Key;
export const wtr = <E extends HTMLElement>(e: E, key: AnyKey, vars?: Vars): E => tr(e, key as Key, vars);
export const wtx = (key: AnyKey, vars?: Vars) => wtr(el('span'), key, vars);
// A value of the API (a state, a stage, a response...): its translation when there is one.
export function term(value: string | null | undefined): Node | string {
  if (!value) return '';
  for (const key of [`term.${value}`, `work.v.${value}`]) if (isKey(key)) return wtx(key);
  return value.replace(/[-_]/g, ' ');
}
export const day = (at: string | null | undefined) => (at ?? '').slice(0, 10);
export const daysAhead = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
// What was said after a change, shown when the part is drawn again.
export type Said = [AnyKey, Vars?];

// Who is signed in, and what the rest of the page redraws after a change.
export interface Hooks {
  questionnaires: () => Promise<void>;
}
export const work: { token: string; user: Me; hooks: Hooks } = {
  token: '',
  user: { id: 0, name: '', role: '', participant: null },
  hooks: { questionnaires: async () => undefined },
};
export const analyst = () => work.user.role === 'analyst' || work.user.role === 'admin';

// --- building blocks ---
export type Cell = string | Node | (string | Node)[];
export function table(id: string, headers: (AnyKey | '')[], rows: Cell[][]): HTMLTableElement {
  const tbl = el('table', id);
  const head = tbl.createTHead().insertRow();
  for (const h of headers) {
    const th = el('th');
    th.scope = 'col';
    if (h) wtr(th, h);
    head.append(th);
  }
  const body = tbl.createTBody();
  for (const row of rows) {
    const r = body.insertRow();
    for (const v of row) r.insertCell().append(...(Array.isArray(v) ? v : [v]));
  }
  return tbl;
}
// A table in a box that scrolls sideways on a phone (dom.ts scrolling).
export const scrolled = (...args: Parameters<typeof table>) => scrolling(table(...args));
export function heading(level: 'h3' | 'h4', key: AnyKey, vars?: Vars, id?: string) {
  return wtr(el(level, id), key, vars);
}
export function para(...parts: (string | Node)[]) {
  const p = el('p');
  p.append(...parts);
  return p;
}
export function button(key: AnyKey, vars?: Vars): HTMLButtonElement {
  const b = wtr(el('button'), key, vars);
  b.type = 'button';
  return b;
}
// A row's button named by its own text and the row's name ("Open 3"), in the page's language.
export function named(b: HTMLButtonElement, cell: HTMLTableCellElement, id: string) {
  b.id ||= `${id}-button`;
  cell.id ||= `${id}-name`;
  b.setAttribute('aria-labelledby', `${b.id} ${cell.id}`);
}
// A button in each row of `tbl` (in column `column`), named with the cell of column `name`.
export function rowButtons<T>(
  tbl: HTMLTableElement,
  list: T[],
  column: number,
  name: number,
  make: (x: T) => [HTMLButtonElement, string],
) {
  list.forEach((x, i) => {
    const row = tbl.tBodies[0].rows[i];
    const [b, id] = make(x);
    row.cells[column].append(b);
    named(b, row.cells[name], id);
  });
}
export function statusBox(id: string): HTMLDivElement {
  const s = el('div', id);
  s.setAttribute('role', 'status');
  s.className = 'work-status';
  return s;
}
export function say(out: HTMLElement, key: AnyKey, vars?: Vars) {
  out.className = 'work-status ok';
  wtr(out, key, vars);
}
// A status box (#`id`) that says `said`, when there is something to say.
export function saying(id: string, said?: Said): HTMLDivElement {
  const s = statusBox(id);
  if (said) say(s, ...said);
  return s;
}
export function problemIn(out: HTMLElement, p: Problem) {
  out.className = 'work-status bad';
  plain(out, p.detail);
}
// What to show in `out`: the answer's body; or nothing, with the API's refusal said in `out`
// (nothing at all when the server could not be reached).
export function shown<T>(out: HTMLElement, got: Answer<T> | undefined): T | undefined {
  if (!got) return undefined;
  if (!got.ok) return void problemIn(out, got.problem);
  out.className = '';
  return got.body;
}
// An answer, or nothing when the server could not be reached (said in `out`).
export async function reach<T>(out: HTMLElement, request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch {
    out.className = 'work-status bad';
    wtr(out, 'session.unreachable');
    return undefined;
  }
}

// --- forms: fields named as the API names them, so that a refusal's `field` is marked ---
export interface FieldSpec {
  name: string;
  label: AnyKey;
  labelVars?: Vars;
  kind?: 'text' | 'textarea' | 'date' | 'select' | 'checkbox' | 'file' | 'number';
  options?: [string, AnyKey | string][];
  required?: boolean;
  value?: string;
  hint?: AnyKey;
}
export interface Built {
  form: HTMLFormElement;
  controls: Record<string, Control>;
  out: HTMLDivElement;
  value: (name: string) => string;
}
function control(id: string, f: FieldSpec): Control {
  if (f.kind === 'textarea') {
    const a = el('textarea', id);
    a.rows = 3;
    if (f.value) a.value = f.value;
    return a;
  }
  if (f.kind === 'select') {
    const s = el('select', id);
    for (const [value, label] of f.options ?? []) {
      const o = isKey(label) ? wtr(el('option'), label) : Object.assign(el('option'), { textContent: label });
      o.value = value;
      s.append(o);
    }
    if (f.value !== undefined) s.value = f.value;
    return s;
  }
  const i = el('input', id);
  i.type = f.kind ?? 'text';
  if (f.kind === 'checkbox') i.checked = f.value === 'true';
  else if (f.value !== undefined) i.value = f.value;
  if (f.kind === 'number') {
    i.type = 'text';
    i.inputMode = 'numeric';
  }
  i.autocomplete = 'off';
  return i;
}
// The fields of `fields`, each in its box (label, control, hint, message) appended to `to`; their
// controls by name.
export function fieldsIn(to: HTMLElement, prefix: string, fields: FieldSpec[]): Record<string, Control> {
  const controls: Record<string, Control> = {};
  for (const f of fields) {
    const c = control(`${prefix}-${f.name}`, f);
    controls[f.name] = c;
    const box = el('div');
    box.className = f.kind === 'checkbox' ? 'field check' : 'field';
    const l = wtr(el('label'), f.label, f.labelVars);
    l.htmlFor = c.id;
    if (f.kind === 'checkbox') box.append(c, ' ', l);
    else box.append(l, c);
    if (f.hint) {
      const h = wtr(el('span', `${c.id}-hint`), f.hint);
      h.className = 'hint';
      describe(c, h.id);
      box.append(h);
    }
    if (f.required) c.setAttribute('aria-required', 'true');
    box.append(fieldMessage(c));
    to.append(box);
  }
  return controls;
}
export function buildForm(
  id: string,
  title: HTMLElement | undefined,
  fields: FieldSpec[],
  submit: AnyKey,
  send: (b: Built) => Promise<Answer<unknown>> | undefined,
  done: (body: unknown, b: Built) => void | Promise<void>,
): Built {
  const form = el('form', id);
  form.noValidate = true;
  form.className = 'work-form';
  if (title) {
    title.id ||= `${id}-title`;
    form.setAttribute('aria-labelledby', title.id);
    form.append(title);
  }
  const controls = fieldsIn(form, id, fields);
  const go = button(submit);
  go.type = 'submit';
  const out = statusBox(`${id}-status`);
  form.append(go, out);
  const built: Built = {
    form,
    controls,
    out,
    value: (name) => {
      const c = controls[name];
      return c instanceof HTMLInputElement && c.type === 'checkbox' ? String(c.checked) : (c?.value.trim() ?? '');
    },
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    out.textContent = '';
    out.className = 'work-status';
    for (const c of Object.values(controls)) mark(c);
    for (const f of fields) {
      if (f.required && !built.value(f.name)) mark(controls[f.name], { key: 'work.required' });
    }
    const wrong = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (wrong) return wrong.focus();
    const request = send(built);
    if (!request) return form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    go.disabled = true;
    const answer = await reach(out, request);
    go.disabled = false;
    if (!answer) return;
    if (!answer.ok) {
      problemIn(out, answer.problem);
      const target = controls[answer.problem.field ?? ''];
      if (target) {
        mark(target, answer.problem.detail);
        target.focus();
      }
      return;
    }
    await done(answer.body, built);
  });
  return built;
}
export const optional = (s: string) => (s ? s : undefined);
// The text of a field when it is not empty, as { [name]: text } (else nothing): for optional
// members of a request's body.
export const given = <N extends string>(b: Built, name: N) =>
  (b.value(name) ? { [name]: b.value(name) } : {}) as { [K in N]?: string };
// "1, 2" → [1, 2]; undefined (and the field marked) when it is not a list of whole numbers.
export function numbers(b: Built, name: string): number[] | undefined {
  const text = b.value(name);
  if (!text) return [];
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.every((p) => /^\d{1,9}$/.test(p))) return parts.map(Number);
  mark(b.controls[name], { key: 'work.numbersOnly' });
  return undefined;
}
export const words = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
