// The authority officers' certificates, signed in (session.ts): issue one (the registry's rules
// checked as the form is filled in, rules.ts; the server's answer shown next to the field it
// names), print it (PDF or HTML, fetched with the caller's credentials), list the participant's
// certificates (filters, pages, CSV), confirm an import, void an export. Admins see the list of
// every participant's. docs/CERTIFICATES.md has the rules, docs/API.md the routes.
import {
  type CertificateFilter,
  type CertificateRecord,
  type CertificateSummary,
  certificatesCsvPath,
  confirmCertificate,
  getFile,
  getParticipants,
  issueCertificate,
  listCertificates,
  type Me,
  type Participant,
  type Problem,
  printPath,
  SESSION,
  voidCertificate,
} from './api';
import { amount } from './format';
import { isKey, type Key, lang, plain, t, tr, tx } from './i18n';
import {
  checkExpiry,
  checkNumber,
  checkPrintedText,
  checkReceived,
  HS_CODES,
  MAX_LINE_CARATS,
  MAX_LINE_CENTS,
  MAX_PARCELS,
  parseCount,
  parseCountries,
  parseHundredths,
  type Said,
} from './rules';
import { type Control, el, fieldMessage, mark, save } from './dom';

let token = SESSION;
let participants: Participant[] = [];
// The section's parts that follow a change (an issue, a confirmation, a void).
let refreshers: (() => Promise<void>)[] = [];

const today = () => new Date().toISOString().slice(0, 10);
const term = (value: string) => (isKey(`term.${value}`) ? tx(`term.${value}` as Key) : value);

// --- fields with their messages (tied to them with aria-describedby) ---
function field(label: Key, input: Control, hint?: Key): HTMLElement {
  const box = el('div');
  box.className = 'field';
  const l = tr(el('label'), label);
  l.htmlFor = input.id;
  box.append(l, input);
  if (hint) {
    const h = tr(el('span', `${input.id}-hint`), hint);
    h.className = 'hint';
    input.setAttribute('aria-describedby', h.id);
    box.append(h);
  }
  box.append(fieldMessage(input));
  return box;
}
type InputOptions = { type?: string; required?: boolean; autocomplete?: AutoFill;
  spellcheck?: boolean; inputMode?: string; min?: string; max?: string; value?: string };
function input(id: string, options: InputOptions = {}): HTMLInputElement {
  const i = el('input', id);
  i.type = 'text';
  Object.assign(i, options);
  return i;
}
function select(id: string, options: [string, Key | string][]): HTMLSelectElement {
  const s = el('select', id);
  for (const [value, label] of options) {
    const o = isKey(label) ? tr(el('option'), label) : Object.assign(el('option'), { textContent: label });
    o.value = value;
    s.append(o);
  }
  return s;
}
function button(key: Key, id?: string, type: 'button' | 'submit' = 'button'): HTMLButtonElement {
  const b = tr(el('button', id), key);
  b.type = type;
  return b;
}
function status(id: string): HTMLDivElement {
  const s = el('div', id);
  s.setAttribute('role', 'status');
  return s;
}
// An answer, or nothing when the server could not be reached (said in `out`).
async function reach<T>(out: HTMLElement, request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch {
    tr(out, 'session.unreachable').className = 'bad';
    return undefined;
  }
}
function problemIn(out: HTMLElement, p: Problem) {
  out.className = 'bad';
  plain(out, p.detail);
}
const participantOptions = (except?: string): [string, string][] =>
  participants
    .filter((p) => p.code !== except)
    .map((p) => [p.code ?? '', `${p.code} ${p.name ?? ''}`]);

// Validates `input` as it is typed (and when it is left), once touched.
function live(inputs: Control[], check: () => void) {
  for (const i of inputs) {
    i.addEventListener('input', () => {
      i.dataset.touched = '1';
      check();
    });
    i.addEventListener('change', () => {
      i.dataset.touched = '1';
      check();
    });
  }
}
const touched = (i: Control) => i.dataset.touched === '1';

