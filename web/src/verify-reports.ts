// The verifiers' review of incident reports (docs/MONITORING.md: "Evidence nobody can erase",
// "Witness protection"), loaded for verifiers and admins only (main.ts): the reports awaiting
// review, oldest first; one opened with its answers, its photo shown in the page, its history and
// its transparency-log receipts; the reporter's identity only on an explicit click (the API logs
// each reading); and a status appended with its reason, or the API's reason for refusing it.
// Once a report is verified (or referred, answered, resolved) the public sees it, displaced and
// without its reporter: the map (sites.ts) and the public table show it at their next reading.
import { getFile, type Me } from './api';
import { el, fieldMessage, mark, scrolling } from './dom';
import { plain } from './i18n';
import {
  addStatus,
  CHANGED,
  getHistory,
  getReport,
  getReportList,
  getReporter,
  PUBLIC_STATUSES,
  type Report,
  type ReportFile,
  reportFilePath,
  reportReceiptPath,
  REVIEW,
  REVIEW_STATUSES,
} from './monitor-api';
import { button, facts, historyItems, rowTable } from './monitor-view';
import { country, type SitesKey, st, str, stx, term, termText } from './sites-strings';

let token = '';
let root: HTMLElement | undefined;
let filter: HTMLSelectElement;
let count: HTMLElement;
let list: HTMLElement;
let detail: HTMLElement;
let reports: Report[] = [];
let opened: number | undefined;
let urls: string[] = []; // the photos shown (object URLs), released when another report opens

// Signed in as a verifier or an admin (main.ts showWork).
export async function showReview(credential: string, _me: Me) {
  token = credential;
  const host = document.getElementById('incident-review');
  if (!host) return;
  if (!root) {
    root = build();
    host.replaceChildren(root);
    document.addEventListener(REVIEW, (e) => {
      const id = (e as CustomEvent<number>).detail;
      if (typeof id === 'number') void open(id, true);
    });
  }
  await refresh();
}

const FILTERS: [string, SitesKey][] = [
  ['received', 'vetting.awaiting'],
  ['disputed', 'vetting.disputed'],
  ['public', 'vetting.public'],
  ['', 'vetting.all'],
];

function build(): HTMLElement {
  const section = el('section', 'vetting');
  section.setAttribute('aria-labelledby', 'vetting-title');
  filter = el('select', 'vetting-filter');
  for (const [value, key] of FILTERS) {
    const o = str(el('option'), key);
    o.value = value;
    filter.append(o);
  }
  filter.addEventListener('change', () => showList());
  const label = str(el('label'), 'vetting.show');
  label.htmlFor = filter.id;
  const field = el('div');
  field.className = 'field';
  field.append(label, filter);
  count = el('p', 'vetting-count');
  count.setAttribute('role', 'status');
  list = el('div', 'vetting-list');
  detail = el('section', 'vetting-report');
  detail.setAttribute('aria-labelledby', 'vetting-report-title');
  section.append(
    str(el('h3', 'vetting-title'), 'vetting.title'),
    str(el('p'), 'vetting.intro'),
    field,
    count,
    list,
    detail,
  );
  return section;
}

// The reports the verifier may see (all of them), read again.
async function refresh() {
  const answer = await getReportList(token).catch(() => undefined);
  if (!answer) return void str(count, 'sites.unreachable');
  if (!answer.ok) return void plain(count, answer.problem.detail);
  reports = answer.body;
  showList();
}

const inFilter = (r: Report) =>
  filter.value === 'public' ? PUBLIC_STATUSES.has(r.status) : !filter.value || r.status === filter.value;

