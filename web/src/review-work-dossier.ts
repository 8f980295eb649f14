// The review dossier (review-work.ts): a participant's, in HTML, PDF, .docx or JSON, downloaded
// with the signed-in user's rights (a token or the session's cookie), so that a refusal shows the
// API's message beside the links rather than as a downloaded file.
import { type DossierFormat, dossierPath, getFile, getParticipants } from './api';
import { lang } from './i18n';
import { el, mark, save } from './dom';
import {
  type AnyKey, type FieldSpec, fieldsIn, heading, para, problemIn, reach, say, statusBox, work, wtr, wtx,
} from './review-work-kit';

const FORMATS: [DossierFormat, AnyKey][] = [
  ['html', 'work.format.html'],
  ['pdf', 'work.format.pdf'],
  ['docx', 'work.format.docx'],
  ['json', 'work.format.json'],
];
let dossiers = 0;
// The next dossier part drawn is the page's first (#dossier).
export function firstDossier() {
  dossiers = 0;
}
// `fixed`: the participants the caller may choose from (else every participant, read once).
export function dossierPart(fixed?: string[], idPrefix?: string): HTMLElement {
  const id = idPrefix ? `${idPrefix}-dossier` : dossiers++ === 0 ? 'dossier' : `dossier-${dossiers}`;
  const box = el('div', id);
  box.className = 'work-dossier';
  const title = heading('h4', 'work.dossierTitle', undefined, `${id}-title`);
  box.setAttribute('role', 'group');
  box.setAttribute('aria-labelledby', title.id);
  const fields: FieldSpec[] = [
    { name: 'participant', label: 'work.dossierOf', kind: 'select', options: (fixed ?? []).map((p) => [p, p]) },
    { name: 'from', label: 'work.fromYear', kind: 'number', hint: 'work.yearHint' },
    { name: 'to', label: 'work.toYear', kind: 'number', hint: 'work.yearHint' },
    {
      name: 'lang',
      label: 'work.docLang',
      kind: 'select',
      options: [['en', 'work.lang.en'], ['fr', 'work.lang.fr']],
      value: lang(),
    },
  ];
  box.append(title, para(wtx('work.dossierIntro')));
  const controls = fieldsIn(box, id, fields);
  const participant = controls.participant as HTMLSelectElement;
  if (!fixed) {
    void getParticipants().then((list) => {
      if (!list.ok) return;
      for (const p of list.body) participant.add(new Option(`${p.code} ${p.name ?? ''}`, p.code ?? ''));
    });
  }
  const out = statusBox(`${id}-status`);
  const year = (name: string): number | undefined | null => {
    const c = controls[name];
    const v = c.value.trim();
    mark(c);
    if (!v) return undefined;
    if (/^\d{4}$/.test(v)) return Number(v);
    mark(c, { key: 'work.yearHint' });
    return null;
  };
  const path = (format: DossierFormat) => {
    const from = year('from');
    const to = year('to');
    if (from === null || to === null || !participant.value) return undefined;
    return dossierPath(participant.value, format, controls.lang.value === 'fr' ? 'fr' : 'en', from, to);
  };
  const links = el('p', `${id}-links`);
  links.className = 'work-downloads';
  for (const [format, key] of FORMATS) {
    const a = wtr(el('a'), key);
    a.className = 'button';
    a.dataset.format = format;
    const refresh = () => {
      a.href = path(format) ?? '#';
    };
    refresh();
    for (const c of Object.values(controls)) c.addEventListener('change', refresh);
    a.addEventListener('click', async (e) => {
      // Fetched with the caller's rights (a link cannot send a token), so that a refusal shows
      // the API's message here rather than as a downloaded file.
      e.preventDefault();
      const p = path(format);
      if (!p) return box.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      out.className = 'work-status';
      wtr(out, 'work.preparing');
      const file = await reach(out, getFile(work.token, p));
      if (!file) return;
      if (!file.ok) return problemIn(out, file.problem);
      const name = `dossier-${participant.value}-${controls.lang.value}.${format}`;
      save(file.body, name);
      say(out, 'work.downloaded', { name });
    });
    links.append(a, ' ');
  }
  box.append(links, out);
  return box;
}