// A form's fields, each with its check.
type Checks = [Control, () => Said | undefined][];
// Checks each field as it is typed, once touched.
function liveChecks(checks: Checks) {
  for (const [i, check] of checks) live([i], () => mark(i, touched(i) ? check() : undefined));
}
// On submit: every field checked and marked; the first wrong one focused (true), else false.
function focusWrong(form: HTMLFormElement, checks: Checks): boolean {
  for (const [i, check] of checks) mark(i, check());
  const wrong = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  wrong?.focus();
  return wrong !== null;
}

// --- printing ---
const fileName = (number: string, ext: string) => `certificate-${number.replace(/\//g, '-')}.${ext}`;
// "Print (PDF)": the A4 page with its QR code as a download, in the page's language; "Print
// (HTML)": the page in a new tab (with a token, a file: a link could not carry the token).
function printButtons(number: string, out: HTMLElement): HTMLElement {
  const box = el('span');
  box.className = 'print';
  const pdf = button('officer.printPdf');
  pdf.dataset.print = 'pdf';
  pdf.dataset.number = number;
  pdf.addEventListener('click', async () => {
    pdf.disabled = true;
    tr(out, 'officer.preparing').className = '';
    const file = await getFile(token, printPath(number, 'pdf', lang()));
    pdf.disabled = false;
    if (!file.ok) return problemIn(out, file.problem);
    plain(out, '');
    save(file.body, fileName(number, 'pdf'));
  });
  const html = tr(el('a'), 'officer.printHtml');
  html.className = 'button';
  html.dataset.print = 'html';
  html.target = '_blank';
  html.rel = 'noopener';
  html.href = printPath(number, 'html', lang());
  html.addEventListener('click', async (e) => {
    html.href = printPath(number, 'html', lang());
    if (token === SESSION) return;
    e.preventDefault();
    const file = await getFile(token, html.href);
    if (!file.ok) return problemIn(out, file.problem);
    save(file.body, fileName(number, 'html'));
  });
  box.append(pdf, ' ', html);
  return box;
}

// --- issuing ---
interface Line {
  box: HTMLFieldSetElement;
  hs: HTMLSelectElement;
  carats: HTMLInputElement;
  value: HTMLInputElement;
}

