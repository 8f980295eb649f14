// The working group's and the peer reviewers' work, signed in (docs/REVIEW.md), loaded for the
// roles that do it (main.ts showWork): a statistics analyst decides on a finding or a whole group
// (dismiss, explain, reopen, with a reason), reads a finding's decisions, raises a questionnaire
// from a group, opens one (its findings, steps, answer, documents) and decides on the answer;
// a participant's officer attaches documents to its answer, reads the working group's decisions,
// and follows up the recommendations addressed to its participant (response, status, progress,
// each with its source); a reviewer opens the reviews of its team (team, stages, inputs,
// recommendations), records how an input was used, adds a recommendation and moves the review to
// its next stage; a monitor sends civil-society input to a review and assesses recommendations;
// and each of them downloads the review dossiers it may read (HTML, PDF, .docx, JSON). The page
// shows what the API answers for the signed-in user, and the API's own message when it refuses
// (beside the field it names).
import {
  type Answer,
  addRecommendation,
  decideQuestionnaire,
  type DossierFormat,
  dossierPath,
  type FindingDetail,
  getFile,
  getFinding,
  getParticipants,
  getQuestionnaire,
  getRecommendationsFor,
  getReview,
  getReviewInputs,
  getReviewsFor,
  type Me,
  moveReviewStage,
  type Problem,
  type QuestionnaireSummary,
  questionnaireDocumentPath,
  questionnaireDocumentsPath,
  raiseQuestionnaire,
  recommendationProgress,
  type RecommendationRecord,
  recommendationStatus,
  recordInputUse,
  respondToRecommendation,
  type ReviewRecord,
  sendDocument,
  submitReviewInput,
  triageFinding,
} from './api';
import { addStrings, isKey, type Key, lang, plain, t, tr, type Vars } from './i18n';
import { type Control, describe, el, fieldMessage, mark } from './dom';
import { type WorkKey, workStrings } from './review-work-strings';
import './review-work.css';

addStrings(workStrings);

// --- the texts: this part's dictionary (review-work-strings.ts) and the page's ---
type AnyKey = WorkKey | Key;
const wtr = <E extends HTMLElement>(e: E, key: AnyKey, vars?: Vars): E => tr(e, key as Key, vars);
const wtx = (key: AnyKey, vars?: Vars) => wtr(el('span'), key, vars);
// A value of the API (a state, a stage, a response...): its translation when there is one.
function term(value: string | null | undefined): Node | string {
  if (!value) return '';
  for (const key of [`term.${value}`, `work.v.${value}`]) if (isKey(key)) return wtx(key);
  return value.replace(/[-_]/g, ' ');
}
const day = (at: string | null | undefined) => (at ?? '').slice(0, 10);
const daysAhead = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

// Who is signed in, and what the rest of the page redraws after a change.
export interface Hooks {
  questionnaires: () => Promise<void>;
}
let token = '';
let user: Me = { id: 0, name: '', role: '', participant: null };
let hooks: Hooks = { questionnaires: async () => undefined };
const analyst = () => user.role === 'analyst' || user.role === 'admin';