function showList() {
  const shown = reports.filter(inFilter); // oldest first: the order they arrived
  const key = FILTERS.find(([v]) => v === filter.value)?.[1] ?? 'vetting.all';
  count.replaceChildren(
    stx(shown.length === 0 ? 'vetting.none' : 'vetting.count', { count: shown.length }),
    ' (',
    stx(key),
    ')',
  );
  if (shown.length === 0) return void list.replaceChildren();
  const table = rowTable(
    'vetting-table',
    [
      'sites.colReport',
      'sites.received',
      'sites.organisation',
      'sites.category',
      'sites.country',
      'sites.colArea',
      'sites.files',
      'sites.status',
    ],
    shown.map((r) => {
      const b = button('vetting.open', undefined, { id: r.id });
      b.addEventListener('click', () => void open(r.id, true));
      const state = document.createDocumentFragment();
      state.append(termText(r.status));
      if (r.superseded_by) state.append(' ', stx('vetting.superseded', { by: r.superseded_by }));
      return [
        b,
        (r.received_at ?? '').slice(0, 10),
        r.organisation,
        termText(r.category),
        country(el('span'), r.participant),
        r.area,
        String(r.files?.length ?? 0),
        state,
      ];
    }),
    shown.map((r) => ['report', String(r.id)]),
  );
  shown.forEach((r, i) => {
    if (r.id === opened) table.tBodies[0].rows[i].className = 'opened';
  });
  list.replaceChildren(scrolling(table, 'vetting-title'));
}

// --- one report ---