function issueForm(me: Me): HTMLElement {
  const section = el('section');
  section.setAttribute('aria-labelledby', 'issue-title');
  const form = el('form', 'issue-form');
  form.noValidate = true;
  const destination = select('issue-destination', [
    ['', 'officer.choose'],
    ...participantOptions(me.participant ?? undefined),
  ]);
  destination.required = true;
  const origin = input('issue-origin', { autocomplete: 'off', spellcheck: false });
  const mixed = input('issue-mixed', { type: 'checkbox' });
  const party = (who: 'exporter' | 'importer') => {
    const name = input(`issue-${who}-name`, { required: true, autocomplete: 'off' });
    const address = input(`issue-${who}-address`, { required: true, autocomplete: 'off' });
    const set = el('fieldset');
    set.append(
      tr(el('legend'), who === 'exporter' ? 'officer.exporter' : 'officer.importer'),
      field('officer.name', name),
      field('officer.address', address),
    );
    return { set, name, address };
  };
  const exporter = party('exporter');
  const importer = party('importer');
  const linesBox = el('fieldset', 'issue-lines');
  const linesLegend = tr(el('legend'), 'officer.lines');
  const lineList = el('div');
  const linesError = tr(el('p', 'issue-lines-error'), 'officer.linesHint');
  linesError.className = 'hint';
  linesError.setAttribute('aria-live', 'polite');
  linesBox.setAttribute('aria-describedby', linesError.id);
  const addLine = button('officer.addLine', 'issue-add-line');
  linesBox.append(linesLegend, lineList, addLine, linesError);
  const parcels = input('issue-parcels', { inputMode: 'numeric', required: true, autocomplete: 'off' });
  const expires = input('issue-expires', { type: 'date', min: today() });
  const number = input('issue-number', { autocomplete: 'off', spellcheck: false });
  const submit = button('officer.issue', 'issue-submit', 'submit');
  const out = status('issue-status');
  const originSet = el('fieldset');
  originSet.append(
    tr(el('legend'), 'officer.origin'),
    field('officer.countries', origin, 'officer.countriesHint'),
  );
  const mixedLabel = tr(el('label'), 'officer.mixed');
  mixedLabel.htmlFor = mixed.id;
  const mixedBox = el('div');
  mixedBox.className = 'field check';
  mixedBox.append(mixed, mixedLabel);
  originSet.append(mixedBox);
  form.append(
    field('officer.destination', destination),
    originSet,
    exporter.set,
    importer.set,
    linesBox,
    field('officer.parcels', parcels),
    field('officer.expires', expires, 'officer.expiresHint'),
    field('officer.number', number, 'officer.numberHint'),
    submit,
  );

  // Line ids stay as made (issue-line-0-carats, ...); lines[i] in the server's answers is the
  // i-th line on screen.
  const lines: Line[] = [];
  let made = 0;
  const renumber = () =>
    lines.forEach((l, i) => {
      l.box.querySelector('legend')?.replaceChildren(tx('officer.line', { n: i + 1 }));
      l.box.querySelector('button')!.hidden = lines.length === 1;
    });
  const checkLines = () => {
    const seen = new Set<string>();
    for (const l of lines) {
      mark(l.hs, seen.has(l.hs.value) ? { key: 'rule.oneLinePerCode', vars: { code: l.hs.value } } : undefined);
      seen.add(l.hs.value);
      for (const [i, max] of [
        [l.carats, MAX_LINE_CARATS],
        [l.value, MAX_LINE_CENTS],
      ] as const) {
        const r = parseHundredths(i.value, lang(), max);
        mark(i, touched(i) && !r.ok ? r.said : undefined);
      }
    }
  };
  const add = () => {
    if (lines.length >= HS_CODES.length) {
      linesError.className = 'bad';
      tr(linesError, 'rule.maxLines');
      addLine.focus();
      return;
    }
    const used = new Set(lines.map((l) => l.hs.value));
    const box = el('fieldset');
    box.className = 'line';
    const id = `issue-line-${made++}`;
    const hs = select(`${id}-hs`, HS_CODES.map((c) => [c, `officer.hs.${c}`]));
    hs.value = HS_CODES.find((c) => !used.has(c)) ?? HS_CODES[0];
    const carats = input(`${id}-carats`, { inputMode: 'decimal', required: true, autocomplete: 'off' });
    carats.className = 'carats';
    const value = input(`${id}-value`, { inputMode: 'decimal', required: true, autocomplete: 'off' });
    value.className = 'value';
    const remove = button('officer.removeLine');
    const line: Line = { box, hs, carats, value };
    remove.addEventListener('click', () => {
      lines.splice(lines.indexOf(line), 1);
      box.remove();
      renumber();
      checkLines();
      tr(linesError, 'officer.linesHint').className = 'hint';
      addLine.focus();
    });
    box.append(
      el('legend'),
      field('officer.hsCode', hs),
      field('officer.carats', carats, 'officer.amountHint'),
      field('officer.value', value, 'officer.amountHint'),
      remove,
    );
    lines.push(line);
    lineList.append(box);
    renumber();
    live([hs, carats, value], checkLines);
  };
  addLine.addEventListener('click', () => {
    add();
    lines[lines.length - 1]?.hs.focus();
  });
  add();

  // Each field's rule, checked once the field is touched, and all on submit.
  const checkOrigin = () => said(parseCountries(origin.value, mixed.checked));
  const checks: Checks = [
    [destination, () => (destination.value ? undefined : { key: 'rule.choose' })],
    [origin, checkOrigin],
    [exporter.name, () => checkPrintedText(exporter.name.value, 200)],
    [exporter.address, () => checkPrintedText(exporter.address.value, 500)],
    [importer.name, () => checkPrintedText(importer.name.value, 200)],
    [importer.address, () => checkPrintedText(importer.address.value, 500)],
    [parcels, () => said(parseCount(parcels.value, 1, MAX_PARCELS))],
    [expires, () => checkExpiry(expires.value, today())],
    [number, () => checkNumber(number.value.trim())],
  ];
  liveChecks(checks);
  mixed.addEventListener('change', () => mark(origin, touched(origin) ? checkOrigin() : undefined));

  let key = newKey();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const [i] of checks) i.dataset.touched = '1';
    for (const l of lines) for (const i of [l.carats, l.value]) i.dataset.touched = '1';
    for (const [i, check] of checks) mark(i, check());
    checkLines();
    const wrong = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (wrong) {
      out.className = 'bad';
      tr(out, 'officer.fix');
      wrong.focus();
      return;
    }
    const countries = parseCountries(origin.value, mixed.checked);
    const body = {
      destination: destination.value,
      origin: { mixed: mixed.checked, countries: countries.ok ? countries.value : [] },
      exporter: { name: exporter.name.value.trim(), address: exporter.address.value.trim() },
      importer: { name: importer.name.value.trim(), address: importer.address.value.trim() },
      lines: lines.map((l) => ({
        hs_code: l.hs.value as (typeof HS_CODES)[number],
        carats_hundredths: hundredths(l.carats, MAX_LINE_CARATS),
        value_usd_cents: hundredths(l.value, MAX_LINE_CENTS),
      })),
      parcels: Number(parcels.value.trim()),
      ...(expires.value ? { expires_on: expires.value } : {}),
      ...(number.value.trim() ? { number: number.value.trim() } : {}),
    };
    submit.disabled = true;
    tr(out, 'officer.issuing').className = '';
    const answer = await reach(out, issueCertificate(token, body, key));
    submit.disabled = false;
    if (!answer) return;
    if (!answer.ok) {
      problemIn(out, answer.problem);
      const target = fieldOf(answer.problem.field ?? '', {
        destination,
        origin,
        'exporter.name': exporter.name,
        'exporter.address': exporter.address,
        'importer.name': importer.name,
        'importer.address': importer.address,
        parcels,
        expires_on: expires,
        number,
      }, lines);
      if (target) {
        mark(target, answer.problem.detail);
        target.focus();
      } else if (answer.problem.field?.startsWith('lines')) {
        plain(linesError, answer.problem.detail);
        linesError.className = 'bad';
      }
      return;
    }
    key = newKey();
    issued(out, answer.body);
    form.reset();
    while (lines.length > 1) lines.pop()?.box.remove();
    renumber();
    for (const c of [...checks.map(([i]) => i), ...lines.flatMap((l) => [l.hs, l.carats, l.value])]) {
      delete c.dataset.touched;
      mark(c);
    }
    tr(linesError, 'officer.linesHint').className = 'hint';
    await Promise.all(refreshers.map((r) => r()));
  });
  section.append(tr(el('h3', 'issue-title'), 'officer.issueTitle'), form, out);
  return section;
}

