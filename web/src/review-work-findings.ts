// The working group's findings and questionnaires (review-work.ts), beside main.ts's group of
// findings and list of questionnaires: a finding's decisions, and for analysts a decision on a
// finding or a whole group (dismiss, explain, reopen, with a reason) and a questionnaire raised
// from a group's open findings; a questionnaire opened (its findings, steps, answer, documents),
// the analyst's decision on its answer, and its participant's officers' documents.
import {
  decideQuestionnaire,
  type FindingDetail,
  getFile,
  getFinding,
  getQuestionnaire,
  type QuestionnaireSummary,
  questionnaireDocumentPath,
  questionnaireDocumentsPath,
  raiseQuestionnaire,
  sendDocument,
  triageFinding,
} from './api';
import { type Key, t, type Vars } from './i18n';
import { el, mark, save, scrolling } from './dom';
import {
  analyst, type AnyKey, buildForm, button, day, daysAhead, type FieldSpec, given, heading, named, para,
  problemIn, reach, rowButtons, type Said, saying, scrolled, shown, statusBox, table, term, work, wtr, wtx,
} from './review-work-kit';

// --- findings: decisions and questionnaires ---
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
  work.token = tok;
  const detail = el('div', 'finding-detail');
  const said = saying('group-said', groupSaid);
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
  const triage = triageForm('group-triage-form', 'work.triageGroup', group, (count) => after('work.triaged', { count }));
  box.append(triage, raiseForm(findings, after));
}

// A decision on `target` (a finding or a group) with its reason; `done` with how many findings
// it decided on.
function triageForm(id: string, title: AnyKey, target: string, done: (count: number) => Promise<void>) {
  return buildForm(
    id,
    heading('h4', title),
    [
      {
        name: 'action',
        label: 'work.action',
        kind: 'select',
        options: [['dismiss', 'work.triage.dismiss'], ['explain', 'work.triage.explain'], ['reopen', 'work.triage.reopen']],
      },
      { name: 'note', label: 'work.reason', kind: 'textarea', hint: 'work.reasonHint' },
    ],
    'work.decide',
    (b) =>
      triageFinding(work.token, target, {
        action: b.value('action') as 'dismiss' | 'explain' | 'reopen',
        ...given(b, 'note'),
      }),
    (body) => done((body as { decided?: unknown[] }).decided?.length ?? 0),
  ).form;
}

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
        return raiseQuestionnaire(work.token, {
          participant,
          findings: ids,
          due_on: b.value('due_on'),
          title: b.value('title'),
          message: b.value('message'),
        });
      },
      async (body) => {
        const q = body as { id: number; due_on: string };
        await work.hooks.questionnaires();
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
  const f = await getFinding(work.token, id).catch(() => undefined);
  const x = shown(out, f);
  if (!x) return;
  const parts: HTMLElement[] = [
    heading('h4', 'work.findingTitle', { id: x.id }, 'finding-title'),
    para(x.message),
  ];
  if (x.compared?.length) {
    parts.push(scrolled('finding-numbers-table', ['', ''], x.compared.map((c) => [c.label, c.value])));
  }
  if (x.threshold) parts.push(para(wtx('work.threshold', { threshold: x.threshold })));
  if (x.sources?.length) parts.push(para(wtx('work.sources', { sources: x.sources.join('; ') })));
  parts.push(para(wtx('work.stateIs'), ' ', term(x.state)));
  if (x.numbers_changed) parts.push(para(wtx('work.numbersChanged')));
  const history = x.history ?? [];
  parts.push(
    history.length === 0
      ? para(wtx('work.noDecision'))
      : scrolled(
          'finding-history-table',
          ['work.col.date', 'work.col.action', 'work.col.by', 'work.col.note'],
          history.map((d) => [day(d.at), term(d.action), d.by ?? '', d.note ?? '']),
        ),
  );
  if (analyst()) {
    parts.push(
      triageForm('finding-triage-form', 'work.triageOne', id, async (count) => {
        groupSaid = ['work.triaged', { count }];
        await reload();
        const again = document.getElementById('finding-detail');
        if (again) await showFinding(id, again, reload);
      }),
    );
  }
  out.replaceChildren(...parts);
  out.querySelector('h4')?.scrollIntoView({ block: 'nearest' });
}