async function open(id: number, focus: boolean) {
  opened = id;
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  detail.setAttribute('aria-busy', 'true');
  const r = await getReport(id, token).catch(() => undefined);
  detail.removeAttribute('aria-busy');
  if (opened !== id) return;
  detail.replaceChildren(); // (the fields' ids are the next report's)
  const heading = el('h4', 'vetting-report-title');
  heading.tabIndex = -1;
  if (!r || !r.ok) {
    str(heading, 'vetting.reportTitle', { id });
    const p = el('p');
    p.className = 'bad';
    if (r) plain(p, r.problem.detail);
    else str(p, 'sites.unreachable');
    detail.replaceChildren(heading, p);
    if (focus) heading.focus();
    return;
  }
  const report = r.body;
  heading.append(stx('vetting.reportTitle', { id }), ' · ', termText(report.category));

  // Its answers, as received.
  const { dl, add } = facts();
  const state = add('sites.status', termText(report.status));
  state.id = 'vetting-state';
  state.append(' ', stx(PUBLIC_STATUSES.has(report.status) ? 'vetting.isPublic' : 'vetting.notPublic'));
  add('sites.colHappened', report.occurred_on);
  if (report.received_at) add('sites.received', report.received_at);
  add('sites.organisation', report.organisation);
  if (report.device !== undefined && report.device !== null) {
    add('vetting.device', report.device === 0 ? stx('vetting.throughApi') : String(report.device));
  }
  add('sites.country', country(el('span'), report.participant));
  if (report.area) add('sites.colArea', report.area);
  if (report.site_code) add('sites.site', report.site_code);
  add(
    'sites.colPlace',
    report.location ? `${report.location.latitude}, ${report.location.longitude}` : stx('sites.noPlace'),
  );
  if (report.people_affected !== null && report.people_affected !== undefined) {
    add('sites.people', String(report.people_affected));
  }
  const text = add('sites.whatHappened', report.description);
  text.id = 'vetting-description';
  if (report.description_restricted) text.append(' ', stx('sites.textNotPublic'));
  if (report.restricted) add('sites.restricted', stx('sites.restrictedYes'));
  if (report.encrypted) add('vetting.encrypted', stx('vetting.encryptedYes'));
  if (report.instance_id) add('vetting.instance', report.instance_id);
  if (report.deprecated_id) add('vetting.corrects', report.deprecated_id);
  if (report.superseded_by) add('sites.superseded', report.superseded_by);
  add('vetting.sha256', report.sha256);

  // Its files: photos shown here, other files downloaded.
  const files = el('div', 'vetting-files');
  files.append(str(el('h5'), 'sites.files'));
  if (!report.files?.length) files.append(str(el('p'), 'sites.noFiles'));
  for (const f of report.files ?? []) files.append(fileView(id, f));

  // Its history (who and why, for reviewers).
  const history = el('div', 'vetting-history');
  const historyList = el('ol');
  history.append(str(el('h5'), 'sites.history'), historyList);
  const showHistory = async () => {
    const h = await getHistory(id, token).catch(() => undefined);
    if (!h) return void str(historyList, 'sites.unreachable');
    if (!h.ok) return void plain(historyList, h.problem.detail);
    historyList.replaceChildren(...historyItems(h.body));
  };

  // Its receipts from the public log.
  const receipt = el('div', 'vetting-receipt');
  receipt.append(str(el('h5'), 'vetting.receiptTitle'));
  const receiptBody = el('div');
  receiptBody.setAttribute('role', 'status');
  receipt.append(receiptBody);
  const showReceipt = async () => {
    const file = await getFile(token, reportReceiptPath(id)).catch(() => undefined);
    if (!file) return void receiptBody.replaceChildren(stx('sites.unreachable'));
    if (!file.ok) {
      const p = el('p');
      plain(p, file.problem.detail);
      const again = button('vetting.again', 'vetting-receipt-again');
      again.addEventListener('click', () => void showReceipt());
      return void receiptBody.replaceChildren(p, again);
    }
    const proofs = JSON.parse(await file.body.text()) as {
      entries?: { event: string; name?: string; sha256: string }[];
    };
    const ul = el('ul');
    for (const e of proofs.entries ?? []) {
      const li = el('li');
      li.textContent = `${e.event} · ${e.name ?? ''} · ${e.sha256}`;
      ul.append(li);
    }
    const a = str(el('a', 'vetting-receipt-download'), 'vetting.receiptDownload');
    const url = URL.createObjectURL(new Blob([file.body], { type: 'application/json' }));
    urls.push(url);
    a.href = url;
    a.download = `report-${id}-receipt.json`;
    receiptBody.replaceChildren(str(el('p'), 'vetting.receiptEntries', { count: proofs.entries?.length ?? 0 }), ul, a);
  };

  // The reporter: only on a click, said to be logged.
  const reporter = el('div', 'vetting-reporter');
  const reporterOut = el('div', 'vetting-reporter-identity');
  reporterOut.setAttribute('role', 'status');
  const reveal = button('vetting.reveal', 'vetting-reveal');
  reveal.setAttribute('aria-describedby', 'vetting-reporter-hint');
  const hint = str(el('p', 'vetting-reporter-hint'), 'vetting.revealHint');
  hint.className = 'hint';
  reveal.addEventListener('click', async () => {
    reveal.disabled = true;
    const who = await getReporter(id, token).catch(() => undefined);
    reveal.disabled = false;
    if (!who) return void str(reporterOut, 'sites.unreachable');
    if (!who.ok) return void plain(reporterOut, who.problem.detail);
    if (who.body.anonymous) return void reporterOut.replaceChildren(str(el('p'), 'vetting.anonymous'));
    const { dl: idl, add: iadd } = facts();
    iadd('vetting.name', who.body.name ?? '');
    iadd('vetting.contact', who.body.contact ?? '');
    reveal.remove();
    reporterOut.replaceChildren(idl);
  });
  reporter.append(str(el('h5'), 'vetting.reporter'), hint, reveal, reporterOut);

  detail.replaceChildren(heading, dl, files, history, receipt, reporter, statusForm(report, showHistory));
  void showHistory();
  void showReceipt();
  showList();
  if (focus) heading.focus();
}