function hundredths(i: HTMLInputElement, max: number): number {
  const r = parseHundredths(i.value, lang(), max);
  return r.ok ? r.value : 0;
}

// The control a problem's `field` names ("lines[1].carats_hundredths", "origin.countries[0]"...).
function fieldOf(name: string, fields: Record<string, Control>, lines: Line[]): Control | undefined {
  const line = /^lines\[(\d+)\]\.(hs_code|carats_hundredths|value_usd_cents)$/.exec(name);
  if (line) {
    const l = lines[Number(line[1])];
    if (!l) return undefined;
    return line[2] === 'hs_code' ? l.hs : line[2] === 'carats_hundredths' ? l.carats : l.value;
  }
  if (name.startsWith('origin')) return fields.origin;
  return fields[name];
}

function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The issued certificate: its number and how to print it.
function issued(out: HTMLElement, record: CertificateRecord) {
  const c = record.signed?.certificate;
  out.className = 'ok';
  const said = tr(el('p', 'issued-number'), 'officer.issued', {
    number: record.number ?? '',
    expires: c?.expires_on ?? '',
  });
  const printing = status('issue-print-status');
  const p = el('p');
  p.append(printButtons(record.number ?? '', printing));
  plain(out, '');
  out.append(said, p, printing);
}

// --- the list ---
const PAGE = 20;