// --- questionnaires: one opened (beside main.ts's list) ---
let reopen: { id: number; said?: Said } | undefined;
// The questionnaire the reader opened: opened again when the list is drawn again (the list may be
// redrawn while it loads, e.g. as this part arrives after the list was first drawn).
let opened: number | undefined;

// Adds "Open" to each questionnaire of the list (main.ts showQuestionnaires).
export function questionnaireTools(tok: string, list: QuestionnaireSummary[], tbl: HTMLTableElement) {
  work.token = tok;
  const detail = el('div', 'questionnaire-detail');
  document.getElementById('questionnaire-detail')?.remove();
  const head = tbl.tHead?.rows[0];
  if (head) head.append(el('th'));
  list.forEach((q, i) => {
    const row = tbl.tBodies[0]?.rows[i];
    if (!row) return;
    const b = button('work.open');
    b.className = 'open-questionnaire';
    b.dataset.questionnaire = String(q.id);
    b.addEventListener('click', () => {
      opened = q.id;
      void showQuestionnaire(q.id, detail);
    });
    row.insertCell().append(b);
    named(b, row.cells[0], `questionnaire-${q.id}`);
  });
  (tbl.closest('.scroll-narrow') ?? tbl).after(detail);
  const again = reopen ?? (opened === undefined ? undefined : { id: opened });
  reopen = undefined;
  if (again && list.some((q) => q.id === again.id)) void showQuestionnaire(again.id, detail, again.said);
}

async function showQuestionnaire(id: number, out: HTMLElement, said?: Said) {
  const got = await getQuestionnaire(work.token, id).catch(() => undefined);
  const q = shown(out, got);
  if (!q) return;
  const status = saying('questionnaire-said', said);
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
    scrolled(
      'questionnaire-findings-table',
      ['work.col.rule', 'work.col.period', 'work.col.finding'],
      q.findings.map((f) => [f.rule, f.period, f.message]),
    ),
    heading('h4', 'work.steps'),
    scrolled(
      'questionnaire-steps-table',
      ['work.col.date', 'work.col.action', 'work.col.by', 'work.col.text'],
      q.steps.map((s) => [
        day(s.at),
        term(s.action),
        s.by ?? '',
        s.due_on && s.action !== 'sent' ? [s.text ?? '', ' (', wtx('work.dueOn'), ` ${s.due_on})`] : (s.text ?? ''),
      ]),
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
    rowButtons(docs, q.documents, 3, 0, (d) => {
      const b = button('work.download');
      b.addEventListener('click', async () => {
        const file = await reach(docOut, getFile(work.token, questionnaireDocumentPath(q.id, d.id)));
        if (!file) return;
        if (!file.ok) return problemIn(docOut, file.problem);
        save(file.body, d.name);
      });
      return [b, `document-${d.id}`];
    });
    parts.push(scrolling(docs));
  }
  parts.push(docOut);
  const again = (key: AnyKey, vars?: Vars) => {
    reopen = { id: q.id, said: [key, vars] };
    return work.hooks.questionnaires();
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
        return decideQuestionnaire(work.token, q.id, {
          action,
          ...given(b, 'note'),
          ...(action === 'clarify' ? { due_on: b.value('due_on') } : {}),
        });
      },
      () => again('work.decisionDone'),
    );
    parts.push(decision.form);
  }
  // The participant's officers attach documents before they answer.
  if (work.user.role === 'officer' && q.state === 'awaiting-answer') {
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
        return sendDocument(work.token, questionnaireDocumentsPath(q.id, file.name), file, mediaType(file));
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