// --- building blocks ---
type Cell = string | Node | (string | Node)[];
function table(id: string, headers: (AnyKey | '')[], rows: Cell[][]): HTMLTableElement {
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
// A wide table scrolls sideways on a phone; it takes the keyboard's focus to scroll (WCAG 2.1.1).
function scroll(tbl: HTMLTableElement): HTMLDivElement {
  const d = el('div');
  d.className = 'work-scroll';
  d.tabIndex = 0;
  if (isKey('scroll.wide')) {
    d.dataset.i18nTitle = 'scroll.wide';
    d.title = t('scroll.wide');
  }
  d.append(tbl);
  return d;
}
function heading(level: 'h3' | 'h4', key: AnyKey, vars?: Vars, id?: string) {
  return wtr(el(level, id), key, vars);
}
function para(...parts: (string | Node)[]) {
  const p = el('p');
  p.append(...parts);
  return p;
}
function button(key: AnyKey, vars?: Vars): HTMLButtonElement {
  const b = wtr(el('button'), key, vars);
  b.type = 'button';
  return b;
}
// A row's button named by its own text and the row's name ("Open 3"), in the page's language.
function named(b: HTMLButtonElement, cell: HTMLTableCellElement, id: string) {
  b.id ||= `${id}-button`;
  cell.id ||= `${id}-name`;
  b.setAttribute('aria-labelledby', `${b.id} ${cell.id}`);
}
function statusBox(id: string): HTMLDivElement {
  const s = el('div', id);
  s.setAttribute('role', 'status');
  s.className = 'work-status';
  return s;
}
function say(out: HTMLElement, key: AnyKey, vars?: Vars) {
  out.className = 'work-status ok';
  wtr(out, key, vars);
}
function problemIn(out: HTMLElement, p: Problem) {
  out.className = 'work-status bad';
  plain(out, p.detail);
}
// An answer, or nothing when the server could not be reached (said in `out`).
async function reach<T>(out: HTMLElement, request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch {
    out.className = 'work-status bad';
    wtr(out, 'session.unreachable');
    return undefined;
  }
}
function save(blob: Blob, name: string) {
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// --- forms: fields named as the API names them, so that a refusal's `field` is marked ---
interface FieldSpec {
  name: string;
  label: AnyKey;
  labelVars?: Vars;
  kind?: 'text' | 'textarea' | 'date' | 'select' | 'checkbox' | 'file' | 'number';
  options?: [string, AnyKey | string][];
  required?: boolean;
  value?: string;
  hint?: AnyKey;
}
interface Built {
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
function buildForm(
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
  const controls: Record<string, Control> = {};
  for (const f of fields) {
    const c = control(`${id}-${f.name}`, f);
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
    form.append(box);
  }
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
const optional = (s: string) => (s ? s : undefined);
// "1, 2" → [1, 2]; undefined (and the field marked) when it is not a list of whole numbers.
function numbers(b: Built, name: string): number[] | undefined {
  const text = b.value(name);
  if (!text) return [];
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.every((p) => /^\d{1,9}$/.test(p))) return parts.map(Number);
  mark(b.controls[name], { key: 'work.numbersOnly' });
  return undefined;
}
const words = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

// The section of this part: after the questionnaires.
function root(): HTMLElement {
  let r = document.getElementById('review-work');
  if (!r) {
    r = el('section', 'review-work');
    r.setAttribute('aria-labelledby', 'work-title');
    (document.getElementById('questionnaires-result') ?? document.body).after(r);
  }
  return r;
}

// Signed in: the parts of the signed-in user's role.
export async function showReviewWork(tok: string, me: Me, then: Hooks) {
  token = tok;
  user = me;
  hooks = then;
  dossiers = 0;
  const r = root();
  r.replaceChildren(heading('h3', 'work.title', undefined, 'work-title'));
  const parts: Promise<HTMLElement | undefined>[] = [];
  if (me.role === 'reviewer' || me.role === 'admin') parts.push(reviewsPart());
  if (me.role === 'officer' && me.participant) parts.push(followUpPart(me.participant));
  if (me.role === 'monitor') parts.push(monitorPart());
  if (me.role === 'analyst' || me.role === 'admin') parts.push(Promise.resolve(dossierPart()));
  if (me.role === 'officer' && me.participant) parts.push(Promise.resolve(dossierPart([me.participant])));
  for (const p of await Promise.all(parts)) if (p) r.append(await p);
}

// --- findings: decisions and questionnaires (beside main.ts's group of findings) ---
let groupSaid: [AnyKey, Vars] | undefined;

// Adds to a group's table (main.ts showGroup): each finding's decisions; for analysts, a decision
// on the whole group and a questionnaire about its open findings. `reload` draws the group again.
export function findingTools(
  tok: string,
  group: string,
  findings: FindingDetail[],
  tbl: HTMLTableElement,
  box: HTMLElement,
  reload: () => Promise<void>,
) {
  token = tok;
  const detail = el('div', 'finding-detail');
  const said = statusBox('group-said');
  if (groupSaid) say(said, ...groupSaid);
  groupSaid = undefined;
  findings.forEach((f, i) => {
    const row = tbl.tBodies[0]?.rows[i];
    if (!row) return;
    const b = button('work.decisions');
    b.className = 'decisions';
    b.dataset.finding = f.id;
    b.addEventListener('click', () => void showFinding(f.id, detail, reload));
    row.cells[row.cells.length - 1].append(' ', b);
  });
  box.append(said, detail);
  if (!analyst()) return;
  const after = async (key: AnyKey, vars: Vars) => {
    groupSaid = [key, vars];
    await reload();
  };
  // The whole group at once.
  const triage = buildForm(
    'group-triage-form',
    heading('h4', 'work.triageGroup'),
    triageFields(),
    'work.decide',
    (b) => triageFinding(token, group, triageBody(b)),
    async (body) => after('work.triaged', { count: (body as { decided?: unknown[] }).decided?.length ?? 0 }),
  );
  box.append(triage.form, raiseForm(findings, after));
}

const triageFields = (): FieldSpec[] => [
  {
    name: 'action',
    label: 'work.action',
    kind: 'select',
    options: [['dismiss', 'work.triage.dismiss'], ['explain', 'work.triage.explain'], ['reopen', 'work.triage.reopen']],
  },
  { name: 'note', label: 'work.reason', kind: 'textarea', hint: 'work.reasonHint' },
];
const triageBody = (b: Built) => ({
  action: b.value('action') as 'dismiss' | 'explain' | 'reopen',
  ...(b.value('note') ? { note: b.value('note') } : {}),
});

// A questionnaire to one participant of the group, about its open findings.
function raiseForm(findings: FindingDetail[], after: (k: AnyKey, v: Vars) => Promise<void>) {
  const wrap = el('div', 'raise');
  const participants = [...new Set(findings.flatMap((f) => f.participants))].sort();
  const period = findings[0]?.period.slice(0, 4) ?? '';
  const draw = (participant: string) => {
    const open = findings.filter(
      (f) => f.participants.includes(participant) && ['open', 'reopened', undefined].includes(f.state),
    );
    const title = heading('h4', 'work.raiseTitle', { participant });
    const fields: FieldSpec[] = [];
    if (participants.length > 1) {
      fields.push({
        name: 'participant',
        label: 'work.col.participant',
        kind: 'select',
        options: participants.map((p) => [p, p]),
        value: participant,
      });
    }
    if (open.length === 0) {
      wrap.replaceChildren(title, para(wtx('work.noOpen', { participant })));
      return;
    }
    fields.push(
      { name: 'title', label: 'work.qTitle', required: true, value: t('work.qDefaultTitle' as Key, { participant, period }) },
      { name: 'due_on', label: 'work.dueOn', kind: 'date', required: true, value: daysAhead(30), hint: 'work.dueHint' },
      { name: 'message', label: 'work.questions', kind: 'textarea', required: true },
    );
    // The findings, each a checkbox (all ticked): those the questionnaire is about.
    const set = el('fieldset', 'raise-form-findings');
    set.append(wtr(el('legend'), 'work.raiseFindings'));
    for (const f of open) {
      const c = el('input', `raise-finding-${f.id}`);
      c.type = 'checkbox';
      c.checked = true;
      c.value = f.id;
      const l = el('label');
      l.htmlFor = c.id;
      l.textContent = `${f.period} · ${f.rule} · ${f.message}`;
      const d = el('div');
      d.className = 'field check';
      d.append(c, ' ', l);
      set.append(d);
    }
    const built = buildForm(
      'raise-form',
      title,
      fields,
      'work.raise',
      (b) => {
        const ids = [...set.querySelectorAll<HTMLInputElement>('input:checked')].map((c) => c.value);
        return raiseQuestionnaire(token, {
          participant,
          findings: ids,
          due_on: b.value('due_on'),
          title: b.value('title'),
          message: b.value('message'),
        });
      },
      async (body) => {
        const q = body as { id: number; due_on: string };
        await hooks.questionnaires();
        await after('work.raised', { id: q.id, participant, due: q.due_on });
      },
    );
    const p = built.controls.participant;
    p?.addEventListener('change', () => draw(p.value));
    wrap.replaceChildren(built.form);
    // The findings' fieldset goes before the questions' field.
    built.controls.message.parentElement?.before(set);
  };
  if (participants.length) draw(participants[0]);
  return wrap;
}

// One finding with its numbers and every decision about it (what the API shows the caller).
async function showFinding(id: string, out: HTMLElement, reload: () => Promise<void>) {
  const f = await getFinding(token, id).catch(() => undefined);
  if (!f) return;
  if (!f.ok) return void problemIn(out, f.problem);
  out.className = '';
  const x = f.body;
  const parts: HTMLElement[] = [
    heading('h4', 'work.findingTitle', { id: x.id }, 'finding-title'),
    para(x.message),
  ];
  if (x.compared?.length) {
    parts.push(scroll(table('finding-numbers-table', ['', ''], x.compared.map((c) => [c.label, c.value]))));
  }
  if (x.threshold) parts.push(para(wtx('work.threshold', { threshold: x.threshold })));
  if (x.sources?.length) parts.push(para(wtx('work.sources', { sources: x.sources.join('; ') })));
  parts.push(para(wtx('work.stateIs'), ' ', term(x.state)));
  if (x.numbers_changed) parts.push(para(wtx('work.numbersChanged')));
  const history = x.history ?? [];
  parts.push(
    history.length === 0
      ? para(wtx('work.noDecision'))
      : scroll(
          table(
            'finding-history-table',
            ['work.col.date', 'work.col.action', 'work.col.by', 'work.col.note'],
            history.map((d) => [day(d.at), term(d.action), d.by ?? '', d.note ?? '']),
          ),
        ),
  );
  if (analyst()) {
    const one = buildForm(
      'finding-triage-form',
      heading('h4', 'work.triageOne'),
      triageFields(),
      'work.decide',
      (b) => triageFinding(token, id, triageBody(b)),
      async (body) => {
        groupSaid = ['work.triaged', { count: (body as { decided?: unknown[] }).decided?.length ?? 0 }];
        await reload();
        const again = document.getElementById('finding-detail');
        if (again) await showFinding(id, again, reload);
      },
    );
    parts.push(one.form);
  }
  out.replaceChildren(...parts);
  out.querySelector('h4')?.scrollIntoView({ block: 'nearest' });
}

// --- questionnaires: one opened (beside main.ts's list) ---
let reopen: { id: number; said?: [AnyKey, Vars?] } | undefined;

// Adds "Open" to each questionnaire of the list (main.ts showQuestionnaires).
export function questionnaireTools(tok: string, list: QuestionnaireSummary[], tbl: HTMLTableElement) {
  token = tok;
  const detail = el('div', 'questionnaire-detail');
  tbl.closest('div, section')?.querySelector('#questionnaire-detail')?.remove();
  const head = tbl.tHead?.rows[0];
  if (head) head.append(el('th'));
  list.forEach((q, i) => {
    const row = tbl.tBodies[0]?.rows[i];
    if (!row) return;
    const b = button('work.open');
    b.className = 'open-questionnaire';
    b.dataset.questionnaire = String(q.id);
    b.addEventListener('click', () => void showQuestionnaire(q.id, detail));
    row.insertCell().append(b);
    named(b, row.cells[0], `questionnaire-${q.id}`);
  });
  tbl.after(detail);
  if (reopen && list.some((q) => q.id === reopen?.id)) {
    const { id, said } = reopen;
    reopen = undefined;
    void showQuestionnaire(id, detail, said);
  }
}

async function showQuestionnaire(id: number, out: HTMLElement, said?: [AnyKey, Vars?]) {
  const got = await getQuestionnaire(token, id).catch(() => undefined);
  if (!got) return;
  if (!got.ok) return void problemIn(out, got.problem);
  out.className = '';
  const q = got.body;
  const status = statusBox('questionnaire-said');
  if (said) say(status, ...said);
  const facts = para(
    wtx('work.qFacts', { participant: q.participant, by: q.sent_by ?? '', sent: day(q.sent_at), due: q.due_on }),
    ' ',
    wtx('work.stateIs'),
    ' ',
    term(q.state),
  );
  const parts: HTMLElement[] = [
    heading('h4', 'work.qHeading', { id: q.id, title: q.title }, 'questionnaire-title'),
    facts,
    status,
  ];
  if (q.message) parts.push(para(q.message));
  parts.push(
    heading('h4', 'work.qFindings'),
    scroll(
      table(
        'questionnaire-findings-table',
        ['work.col.rule', 'work.col.period', 'work.col.finding'],
        q.findings.map((f) => [f.rule, f.period, f.message]),
      ),
    ),
    heading('h4', 'work.steps'),
    scroll(
      table(
        'questionnaire-steps-table',
        ['work.col.date', 'work.col.action', 'work.col.by', 'work.col.text'],
        q.steps.map((s) => [
          day(s.at),
          term(s.action),
          s.by ?? '',
          s.due_on && s.action !== 'sent' ? [s.text ?? '', ' (', wtx('work.dueOn'), ` ${s.due_on})`] : (s.text ?? ''),
        ]),
      ),
    ),
    heading('h4', 'work.documents'),
  );
  const docOut = statusBox('questionnaire-documents-status');
  if (q.documents.length === 0) parts.push(para(wtx('work.noDocuments')));
  else {
    const docs = table(
      'questionnaire-documents-table',
      ['work.col.file', 'work.col.type', 'work.col.size', ''],
      q.documents.map((d) => [d.name, d.content_type ?? '', String(d.size ?? ''), '']),
    );
    q.documents.forEach((d, i) => {
      const b = button('work.download');
      b.addEventListener('click', async () => {
        const file = await reach(docOut, getFile(token, questionnaireDocumentPath(q.id, d.id)));
        if (!file) return;
        if (!file.ok) return problemIn(docOut, file.problem);
        save(file.body, d.name);
      });
      docs.tBodies[0].rows[i].cells[3].append(b);
      named(b, docs.tBodies[0].rows[i].cells[0], `document-${d.id}`);
    });
    parts.push(scroll(docs));
  }
  parts.push(docOut);
  const again = (key: AnyKey, vars?: Vars) => {
    reopen = { id: q.id, said: [key, vars] };
    return hooks.questionnaires();
  };
  // The working group decides on an answer (or escalates an overdue questionnaire).
  if (analyst() && (q.state === 'answered' || (q.state === 'awaiting-answer' && q.overdue))) {
    const decision = buildForm(
      'decision-form',
      heading('h4', 'work.decisionTitle'),
      [
        {
          name: 'action',
          label: 'work.action',
          kind: 'select',
          options: [
            ['accept', 'work.decision.accept'],
            ['clarify', 'work.decision.clarify'],
            ['escalate', 'work.decision.escalate'],
          ],
        },
        { name: 'note', label: 'work.noteToParticipant', kind: 'textarea', hint: 'work.noteHint' },
        { name: 'due_on', label: 'work.clarifyDue', kind: 'date', value: daysAhead(30) },
      ],
      'work.decide',
      (b) => {
        const action = b.value('action') as 'accept' | 'clarify' | 'escalate';
        return decideQuestionnaire(token, q.id, {
          action,
          ...(b.value('note') ? { note: b.value('note') } : {}),
          ...(action === 'clarify' ? { due_on: b.value('due_on') } : {}),
        });
      },
      () => again('work.decisionDone'),
    );
    parts.push(decision.form);
  }
  // The participant's officers attach documents before they answer.
  if (user.role === 'officer' && q.state === 'awaiting-answer') {
    const attach = buildForm(
      'attach-form',
      heading('h4', 'work.attachTitle'),
      [{ name: 'file', label: 'work.file', kind: 'file', hint: 'work.attachHint' }],
      'work.attach',
      (b) => {
        const input = b.controls.file as HTMLInputElement;
        const file = input.files?.[0];
        if (!file) {
          mark(input, { key: 'work.chooseFile' });
          return undefined;
        }
        return sendDocument(token, questionnaireDocumentsPath(q.id, file.name), file, mediaType(file));
      },
      (_, b) => again('work.attached', { name: (b.controls.file as HTMLInputElement).files?.[0]?.name ?? '' }),
    );
    (attach.controls.file as HTMLInputElement).accept = '.pdf,.png,.jpg,.jpeg,.txt,.csv,.xlsx,.docx';
    parts.push(attach.form);
  }
  out.replaceChildren(...parts);
  out.querySelector('h4')?.scrollIntoView({ block: 'nearest' });
}
// The file's media type, from the browser or else from its name's extension (the server checks
// the bytes against it).
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const mediaType = (f: File) =>
  f.type || TYPES[f.name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream';

// --- peer reviews: the team's work ---
const STAGES = ['planned', 'terms-agreed', 'fieldwork', 'draft', 'participant-comments', 'final', 'decided', 'closed'];
const stageIndex = (s: string) => STAGES.indexOf(s);
const onTeam = (r: ReviewRecord) => r.team.some((m) => m.user === user.id);
const writer = (r: ReviewRecord) =>
  user.role === 'admin' || r.team.some((m) => m.user === user.id && m.role !== 'observer');

function reviewsTable(id: string, reviews: ReviewRecord[], open: (r: ReviewRecord) => void) {
  const tbl = table(
    id,
    ['work.col.participant', 'work.col.type', 'work.col.title', 'work.col.dates', 'work.col.stage', ''],
    reviews.map((r) => [r.participant, term(r.type), r.title, `${r.starts_on} – ${r.ends_on}`, term(r.stage), '']),
  );
  reviews.forEach((r, i) => {
    const b = button('work.open');
    b.dataset.review = String(r.id);
    b.addEventListener('click', () => open(r));
    tbl.tBodies[0].rows[i].cells[5].append(b);
    named(b, tbl.tBodies[0].rows[i].cells[2], `${id}-${r.id}`);
  });
  return scroll(tbl);
}

async function reviewsPart(): Promise<HTMLElement | undefined> {
  const list = await getReviewsFor(token).catch(() => undefined);
  if (!list?.ok) return undefined;
  const mine = user.role === 'admin' ? list.body : list.body.filter(onTeam);
  const box = el('div', 'work-reviews');
  const detail = el('div', 'review-detail');
  box.append(heading('h4', 'work.reviewsTitle', undefined, 'work-reviews-title'));
  if (mine.length === 0) box.append(para(wtx('work.noReviews')));
  else box.append(reviewsTable('work-reviews-table', mine, (r) => void showReview(r.id, detail)));
  box.append(detail);
  return box;
}

async function showReview(id: number, out: HTMLElement, said?: [AnyKey, Vars?]) {
  const [got, inputs, recs] = await Promise.all([
    getReview(token, id),
    getReviewInputs(token, id),
    getRecommendationsFor(token, { review: id }),
  ]).catch(() => [undefined, undefined, undefined] as const);
  if (!got) return;
  if (!got.ok) return void problemIn(out, got.problem);
  out.className = '';
  const r = got.body;
  const status = statusBox('review-said');
  if (said) say(status, ...said);
  const redraw = (key: AnyKey, vars?: Vars) => showReview(id, out, [key, vars]);
  const stageNow = el('strong', 'review-stage');
  stageNow.append(term(r.stage));
  const parts: HTMLElement[] = [
    Object.assign(el('h4', 'work-review-title'), { textContent: r.title }),
    para(wtx('work.reviewFacts', { participant: r.participant, from: r.starts_on, to: r.ends_on }), ' · ', term(r.type)),
    para(wtx('work.stageNow'), ' ', stageNow),
    status,
  ];
  if (r.terms_of_reference) parts.push(para(r.terms_of_reference));
  parts.push(
    heading('h4', 'work.team'),
    scroll(
      table(
        'review-team-table',
        ['work.col.name', 'work.col.constituency', 'work.col.role'],
        r.team.map((m) => [m.name, term(m.constituency), term(m.role)]),
      ),
    ),
    heading('h4', 'work.stages'),
    scroll(
      table(
        'review-stages-table',
        ['work.col.stage', 'work.col.date', 'work.col.by', 'work.col.note'],
        (r.stages ?? []).map((s) => [term(s.stage), day(s.at), s.by ?? '', s.note ?? '']),
      ),
    ),
  );
  const next = STAGES[stageIndex(r.stage) + 1];
  if (writer(r)) {
    if (!next) parts.push(para(wtx('work.lastStage')));
    else {
      const title = el('h4');
      title.append(wtx('work.nextStage'), ' ', term(next));
      const stage = buildForm(
        'stage-form',
        title,
        [{ name: 'note', label: 'work.stageNote', kind: 'textarea' }],
        'work.moveStage',
        (b) =>
          moveReviewStage(token, id, {
            stage: next as 'closed',
            ...(b.value('note') ? { note: b.value('note') } : {}),
          }),
        () => redraw('work.stageDone'),
      );
      parts.push(stage.form);
    }
  }
  // Input from civil society and communities, with how the team used it.
  parts.push(heading('h4', 'work.inputs'));
  const list = inputs?.ok ? inputs.body : [];
  if (inputs && !inputs.ok) {
    const p = statusBox('review-inputs-status');
    problemIn(p, inputs.problem);
    parts.push(p);
  } else if (list.length === 0) parts.push(para(wtx('work.noInputs')));
  else {
    parts.push(
      scroll(
        table(
          'review-inputs-table',
          ['work.col.from', 'work.col.input', 'work.col.visibility', 'work.col.links', 'work.col.uses'],
          list.map((x) => [
            x.contributor ?? wtx('work.hidden'),
            [`${x.id}. `, x.text],
            term(x.visibility),
            [...x.incidents.map((n) => `#${n}`), ...x.sites].join(', '),
            (x.uses ?? []).map((u) => `${u.text} (${u.by ? `${u.by}, ` : ''}${day(u.at)}) `),
          ]),
        ),
      ),
    );
    if (writer(r)) {
      for (const x of list) {
        const use = buildForm(
          `use-form-${x.id}`,
          undefined,
          [{ name: 'text', label: 'work.useLabel', labelVars: { id: x.id }, kind: 'textarea', required: true }],
          'work.recordUse',
          (b) => recordInputUse(token, x.id, { text: b.value('text') }),
          () => redraw('work.recorded'),
        );
        use.form.classList.add('use-form');
        parts.push(use.form);
      }
    }
  }
  // The review's recommendations, and a new one (from the draft until the review is closed).
  parts.push(heading('h4', 'work.recommendations'));
  const recommendations = recs?.ok ? recs.body : [];
  parts.push(
    recommendations.length === 0 ? para(wtx('work.noRecommendations')) : recommendationsTable('review-recommendations-table', recommendations),
  );
  if (writer(r) && stageIndex(r.stage) >= stageIndex('draft') && r.stage !== 'closed') {
    const add = buildForm(
      'recommendation-form',
      heading('h4', 'work.addRecommendation'),
      [
        { name: 'paragraph', label: 'work.paragraph', required: true },
        { name: 'text', label: 'work.recText', kind: 'textarea', required: true },
        { name: 'addressee', label: 'work.addressee', required: true },
        { name: 'core_section', label: 'work.coreSection' },
        {
          name: 'specificity',
          label: 'work.specificity',
          kind: 'select',
          options: ['1', '2', '3', '4', '5'].map((n) => [n, n]),
          value: '3',
        },
        { name: 'follow_up_due_on', label: 'work.followUpDue', kind: 'date', required: true, value: daysAhead(180) },
        { name: 'repeats', label: 'work.repeats', kind: 'number' },
      ],
      'work.add',
      (b) => {
        const repeats = b.value('repeats');
        if (repeats && !/^\d{1,9}$/.test(repeats)) {
          mark(b.controls.repeats, { key: 'work.wholeNumber' });
          return undefined;
        }
        return addRecommendation(token, id, {
          paragraph: b.value('paragraph'),
          text: b.value('text'),
          addressee: b.value('addressee'),
          core_section: optional(b.value('core_section')),
          specificity: Number(b.value('specificity')),
          follow_up_due_on: b.value('follow_up_due_on'),
          ...(repeats ? { repeats: Number(repeats) } : {}),
        });
      },
      (_, b) => redraw('work.added', { paragraph: b.value('paragraph') }),
    );
    parts.push(add.form);
  }
  parts.push(dossierPart([r.participant], `review-${r.id}`));
  out.replaceChildren(...parts);
  out.querySelector('h4')?.scrollIntoView({ block: 'nearest' });
}

function recommendationsTable(id: string, list: RecommendationRecord[], action?: [AnyKey, (r: RecommendationRecord) => void]) {
  const headers: (AnyKey | '')[] = [
    'work.col.paragraph',
    'work.col.recommendation',
    'work.col.addressee',
    'work.col.response',
    'work.col.status',
    'work.col.civilSociety',
    'work.col.nextReport',
  ];
  if (action) headers.push('');
  const tbl = table(
    id,
    headers,
    list.map((r) => {
      const row: Cell[] = [
        r.paragraph,
        r.text,
        r.addressee ?? '',
        term(r.response) || wtx('review.noResponse'),
        term(r.status),
        term(r.civil_society_assessment),
        r.overdue ? [`${r.next_report_due ?? ''} `, wtx('overdue')] : (r.next_report_due ?? ''),
      ];
      if (action) row.push('');
      return row;
    }),
  );
  if (action) {
    list.forEach((r, i) => {
      const b = button(action[0]);
      b.dataset.recommendation = String(r.id);
      b.addEventListener('click', () => action[1](r));
      tbl.tBodies[0].rows[i].cells[7].append(b);
      named(b, tbl.tBodies[0].rows[i].cells[0], `${id}-${r.id}`);
    });
  }
  return scroll(tbl);
}

function stepsTable(r: RecommendationRecord) {
  return scroll(
    table(
      'recommendation-steps-table',
      ['work.col.date', 'work.col.step', 'work.col.value', 'work.col.comment', 'work.col.source', 'work.col.by'],
      (r.steps ?? []).map((s) => [
        day(s.at),
        term(s.kind === 'civil-society' ? 'civil-society-assessment' : s.kind),
        s.next_due_on ? [term(s.value), wtx('work.nextDue'), ` ${s.next_due_on}`] : term(s.value),
        s.comment ?? '',
        s.source ?? '',
        s.by ?? '',
      ]),
    ),
  );
}

const STATUSES: [string, AnyKey][] = [
  ['not-started', 'term.not-started'],
  ['in-progress', 'term.in-progress'],
  ['implemented', 'term.implemented'],
  ['not-implemented', 'term.not-implemented'],
];

// --- the participant's follow-up of the recommendations addressed to it ---
async function followUpPart(participant: string, said?: [AnyKey, Vars?], openId?: number): Promise<HTMLElement | undefined> {
  const list = await getRecommendationsFor(token, { participant }).catch(() => undefined);
  if (!list?.ok) return undefined;
  const box = el('div', 'work-follow-up');
  const detail = el('div', 'recommendation-detail');
  const redraw = async (key: AnyKey, vars: Vars | undefined, id: number) => {
    const again = await followUpPart(participant, [key, vars], id);
    if (again) box.replaceWith(again);
  };
  const open = (r: RecommendationRecord) => {
    const status = statusBox('recommendation-said');
    const parts: HTMLElement[] = [
      heading('h4', 'work.recHeading', { paragraph: r.paragraph }, 'recommendation-title'),
      para(r.text),
      status,
      heading('h4', 'work.recSteps'),
      stepsTable(r),
    ];
    if (openId === r.id && said) say(status, ...said);
    const response = buildForm(
      'response-form',
      heading('h4', 'work.responseTitle'),
      [
        {
          name: 'response',
          label: 'work.response',
          kind: 'select',
          options: [['accepted', 'work.v.accepted'], ['partly', 'work.v.partly'], ['noted', 'work.v.noted']],
          value: r.response ?? 'accepted',
        },
        { name: 'comment', label: 'work.comment', kind: 'textarea' },
      ],
      'work.sendResponse',
      (b) =>
        respondToRecommendation(token, r.id, {
          response: b.value('response') as 'accepted' | 'partly' | 'noted',
          ...(b.value('comment') ? { comment: b.value('comment') } : {}),
        }),
      () => redraw('work.recorded', undefined, r.id),
    );
    const status2 = statusForm('status-form', 'work.statusTitle', 'work.sendStatus', r, false, () =>
      redraw('work.recorded', undefined, r.id),
    );
    const progress = buildForm(
      'progress-form',
      heading('h4', 'work.progressTitle'),
      [
        { name: 'text', label: 'work.progressText', kind: 'textarea', required: true },
        { name: 'source', label: 'work.source', required: true },
        { name: 'next_due_on', label: 'work.nextDue', kind: 'date', hint: 'work.nextDueHint', value: daysAhead(180) },
      ],
      'work.sendProgress',
      (b) =>
        recommendationProgress(token, r.id, {
          text: b.value('text'),
          source: b.value('source'),
          next_due_on: optional(b.value('next_due_on')),
        }),
      () => redraw('work.recorded', undefined, r.id),
    );
    parts.push(response.form, status2.form, progress.form);
    detail.replaceChildren(...parts);
  };
  box.append(heading('h4', 'work.myRecommendations', { participant }, 'work-follow-up-title'));
  const mine = list.body.filter((r) => r.participant === participant);
  if (mine.length === 0) box.append(para(wtx('work.noMyRecommendations', { participant })));
  else box.append(recommendationsTable('my-recommendations-table', mine, ['work.followUp', open]));
  box.append(detail);
  const again = mine.find((r) => r.id === openId);
  if (again) open(again);
  return box;
}

// A status with its source: the implementation status (the participant, the team) or civil
// society's assessment (monitors).
function statusForm(
  id: string,
  title: AnyKey,
  submit: AnyKey,
  r: RecommendationRecord,
  assessment: boolean,
  done: () => Promise<void>,
) {
  return buildForm(
    id,
    heading('h4', title),
    [
      { name: 'status', label: 'work.status', kind: 'select', options: STATUSES, value: (assessment ? r.civil_society_assessment : r.status) ?? 'not-started' },
      { name: 'source', label: 'work.source', required: true },
      { name: 'comment', label: 'work.comment', kind: 'textarea' },
    ],
    submit,
    (b) =>
      recommendationStatus(
        token,
        r.id,
        {
          status: b.value('status') as 'not-started',
          source: b.value('source'),
          ...(b.value('comment') ? { comment: b.value('comment') } : {}),
        },
        assessment,
      ),
    done,
  );
}

// --- civil society: input to a review, and its own assessment of recommendations ---
async function monitorPart(said?: [AnyKey, Vars?], openReview?: number): Promise<HTMLElement | undefined> {
  const [reviews, recs] = await Promise.all([getReviewsFor(token), getRecommendationsFor(token, {})]).catch(
    () => [undefined, undefined] as const,
  );
  if (!reviews?.ok) return undefined;
  const box = el('div', 'work-monitor');
  const redraw = async (key: AnyKey, vars?: Vars, review?: number) => {
    const again = await monitorPart([key, vars], review);
    if (again) box.replaceWith(again);
  };
  const status = statusBox('monitor-said');
  if (said) say(status, ...said);
  box.append(heading('h4', 'work.monitorTitle', undefined, 'work-monitor-title'), status);
  // Reviews before their final report take input.
  const open = reviews.body.filter((r) => stageIndex(r.stage) >= 0 && stageIndex(r.stage) < stageIndex('final'));
  const detail = el('div', 'input-detail');
  const show = async (r: ReviewRecord) => {
    const inputs = await getReviewInputs(token, r.id).catch(() => undefined);
    const input = buildForm(
      'input-form',
      heading('h4', 'work.inputTo', { id: r.id }),
      [
        { name: 'text', label: 'work.inputText', kind: 'textarea', required: true },
        {
          name: 'visibility',
          label: 'work.visibility',
          kind: 'select',
          options: [['public', 'work.v.public'], ['team-and-participant', 'work.v.team-and-participant'], ['team', 'work.v.team']],
        },
        { name: 'hide_source', label: 'work.hideSource', kind: 'checkbox' },
        { name: 'incidents', label: 'work.incidents', kind: 'number' },
        { name: 'sites', label: 'work.sites' },
      ],
      'work.sendInput',
      (b) => {
        const incidents = numbers(b, 'incidents');
        if (!incidents) return undefined;
        return submitReviewInput(token, r.id, {
          text: b.value('text'),
          visibility: b.value('visibility') as 'public',
          hide_source: b.value('hide_source') === 'true',
          incidents,
          sites: words(b.value('sites')),
        });
      },
      (body) => redraw('work.inputSent', { id: (body as { id: number }).id }, r.id),
    );
    const parts: HTMLElement[] = [Object.assign(el('h4'), { textContent: r.title }), input.form];
    const list = inputs?.ok ? inputs.body : [];
    if (list.length) {
      parts.push(
        heading('h4', 'work.inputs'),
        scroll(
          table(
            'my-inputs-table',
            ['work.col.input', 'work.col.visibility', 'work.col.uses'],
            list.map((x) => [
              [`${x.id}. `, x.text],
              term(x.visibility),
              (x.uses ?? []).map((u) => `${u.text} (${day(u.at)}) `),
            ]),
          ),
        ),
      );
    }
    detail.replaceChildren(...parts);
  };
  box.append(heading('h4', 'work.openForInput'));
  if (open.length === 0) box.append(para(wtx('work.noOpenReview')));
  else box.append(reviewsTable('input-reviews-table', open, (r) => void show(r)));
  box.append(detail);
  const again = open.find((r) => r.id === openReview);
  if (again) await show(again);
  // Recommendations the monitor may see: its own assessment of each.
  const recommendations = recs?.ok ? recs.body : [];
  if (recommendations.length) {
    const assess = el('div', 'assessment-detail');
    box.append(
      heading('h4', 'work.recommendations'),
      recommendationsTable('assess-recommendations-table', recommendations, [
        'work.assess',
        (r) => {
          const form = statusForm('assessment-form', 'work.assessmentTitle', 'work.sendAssessment', r, true, () =>
            redraw('work.recorded'),
          );
          form.form.prepend(para(`${r.participant} ${r.paragraph}: ${r.text}`));
          assess.replaceChildren(form.form);
        },
      ]),
      assess,
    );
  }
  return box;
}

// --- the review dossier: a file in the caller's rights (a token or the session's cookie) ---
const FORMATS: [DossierFormat, AnyKey][] = [
  ['html', 'work.format.html'],
  ['pdf', 'work.format.pdf'],
  ['docx', 'work.format.docx'],
  ['json', 'work.format.json'],
];
let dossiers = 0;
// `fixed`: the participants the caller may choose from (else every participant, read once).
function dossierPart(fixed?: string[], idPrefix?: string): HTMLElement {
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
  const controls: Record<string, Control> = {};
  box.append(title, para(wtx('work.dossierIntro')));
  for (const f of fields) {
    const c = control(`${id}-${f.name}`, f);
    controls[f.name] = c;
    const d = el('div');
    d.className = 'field';
    const l = wtr(el('label'), f.label);
    l.htmlFor = c.id;
    d.append(l, c);
    if (f.hint) {
      const h = wtr(el('span', `${c.id}-hint`), f.hint);
      h.className = 'hint';
      describe(c, h.id);
      d.append(h);
    }
    d.append(fieldMessage(c));
    box.append(d);
  }
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
      const file = await reach(out, getFile(token, p));
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