function listSection(me: Me): HTMLElement {
  const section = el('section');
  section.setAttribute('aria-labelledby', 'list-title');
  const h = me.participant
    ? tr(el('h3', 'list-title'), 'officer.listTitle', { participant: me.participant })
    : tr(el('h3', 'list-title'), 'officer.listAll');
  const form = el('form', 'list-form');
  const state = select('list-status', [
    ['', 'officer.any'],
    ...(['issued', 'expired', 'confirmed', 'voided'] as const).map(
      (s): [string, Key] => [s, `term.${s}`],
    ),
  ]);
  const issuer = select('list-issuer', [['', 'officer.any'], ...participantOptions()]);
  const destination = select('list-destination', [['', 'officer.any'], ...participantOptions()]);
  const from = input('list-from', { type: 'date' });
  const to = input('list-to', { type: 'date' });
  const csv = button('officer.csv', 'list-csv');
  form.append(
    field('col.status', state),
    field('officer.issuer', issuer),
    field('officer.destination', destination),
    field('officer.from', from),
    field('officer.to', to),
    csv,
  );
  const out = el('div', 'list-result');
  const summary = status('list-summary');
  let offset = 0;
  const filter = (): CertificateFilter => ({
    status: state.value || undefined,
    issuer: issuer.value || undefined,
    destination: destination.value || undefined,
    issued_from: from.value || undefined,
    issued_to: to.value || undefined,
    limit: PAGE,
    offset,
  });
  const show = async () => {
    const answer = await reach(summary, listCertificates(token, filter()));
    if (!answer) return;
    if (!answer.ok) {
      out.replaceChildren();
      return problemIn(summary, answer.problem);
    }
    const page = answer.body;
    const items = page.items ?? [];
    summary.className = '';
    if (items.length === 0) tr(summary, 'officer.noneListed');
    else tr(summary, 'officer.shown', { from: offset + 1, to: offset + items.length, total: page.total ?? 0 });
    const printing = status('list-print-status');
    const table = certificateTable(items, printing);
    const nav = el('p');
    nav.className = 'paging';
    const prev = button('officer.previous', 'list-previous');
    prev.disabled = offset === 0;
    prev.addEventListener('click', () => {
      offset = Math.max(0, offset - PAGE);
      void show();
    });
    const next = button('officer.next', 'list-next');
    next.disabled = page.next_offset === undefined;
    next.addEventListener('click', () => {
      offset = page.next_offset ?? offset;
      void show();
    });
    nav.append(prev, ' ', next);
    out.replaceChildren(table, nav, printing);
  };
  form.addEventListener('change', () => {
    offset = 0;
    void show();
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  csv.addEventListener('click', async () => {
    const file = await getFile(token, certificatesCsvPath(filter()));
    if (!file.ok) return problemIn(summary, file.problem);
    save(file.body, `certificates-${today()}.csv`);
  });
  refreshers.push(show);
  section.append(h, form, summary, out);
  return section;
}

function certificateTable(items: CertificateSummary[], printing: HTMLElement): HTMLElement {
  const table = el('table', 'certificates-table');
  const head = table.createTHead().insertRow();
  const headers: Key[] = [
    'verify.number', 'verify.issuer', 'officer.colDestination', 'col.status', 'verify.issued',
    'verify.expires', 'col.carats', 'col.usd', 'officer.parcels', 'officer.hsCodes',
    'officer.mismatch', 'officer.print',
  ];
  for (const k of headers) {
    const th = tr(el('th'), k);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const c of items) {
    const r = body.insertRow();
    r.dataset.number = c.number ?? '';
    const th = el('th');
    th.scope = 'row';
    th.textContent = c.number ?? '';
    r.append(th);
    for (const v of [
      c.issuer ?? '', c.destination ?? '', term(c.status ?? ''), c.issued_on ?? '', c.expires_on ?? '',
      amount(c.carats_hundredths ?? 0), amount(c.value_usd_cents ?? 0), String(c.parcels ?? ''),
      c.hs_codes ?? '', c.confirmation_mismatch ? tx('officer.yes') : '',
    ]) r.insertCell().append(v);
    for (const i of [6, 7, 8]) r.cells[i].className = 'n';
    r.insertCell().append(printButtons(c.number ?? '', printing));
  }
  const box = el('div');
  box.className = 'scroll';
  box.tabIndex = 0;
  box.dataset.i18nTitle = 'scroll.wide';
  box.title = t('scroll.wide');
  box.append(table);
  return box;
}

// --- confirming an import, voiding an export: a certificate awaiting confirmation, chosen ---
async function pending(
  choice: HTMLSelectElement,
  query: CertificateFilter,
  shown: Map<string, CertificateSummary>,
) {
  const answer = await listCertificates(token, { ...query, status: 'issued', limit: 200 });
  const chosen = choice.value;
  shown.clear();
  const options: [string, Key | string][] = [['', 'officer.choose']];
  for (const c of answer.ok ? (answer.body.items ?? []) : []) {
    shown.set(c.number ?? '', c);
    options.push([c.number ?? '', `${c.number} (${c.issuer} → ${c.destination}, ${c.issued_on})`]);
  }
  choice.replaceChildren(...select('', options).options);
  choice.value = shown.has(chosen) ? chosen : '';
}

function confirmSection(me: Me): HTMLElement {
  const section = el('section');
  section.setAttribute('aria-labelledby', 'confirm-title');
  const form = el('form', 'confirm-form');
  form.noValidate = true;
  const choice = select('confirm-number', [['', 'officer.choose']]);
  choice.required = true;
  const certified = el('p', 'confirm-certified');
  certified.setAttribute('aria-live', 'polite');
  const received = input('confirm-received', { type: 'date', max: today(), value: today() });
  const carats = input('confirm-carats', { inputMode: 'decimal', required: true, autocomplete: 'off' });
  const value = input('confirm-value', { inputMode: 'decimal', required: true, autocomplete: 'off' });
  const parcels = input('confirm-parcels', { inputMode: 'numeric', required: true, autocomplete: 'off' });
  const out = status('confirm-status');
  const shown = new Map<string, CertificateSummary>();
  form.append(
    field('officer.certificate', choice),
    certified,
    field('officer.received', received),
    field('officer.receivedCarats', carats, 'officer.amountHint'),
    field('officer.receivedValue', value, 'officer.amountHint'),
    field('officer.receivedParcels', parcels),
    button('officer.confirm', 'confirm-submit', 'submit'),
  );
  choice.addEventListener('change', () => {
    const c = shown.get(choice.value);
    if (!c) return certified.replaceChildren();
    certified.replaceChildren(tx('officer.certified', {
      carats: amount(c.carats_hundredths ?? 0),
      value: amount(c.value_usd_cents ?? 0),
      parcels: c.parcels ?? 0,
      issued: c.issued_on ?? '',
      expires: c.expires_on ?? '',
    }));
  });
  const checks: Checks = [
    [choice, () => (choice.value ? undefined : { key: 'rule.choose' })],
    [received, () => checkReceived(received.value, today())],
    [carats, () => said(parseHundredths(carats.value, lang(), 100 * MAX_LINE_CARATS))],
    [value, () => said(parseHundredths(value.value, lang(), 100 * MAX_LINE_CENTS))],
    [parcels, () => said(parseCount(parcels.value, 1, MAX_PARCELS))],
  ];
  liveChecks(checks);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (focusWrong(form, checks)) return;
    const number = choice.value;
    const answer = await reach(out, confirmCertificate(token, number, {
      ...(received.value ? { received_on: received.value } : {}),
      carats_hundredths: hundredths(carats, 100 * MAX_LINE_CARATS),
      value_usd_cents: hundredths(value, 100 * MAX_LINE_CENTS),
      parcels: Number(parcels.value.trim()),
    }));
    if (!answer) return;
    if (!answer.ok) {
      problemIn(out, answer.problem);
      const target = ({ received_on: received, carats_hundredths: carats, value_usd_cents: value,
        parcels } as Record<string, Control>)[answer.problem.field ?? ''];
      if (target) mark(target, answer.problem.detail);
      return;
    }
    const c = answer.body.confirmation;
    out.className = c?.mismatch ? 'bad' : 'ok';
    if (!c?.mismatch) tr(out, 'officer.confirmed', { number });
    else {
      const list = el('ul', 'confirm-mismatches');
      for (const m of c.mismatches) list.append(Object.assign(el('li'), { textContent: m }));
      plain(out, '');
      out.append(tx('officer.confirmedMismatch', { number }), list);
    }
    form.reset();
    received.value = today();
    certified.replaceChildren();
    await Promise.all(refreshers.map((r) => r()));
  });
  refreshers.push(() => pending(choice, { destination: me.participant ?? undefined }, shown));
  section.append(
    tr(el('h3', 'confirm-title'), 'officer.confirmTitle'),
    tr(el('p'), 'officer.confirmIntro', { participant: me.participant ?? '' }),
    form,
    out,
  );
  return section;
}