// A file of the report: a photo shown (fetched with the credentials, typed as the API says),
// anything else offered as a download; its size and SHA-256 beside.
function fileView(id: number, f: ReportFile): HTMLElement {
  const figure = el('figure');
  figure.className = 'vetting-file';
  figure.dataset.name = f.name;
  const caption = el('figcaption');
  caption.textContent = `${f.name} · ${f.bytes} B · SHA-256 ${f.sha256}`;
  figure.append(caption);
  const type = f.content_type ?? '';
  void getFile(token, reportFilePath(id, f.name))
    .then((file) => {
      if (opened !== id) return;
      if (!file.ok) {
        const p = el('p');
        plain(p, file.problem.detail);
        return void figure.prepend(p);
      }
      const url = URL.createObjectURL(new Blob([file.body], { type: type || 'application/octet-stream' }));
      urls.push(url);
      if (type.startsWith('image/')) {
        const img = el('img');
        img.src = url;
        img.alt = st('vetting.photoAlt', { name: f.name, id });
        figure.prepend(img);
      } else {
        const a = str(el('a'), 'vetting.downloadFile', { name: f.name });
        a.href = url;
        a.download = f.name;
        figure.prepend(a);
      }
    })
    .catch(() => undefined);
  return figure;
}

// Appends a status with its reason; the API's refusal beside the field it names.
function statusForm(report: Report, showHistory: () => Promise<void>): HTMLFormElement {
  const form = el('form', 'vetting-form');
  const fieldset = el('fieldset');
  fieldset.append(str(el('legend'), 'vetting.addStatus'));
  const status = el('select', 'vetting-status');
  for (const s of REVIEW_STATUSES) {
    const o = term(el('option'), s);
    o.value = s;
    status.append(o);
  }
  // The next step of a review: verified once received, else as it stands.
  status.value = report.status === 'received' || report.status === 'disputed' ? 'verified' : report.status;
  const statusHint = str(el('span', 'vetting-status-hint'), 'vetting.statusHint');
  statusHint.className = 'hint';
  status.setAttribute('aria-describedby', statusHint.id);
  const reason = el('textarea', 'vetting-reason');
  reason.rows = 3;
  const reasonHint = str(el('span', 'vetting-reason-hint'), 'vetting.reasonHint');
  reasonHint.className = 'hint';
  reason.setAttribute('aria-describedby', reasonHint.id);
  const field = (key: SitesKey, c: HTMLSelectElement | HTMLTextAreaElement, hint: HTMLElement) => {
    const box = el('div');
    box.className = 'field';
    const l = str(el('label'), key);
    l.htmlFor = c.id;
    box.append(l, hint, c, fieldMessage(c));
    return box;
  };
  const statusBox = field('vetting.newStatus', status, statusHint);
  const reasonBox = field('vetting.reason', reason, reasonHint);
  const submit = str(el('button', 'vetting-submit'), 'vetting.submit');
  submit.type = 'submit';
  const message = el('p', 'vetting-message');
  message.setAttribute('role', 'status');
  fieldset.append(statusBox, reasonBox, submit, message);
  form.append(fieldset);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    mark(status);
    mark(reason);
    message.className = '';
    plain(message, '');
    submit.disabled = true;
    const answer = await addStatus(report.id, status.value, reason.value, token).catch(() => undefined);
    submit.disabled = false;
    if (!answer) {
      str(message, 'sites.unreachable').className = 'bad';
      return;
    }
    if (!answer.ok) {
      const p = answer.problem;
      const target = p.field === 'reason' ? reason : p.field === 'status' ? status : undefined;
      if (target) {
        mark(target, p.detail);
        target.focus();
      }
      plain(message, p.detail);
      message.className = 'bad';
      return;
    }
    const now = answer.body.status;
    report.status = now;
    message.className = 'ok';
    message.replaceChildren(
      stx(PUBLIC_STATUSES.has(now) ? 'vetting.addedPublic' : 'vetting.addedHidden', { id: report.id }),
      ' (',
      termText(now),
      ')',
    );
    const state = document.getElementById('vetting-state');
    state?.replaceChildren(termText(now), ' ', stx(PUBLIC_STATUSES.has(now) ? 'vetting.isPublic' : 'vetting.notPublic'));
    reason.value = '';
    await Promise.all([showHistory(), refresh()]);
    document.dispatchEvent(new CustomEvent(CHANGED, { detail: report.id }));
  });
  return form;
}
