// What the map (sites.ts, sites-details.ts) and the verifiers' review (verify-reports.ts) both
// show reports with: a table whose rows are headed by their first cell, a list of facts, a
// report's history, buttons.
import { el } from './dom';
import type { Vars } from './i18n';
import type { StatusChange } from './monitor-api';
import { type SitesKey, str, termText } from './sites-strings';

// A table under `headers`, each row headed by its first cell and marked data-<key>="<value>"
// (`keys`, one a row).
export function rowTable(
  id: string,
  headers: SitesKey[],
  rows: (string | Node)[][],
  keys: [string, string][],
): HTMLTableElement {
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
  return t;
}

// A list of facts (dl): `add` appends one, and gives its value's element.
export function facts() {
  const dl = el('dl');
  const add = (key: SitesKey, ...value: (string | Node)[]) => {
    const dd = el('dd');
    dd.append(...value);
    dl.append(str(el('dt'), key), dd);
    return dd;
  };
  return { dl, add };
}

// A report's history: each status with when, and who and why when the API tells the caller.
export const historyItems = (changes: StatusChange[]) =>
  changes.map((c) => {
    const li = el('li');
    li.append(termText(c.status), ` · ${c.at}`);
    if (c.actor) li.append(` · ${c.actor}`);
    if (c.reason) li.append(`: ${c.reason}`);
    return li;
  });

export function button(key: SitesKey, id?: string, vars?: Vars) {
  const b = str(el('button', id), key, vars);
  b.type = 'button';
  return b;
}