const said = (r: { ok: true } | { ok: false; said: Said }) => (r.ok ? undefined : r.said);

function voidSection(me: Me): HTMLElement {
  const section = el('section');
  section.setAttribute('aria-labelledby', 'void-title');
  const form = el('form', 'void-form');
  form.noValidate = true;
  const choice = select('void-number', [['', 'officer.choose']]);
  choice.required = true;
  const reason = select('void-reason', [
    ['', 'officer.choose'],
    ['lost', 'officer.lost'],
    ['stolen', 'officer.stolen'],
    ['cancelled', 'officer.cancelled'],
  ]);
  reason.required = true;
  const note = input('void-note', { autocomplete: 'off' });
  const out = status('void-status');
  const shown = new Map<string, CertificateSummary>();
  form.append(
    field('officer.certificate', choice),
    field('officer.reason', reason),
    field('officer.note', note),
    button('officer.void', 'void-submit', 'submit'),
  );
  const checks: Checks = [
    [choice, () => (choice.value ? undefined : { key: 'rule.choose' })],
    [reason, () => (reason.value ? undefined : { key: 'rule.choose' })],
    [note, () => {
      const bytes = new TextEncoder().encode(note.value).length;
      return bytes > 1000 ? { key: 'rule.bytes', vars: { max: 1000, bytes } } : undefined;
    }],
  ];
  liveChecks(checks);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (focusWrong(form, checks)) return;
    const number = choice.value;
    const answer = await reach(out, voidCertificate(token, number, {
      reason: reason.value as 'lost' | 'stolen' | 'cancelled',
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
    }));
    if (!answer) return;
    if (!answer.ok) {
      problemIn(out, answer.problem);
      const target = ({ reason, note } as Record<string, Control>)[answer.problem.field ?? ''];
      if (target) mark(target, answer.problem.detail);
      return;
    }
    out.className = 'ok';
    tr(out, 'officer.voided', { number, reason: reason.value });
    form.reset();
    await Promise.all(refreshers.map((r) => r()));
  });
  refreshers.push(() => pending(choice, { issuer: me.participant ?? undefined }, shown));
  section.append(
    tr(el('h3', 'void-title'), 'officer.voidTitle'),
    tr(el('p'), 'officer.voidIntro'),
    form,
    out,
  );
  return section;
}

// Signed in as an officer (or an admin: the list only, since only officers issue, confirm and
// void). `tok`: an API token, or SESSION.
export async function showOfficerWork(tok: string, me: Me) {
  token = tok;
  refreshers = [];
  const out = document.getElementById('officer');
  if (!out) return;
  const list = await getParticipants();
  participants = list.ok ? list.body : [];
  const title = tr(el('h2', 'officer-title'), 'officer.title');
  const parts: HTMLElement[] = [title];
  if (me.role === 'officer') parts.push(issueForm(me));
  parts.push(listSection(me));
  if (me.role === 'officer') parts.push(confirmSection(me), voidSection(me));
  out.replaceChildren(...parts);
  await Promise.all(refreshers.map((r) => r()));
}
