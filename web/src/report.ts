// A community monitor files an incident report from a phone's browser, with or without a network
// (docs/MONITORING.md): the form of the XForm (category, date, country, area, the place from the
// phone's GPS or typed, or a mining site's code, what happened, people affected, who may read it,
// the reporter's identity kept apart, one photo as taken), checked as it is filled in; then the
// report is kept in this browser (queue.ts) and sent when there is a connection, each with its
// state, the server's report id and log receipt once received, or the server's reason if refused.
// Loaded for monitors only (main.ts), and as the page opens when this browser holds their reports.
import {
  getFile,
  getSession,
  getSites,
  incidentPath,
  incidentReceiptPath,
  type IncidentInput,
  type Me,
  SESSION,
  setCsrfToken,
} from './api';
import { addStrings, type Key, lang, plain, tr, type Vars } from './i18n';
import { REPORTS_HINT } from './report-hint';
import { type ReportKey, reportStrings } from './report-strings';
import { remembered } from './session';
import {
  degreesE6,
  newClientId,
  openQueue,
  type Queue,
  type Queued,
  sendWaiting,
  sha256Hex,
} from './queue';
import { type Control, describe, el, fieldMessage, mark, save } from './dom';
import { CATEGORIES } from './monitor-api';

addStrings(reportStrings);

// --- the texts (report-strings.ts, added to the page's dictionary) ---
const rtr = <E extends HTMLElement>(e: E, key: ReportKey, vars?: Vars): E =>
  tr(e, key as unknown as Key, vars);
const rtx = (key: ReportKey, vars?: Vars) => rtr(document.createElement('span'), key, vars);

const COUNTRIES = ['AO', 'BW', 'CD', 'CF', 'CI', 'CM', 'GN', 'LR', 'LS', 'NA', 'SL', 'TZ', 'ZA', 'ZW'] as const;
export const MAX_PHOTO = 12 * 1024 * 1024; // what the server takes (12 MiB)

// --- who files, with what ---
interface Who {
  id: number;
  name: string;
}
let queue: Queue | undefined;
let who: Who | undefined; // the monitor this browser signed in (the hint), or signed in now
let token: string | undefined; // the credential that sends (SESSION: the cookie), once signed in
let sessionEnded = false; // the server wants a sign-in (none kept, or it ended)
let someoneElse = false; // signed in now as another user, not a monitor
let onSession: (() => void) | undefined;
let pageSignedIn = false; // the page showed its signed-in parts (main.ts showWork)
let root: HTMLElement | undefined;
let list: HTMLElement | undefined;
let note: HTMLElement | undefined;
let news: HTMLElement | undefined; // the last report sent or refused while the page is open
const seenStates = new Map<string, string>();
let form: HTMLFormElement | undefined;
let persisted = true;

function readHint(): Who | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(REPORTS_HINT) ?? 'null') as Who | null;
    return v && typeof v.id === 'number' && typeof v.name === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
function writeHint(w: Who | undefined) {
  try {
    if (w) localStorage.setItem(REPORTS_HINT, JSON.stringify({ id: w.id, name: w.name }));
    else localStorage.removeItem(REPORTS_HINT);
  } catch {
    // storage disabled: the form opens once signed in only
  }
}

// The page opens (main.ts), when this browser holds a monitor's reports or signed one in: the
// outbox, and the form if the session is kept (checked by the server when there is a network).
// `signedIn` shows the page's signed-in parts once the session is found again (back online).
export async function openReports(signedIn: () => void) {
  onSession = signedIn;
  queue ??= await openQueue();
  const hint = readHint();
  const items = queue ? await queue.all() : [];
  const unsent = items.some((q) => q.state !== 'sent');
  if (!remembered() && !unsent && token === undefined) {
    // Signed out, nothing waiting: the page as anyone sees it.
    writeHint(undefined);
    return;
  }
  if (token === undefined && !remembered()) sessionEnded = true;
  who ??= remembered() ? hint : undefined;
  render();
  listen();
  // A session kept but ended on the server (expired, signed out elsewhere): say so at once.
  // (session.ts asks too, and shows the page signed in when it holds.)
  if (navigator.onLine && remembered() && token === undefined) {
    const s = await getSession().catch(() => undefined);
    if (s && !s.ok && s.problem?.status === 401 && token === undefined) {
      sessionEnded = true;
      await showQueue();
    }
  }
}

// Signed in (main.ts showWork): as a monitor, the form, and their waiting reports go; as
// someone else, no form, and the reports kept here wait for their monitor.
export async function showReports(credential: string, me: Me) {
  pageSignedIn = true;
  sessionEnded = false;
  if (me.role !== 'monitor') {
    someoneElse = true;
    who = undefined;
    token = undefined;
    form?.remove();
    form = undefined;
    queue ??= await openQueue();
    const items = queue ? await queue.all() : [];
    if (!items.some((q) => q.state !== 'sent')) {
      // Nothing waiting for a monitor: no section (the hint goes; a monitor brings it back).
      writeHint(undefined);
      root?.remove();
      root = list = note = news = undefined;
      return;
    }
    render();
    return;
  }
  someoneElse = false;
  token = credential;
  who = { id: me.id, name: me.name };
  writeHint(who);
  queue ??= await openQueue();
  render();
  listen();
  void refreshSites();
  void sendNow();
}

let listening = false;
function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener('online', () => void sendNow());
  window.addEventListener('offline', () => void showQueue());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) void sendNow();
  });
}

// --- sending ---
let retry: ReturnType<typeof setTimeout> | undefined;
let delay = 15_000;
// Sends the signed-in monitor's waiting reports; without a session yet (the page opened
// offline), asks the server for it first, and shows the page signed in.
async function sendNow() {
  if (!queue || !who) return showQueue();
  if (retry) clearTimeout(retry);
  retry = undefined;
  if (!navigator.onLine) return showQueue();
  if (token === undefined) {
    if (!remembered()) {
      sessionEnded = true;
      return showQueue();
    }
    const s = await getSession().catch(() => undefined);
    if (!s) return showQueue();
    if (!s.ok) {
      sessionEnded = true;
      return showQueue();
    }
    setCsrfToken(s.body.csrf_token);
    if (!pageSignedIn) {
      // The page's signed-in parts, once (they call showReports, which sends).
      pageSignedIn = true;
      onSession?.();
      return showQueue();
    }
    if (s.body.user.id !== who.id) return showQueue();
    token = SESSION; // signed in again (in another tab, say)
    sessionEnded = false;
  }
  const result = await sendWaiting(queue, who.id, token, () => void showQueue());
  if (result === 'signin') {
    sessionEnded = true;
    token = undefined;
  } else if (result === 'network' && navigator.onLine) {
    // Reachable again later, perhaps without an `online` event (a weak signal): try again.
    retry = setTimeout(() => void sendNow(), delay);
    delay = Math.min(delay * 2, 300_000);
  } else {
    delay = 15_000;
  }
  await showQueue();
}

// --- the section ---
function render() {
  const host = document.getElementById('report');
  if (!host) return;
  if (!root) {
    root = el('section', 'report-section');
    root.setAttribute('aria-labelledby', 'report-title');
    note = el('p', 'queue-note');
    note.setAttribute('role', 'status');
    news = el('p', 'queue-news');
    news.setAttribute('role', 'status');
    list = el('div', 'queue');
    const queueTitle = rtr(el('h3', 'queue-title'), 'queue.title');
    root.append(rtr(el('h3', 'report-title'), 'filing.title'), queueTitle, note, news, list);
    host.replaceChildren(root);
  }
  if (!queue) {
    rtr(note!, 'queue.noStorage').className = 'bad';
    return;
  }
  if (who && (token !== undefined || remembered()) && !form) {
    form = reportForm();
    root.querySelector('#queue-title')?.before(form);
  }
  const as = document.getElementById('filing-as');
  if (as && who) rtr(as, 'filing.as', { name: who.name });
  void showQueue();
}

// --- fields, their hints and messages (tied with aria-describedby) ---
type Said = { key: ReportKey; vars?: Vars } | undefined;

function field(label: ReportKey, c: Control, hint?: ReportKey): HTMLElement {
  const box = el('div');
  box.className = 'field';
  const l = rtr(el('label'), label);
  l.htmlFor = c.id;
  box.append(l);
  if (hint) {
    const h = rtr(el('span', `${c.id}-hint`), hint);
    h.className = 'hint';
    describe(c, h.id);
    box.append(h);
  }
  box.append(c, fieldMessage(c));
  return box;
}
function input(id: string, options: Partial<HTMLInputElement> = {}): HTMLInputElement {
  const i = el('input', id);
  i.type = 'text';
  i.autocomplete = 'off';
  Object.assign(i, options);
  return i;
}
function choice(name: string, id: string, value: string, label: ReportKey, checked = false) {
  const box = el('div');
  box.className = 'field check';
  const i = input(id, { type: 'radio', name, value, checked });
  const l = rtr(el('label'), label);
  l.htmlFor = id;
  box.append(i, l);
  return { box, input: i };
}
function button(key: ReportKey, id?: string, type: 'button' | 'submit' = 'button') {
  const b = rtr(el('button', id), key);
  b.type = type;
  return b;
}

// --- the rules, as the server applies them (src/monitor/extract.cpp) ---
const bytes = (s: string) => new TextEncoder().encode(s).length;
// Control, bidirectional and invisible format characters (core/text.cc UnsafeTextReason).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
function text(v: string, max: number, required: boolean, multiline = false): Said {
  const s = v.trim();
  if (!s) return required ? { key: 'filing.required' } : undefined;
  if (bytes(s) > max) return { key: 'filing.tooLong', vars: { max } };
  if (UNSAFE.test(multiline ? s.replace(/[\n\r\t]/g, ' ') : s)) return { key: 'filing.control' };
  return undefined;
}
// Today where the phone is (the server allows a day ahead for time zones).
export function today(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
function checkDate(v: string): Said {
  if (!v) return { key: 'filing.required' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) return { key: 'filing.badDate' };
  return v > today() ? { key: 'filing.future' } : undefined;
}
// Degrees typed with a point (or a comma, as in French).
const degrees = (v: string) => v.trim().replace(',', '.');
function checkDegrees(v: string, limit: number, bad: ReportKey): Said {
  const e6 = degreesE6(degrees(v));
  return e6 === undefined || Math.abs(e6) > limit * 1e6 ? { key: bad } : undefined;
}
function checkPeople(v: string): Said {
  const s = v.trim();
  return s === '' || /^\d{1,9}$/.test(s) ? undefined : { key: 'filing.badPeople' };
}
function checkSite(v: string): Said {
  const s = v.trim();
  if (!s) return { key: 'filing.required' };
  return /^[A-Za-z0-9._-]{1,64}$/.test(s) ? undefined : { key: 'filing.badSite' };
}
// A file's size (1 MB = 1 MiB, as the 12 MB limit).
function megabytes(n: number): string {
  const fr = lang() === 'fr';
  const [v, unit] =
    n < 1024 ? [n, fr ? 'o' : 'bytes'] : n < 1024 * 1024 ? [n / 1024, fr ? 'Ko' : 'KB'] : [n / 1024 / 1024, fr ? 'Mo' : 'MB'];
  return `${v.toLocaleString(lang(), { maximumFractionDigits: 1 })} ${unit}`;
}
// The photo's type: as the browser says, else from its name (some phones give none for HEIC).
const IMAGE_EXT: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  heic: 'image/heic', heif: 'image/heif', avif: 'image/avif', tif: 'image/tiff', tiff: 'image/tiff',
};
const extOf = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';
const typeOf = (f: File) => f.type || IMAGE_EXT[extOf(f.name)] || '';
function checkPhoto(f: File | undefined): Said {
  if (!f) return undefined;
  const type = typeOf(f);
  if (!type.startsWith('image/')) return { key: 'filing.notImage', vars: { type: type || extOf(f.name) || '?' } };
  if (f.size === 0) return { key: 'filing.emptyPhoto' };
  if (f.size > MAX_PHOTO) return { key: 'filing.photoTooBig', vars: { size: megabytes(f.size) } };
  return undefined;
}
// The file's name on the server: the report's client id (unique: it finds the report again).
function photoName(id: string, f: File, type: string): string {
  const byType: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/heic': 'heic' };
  const ext = byType[type] ?? (extOf(f.name) || type.slice('image/'.length).replace(/[^a-z0-9]/g, '') || 'img');
  return `${id}.${ext}`;
}

// --- the form ---
let fill: ((q: Queued) => void) | undefined;

function reportForm(): HTMLFormElement {
  const f = el('form', 'report-form');
  f.noValidate = true;
  const intro = rtr(el('p'), 'filing.intro');
  const as = rtr(el('p', 'filing-as'), 'filing.as', { name: who?.name ?? '' });

  const category = el('select', 'filing-category');
  category.required = true;
  category.append(rtr(Object.assign(el('option'), { value: '' }), 'filing.choose'));
  for (const c of CATEGORIES) category.append(rtr(Object.assign(el('option'), { value: c }), `filing.cat.${c}`));

  const date = input('filing-date', { type: 'date', required: true, max: today(), value: today() });

  const participant = el('select', 'filing-participant');
  participant.required = true;
  participant.append(rtr(Object.assign(el('option'), { value: '' }), 'filing.choose'));
  for (const c of COUNTRIES) participant.append(rtr(Object.assign(el('option'), { value: c }), `filing.country.${c}`));
  void queue?.meta<string>('participant').then((p) => {
    if (p && !participant.value) participant.value = p;
  });

  const area = input('filing-area');

  // The place: the GPS position (or typed), or a site's code.
  const place = el('fieldset', 'filing-place');
  const byGps = choice('filing-place', 'filing-by-gps', 'gps', 'filing.byGps', true);
  const bySite = choice('filing-place', 'filing-by-site', 'site', 'filing.bySite');
  const gps = el('div', 'filing-gps');
  const locate = button('filing.locate', 'filing-locate');
  const located = el('span', 'filing-located');
  located.setAttribute('role', 'status');
  located.className = 'hint';
  const latitude = input('filing-latitude', { inputMode: 'decimal', spellcheck: false });
  const longitude = input('filing-longitude', { inputMode: 'decimal', spellcheck: false });
  const degreesHint = rtr(el('p', 'filing-degrees-hint'), 'filing.degreesHint');
  degreesHint.className = 'hint';
  describe(latitude, degreesHint.id);
  describe(longitude, degreesHint.id);
  const where = el('div');
  where.className = 'coordinates';
  where.append(field('filing.latitude', latitude), field('filing.longitude', longitude));
  gps.append(locate, ' ', located, where, degreesHint);
  const site = input('filing-site', { spellcheck: false, autocapitalize: 'characters' });
  const sites = el('datalist', 'filing-sites');
  site.setAttribute('list', sites.id);
  const siteBox = field('filing.site', site, 'filing.siteHint');
  siteBox.append(sites);
  siteBox.hidden = true;
  void queue?.meta<{ code: string; name: string }[]>('sites').then((list) => showSites(sites, list));
  place.append(rtr(el('legend'), 'filing.place'), byGps.box, bySite.box, gps, siteBox);
  const bySiteNow = () => bySite.input.checked;
  const placeShown = () => {
    gps.hidden = bySiteNow();
    siteBox.hidden = !bySiteNow();
  };
  for (const r of [byGps.input, bySite.input]) r.addEventListener('change', () => {
    placeShown();
    checkAll(false);
  });

  locate.addEventListener('click', () => {
    if (!navigator.geolocation) {
      rtr(located, 'filing.noGps', { why: reportStrings['filing.gpsMissing'][lang()] });
      return;
    }
    rtr(located, 'filing.locating');
    locate.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (p) => {
        locate.disabled = false;
        latitude.value = p.coords.latitude.toFixed(6);
        longitude.value = p.coords.longitude.toFixed(6);
        for (const i of [latitude, longitude]) i.dataset.touched = '1';
        rtr(located, 'filing.located', { metres: Math.round(p.coords.accuracy) });
        checkAll(false);
      },
      (e) => {
        locate.disabled = false;
        const why: ReportKey =
          e.code === e.PERMISSION_DENIED ? 'filing.gpsDenied' : e.code === e.TIMEOUT ? 'filing.gpsTimeout' : 'filing.gpsUnavailable';
        rtr(located, 'filing.noGps', { why: reportStrings[why][lang()] });
        latitude.focus();
      },
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  });

  const description = el('textarea', 'filing-description');
  description.required = true;
  description.rows = 5;
  const people = input('filing-people', { inputMode: 'numeric' });

  const privacy = el('fieldset', 'filing-privacy');
  const privacyHint = rtr(el('p', 'filing-privacy-hint'), 'filing.privacyHint');
  privacyHint.className = 'hint';
  privacy.setAttribute('aria-describedby', privacyHint.id);
  const open = choice('filing-privacy', 'filing-public', 'public', 'filing.public', true);
  const restricted = choice('filing-privacy', 'filing-restricted', 'restricted', 'filing.restricted');
  const textRestricted = input('filing-description-restricted', { type: 'checkbox' });
  const textRestrictedBox = el('div');
  textRestrictedBox.className = 'field check';
  const trLabel = rtr(el('label'), 'filing.descriptionRestricted');
  trLabel.htmlFor = textRestricted.id;
  textRestrictedBox.append(textRestricted, trLabel);
  privacy.append(rtr(el('legend'), 'filing.privacy'), privacyHint, open.box, restricted.box, textRestrictedBox);
  const restrictedShown = () => {
    textRestrictedBox.hidden = restricted.input.checked; // a restricted report is never public at all
  };
  for (const r of [open.input, restricted.input]) r.addEventListener('change', restrictedShown);

  const reporter = el('fieldset', 'filing-reporter');
  const reporterHint = rtr(el('p', 'filing-reporter-hint'), 'filing.reporterHint');
  reporterHint.className = 'hint';
  reporter.setAttribute('aria-describedby', reporterHint.id);
  const reporterName = input('filing-reporter-name', { autocomplete: 'off' });
  const reporterContact = input('filing-reporter-contact', { autocomplete: 'off', inputMode: 'tel' });
  describe(reporterName, reporterHint.id);
  describe(reporterContact, reporterHint.id);
  reporter.append(
    rtr(el('legend'), 'filing.reporter'),
    reporterHint,
    field('filing.name', reporterName),
    field('filing.contact', reporterContact),
  );

  // One photo: from the camera, or a picture already taken.
  const photoBox = el('fieldset', 'filing-photo-box');
  const photoHint = rtr(el('p', 'filing-photo-hint'), 'filing.photoHint');
  photoHint.className = 'hint';
  photoBox.setAttribute('aria-describedby', photoHint.id);
  const camera = input('filing-camera', { type: 'file', accept: 'image/*' });
  camera.setAttribute('capture', 'environment');
  const picture = input('filing-photo', { type: 'file', accept: 'image/*' });
  const preview = el('div', 'filing-preview');
  const removePhoto = button('filing.removePhoto', 'filing-remove-photo');
  removePhoto.hidden = true;
  const cameraLabel = rtr(el('label'), 'filing.takePhoto');
  cameraLabel.htmlFor = camera.id;
  const pictureLabel = rtr(el('label'), 'filing.choosePhoto');
  pictureLabel.htmlFor = picture.id;
  const photoError = el('span', 'filing-photo-error');
  photoError.className = 'error bad';
  for (const i of [camera, picture]) {
    describe(i, photoHint.id);
    describe(i, photoError.id);
  }
  const cameraBox = el('div');
  cameraBox.className = 'field';
  cameraBox.append(cameraLabel, camera);
  const pictureBox = el('div');
  pictureBox.className = 'field';
  pictureBox.append(pictureLabel, picture);
  photoBox.append(rtr(el('legend'), 'filing.photo'), photoHint, cameraBox, pictureBox, photoError, preview, removePhoto);
  let photo: File | undefined;
  let previewUrl: string | undefined;
  const showPhoto = () => {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = undefined;
    preview.replaceChildren();
    removePhoto.hidden = !photo;
    const said = checkPhoto(photo);
    for (const i of [camera, picture]) {
      if (said) i.setAttribute('aria-invalid', 'true');
      else i.removeAttribute('aria-invalid');
    }
    if (said) rtr(photoError, said.key, said.vars);
    else {
      photoError.textContent = '';
      delete photoError.dataset.i18n;
    }
    if (!photo) return;
    const caption = el('p', 'filing-photo-name');
    caption.textContent = `${photo.name}, ${megabytes(photo.size)}`;
    preview.append(caption);
    if (!said) {
      const img = el('img');
      previewUrl = URL.createObjectURL(photo);
      img.src = previewUrl;
      img.alt = reportStrings['filing.photoPreview'][lang()];
      preview.prepend(img);
    }
  };
  for (const i of [camera, picture]) {
    i.addEventListener('change', () => {
      photo = i.files?.[0];
      (i === camera ? picture : camera).value = '';
      showPhoto();
    });
  }
  removePhoto.addEventListener('click', () => {
    photo = undefined;
    camera.value = '';
    picture.value = '';
    showPhoto();
    picture.focus();
  });

  const submit = button('filing.submit', 'filing-submit', 'submit');
  const status = el('p', 'filing-status');
  status.setAttribute('role', 'status');

  f.append(
    intro,
    as,
    field('filing.category', category),
    field('filing.date', date),
    field('filing.participant', participant),
    field('filing.area', area),
    place,
    field('filing.description', description),
    field('filing.people', people),
    privacy,
    reporter,
    photoBox,
    submit,
    status,
  );

  // Each answer's rule, shown once the field is touched, and all on submit.
  const checks: [Control, () => Said][] = [
    [category, () => (category.value ? undefined : { key: 'filing.required' })],
    [date, () => checkDate(date.value)],
    [participant, () => (participant.value ? undefined : { key: 'filing.required' })],
    [area, () => text(area.value, 200, false)],
    [
      latitude,
      () =>
        bySiteNow() || (!latitude.value.trim() && !longitude.value.trim())
          ? undefined
          : checkDegrees(latitude.value, 90, 'filing.badLatitude'),
    ],
    [
      longitude,
      () =>
        bySiteNow() || (!latitude.value.trim() && !longitude.value.trim())
          ? undefined
          : checkDegrees(longitude.value, 180, 'filing.badLongitude'),
    ],
    [site, () => (bySiteNow() ? checkSite(site.value) : undefined)],
    [description, () => text(description.value, 20000, true, true)],
    [people, () => checkPeople(people.value)],
    [reporterName, () => text(reporterName.value, 200, false)],
    [reporterContact, () => text(reporterContact.value, 200, false)],
  ];
  const touched = (c: Control) => c.dataset.touched === '1';
  function checkAll(all: boolean) {
    for (const [c, check] of checks) {
      if (all) c.dataset.touched = '1';
      mark(c, touched(c) ? check() : undefined);
    }
  }
  for (const [c] of checks) {
    const on = () => {
      c.dataset.touched = '1';
      checkAll(false); // latitude and longitude go together
    };
    c.addEventListener('input', on);
    c.addEventListener('change', on);
  }

  let correcting: string | undefined; // a refused report being corrected: replaced when kept
  fill = (q: Queued) => {
    const i = q.input;
    if (!i) return;
    correcting = q.id;
    category.value = i.category;
    date.value = i.occurred_on;
    participant.value = i.participant;
    area.value = i.area ?? '';
    bySite.input.checked = !!i.site_code;
    byGps.input.checked = !i.site_code;
    site.value = i.site_code ?? '';
    latitude.value = i.location ? String(i.location.latitude) : '';
    longitude.value = i.location ? String(i.location.longitude) : '';
    description.value = i.description;
    people.value = i.people_affected === undefined ? '' : String(i.people_affected);
    restricted.input.checked = !!i.restricted;
    open.input.checked = !i.restricted;
    textRestricted.checked = !!i.description_restricted;
    reporterName.value = i.reporter?.name ?? '';
    reporterContact.value = i.reporter?.contact ?? '';
    photo = q.photo?.blob
      ? new File([q.photo.blob], q.photo.name, { type: q.photo.type })
      : undefined;
    camera.value = '';
    picture.value = '';
    placeShown();
    restrictedShown();
    showPhoto();
    checkAll(true);
    // The server's reason, next to the field it names.
    const named: Record<string, Control> = {
      category, occurred_on: date, participant, area, site_code: site, description,
      people_affected: people, 'location.latitude': latitude, 'location.longitude': longitude,
      'reporter.name': reporterName, 'reporter.contact': reporterContact,
      reporter_name: reporterName, reporter_contact: reporterContact,
    };
    const target = named[q.problem?.field ?? ''];
    if (target && q.problem) mark(target, q.problem.detail);
    rtr(status, 'filing.correcting').className = '';
    (target ?? category).focus();
  };

  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    checkAll(true);
    const photoSaid = checkPhoto(photo);
    showPhoto();
    const wrong = f.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (wrong || photoSaid) {
      rtr(status, 'filing.fix').className = 'bad';
      (wrong ?? picture).focus();
      return;
    }
    if (!queue || !who) return;
    const id = newClientId();
    const lat = degrees(latitude.value);
    const lon = degrees(longitude.value);
    const name = reporterName.value.trim();
    const contact = reporterContact.value.trim();
    const body: IncidentInput = {
      category: category.value,
      occurred_on: date.value,
      participant: participant.value,
      area: area.value.trim(),
      description: description.value.trim(),
      restricted: restricted.input.checked,
      description_restricted: !restricted.input.checked && textRestricted.checked,
    };
    if (bySiteNow()) body.site_code = site.value.trim();
    else if (lat && lon) body.location = { latitude: lat, longitude: lon };
    if (people.value.trim()) body.people_affected = Number(people.value.trim());
    if (name || contact) body.reporter = { name, contact };
    submit.disabled = true;
    try {
      const type = photo ? typeOf(photo) : '';
      const q: Queued = {
        id,
        user: who.id,
        userName: who.name,
        created: new Date().toISOString(),
        after: (await queue.meta<number>('seen')) ?? 0,
        state: 'waiting',
        attempted: false,
        summary: { category: body.category, occurred_on: body.occurred_on, participant: body.participant },
        input: body,
        photo: photo
          ? {
              name: photoName(id, photo, type),
              type,
              size: photo.size,
              sha256: await sha256Hex(photo).catch(() => undefined),
              // The bytes as taken, kept apart from the File (which may point into the camera's
              // temporary storage).
              blob: new Blob([await photo.arrayBuffer()], { type }),
            }
          : undefined,
      };
      await queue.add(q, correcting);
    } catch (err) {
      submit.disabled = false;
      rtr(status, 'filing.notKept', { why: err instanceof Error ? err.message : String(err) }).className = 'bad';
      return;
    }
    submit.disabled = false;
    void queue.setMeta('participant', body.participant).catch(() => undefined);
    correcting = undefined;
    f.reset();
    date.value = today();
    date.max = today();
    participant.value = body.participant;
    photo = undefined;
    placeShown();
    restrictedShown();
    showPhoto();
    for (const [c] of checks) {
      delete c.dataset.touched;
      mark(c);
    }
    rtr(status, 'filing.kept').className = 'ok';
    void keepStorage();
    await showQueue();
    void sendNow();
  });
  return f;
}

function showSites(datalist: HTMLDataListElement, sites: { code: string; name: string }[] | undefined) {
  datalist.replaceChildren(
    ...(sites ?? []).map((s) => Object.assign(el('option'), { value: s.code, label: s.name })),
  );
}
// The registered sites' codes, kept for choosing them offline.
async function refreshSites() {
  if (!queue || token === undefined) return;
  const answer = await getSites(token).catch(() => undefined);
  if (!answer?.ok) return;
  const sites = answer.body.map((s) => ({ code: s.code, name: `${s.name} (${s.participant})` }));
  await queue.setMeta('sites', sites).catch(() => undefined);
  const datalist = document.getElementById('filing-sites');
  if (datalist instanceof HTMLDataListElement) showSites(datalist, sites);
}

// Asks the browser to keep this site's storage when space runs short (no prompt in most).
async function keepStorage() {
  if (!navigator.storage?.persist) return;
  persisted = (await navigator.storage.persisted().catch(() => false)) || (await navigator.storage.persist().catch(() => false));
}

// --- the outbox, as it stands ---
const when = (iso: string) =>
  new Date(iso).toLocaleString(lang(), { dateStyle: 'medium', timeStyle: 'short' });

async function showQueue() {
  if (!list || !note || !queue) return;
  const items = (await queue.all().catch(() => [] as Queued[])).reverse();
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.action : undefined;
  const focusedId = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.id : undefined;
  const waiting = items.some((q) => q.state === 'waiting' || q.state === 'sending');
  note.className = '';
  note.replaceChildren();
  if (sessionEnded && waiting && !someoneElse) {
    note.className = 'bad';
    const a = rtr(el('a'), 'queue.signInLink');
    a.href = '#signin-title';
    a.addEventListener('click', (e) => {
      // The page still shows the ended session: opened again, it offers the sign-in form.
      if (!document.getElementById('login-form')?.hidden) return;
      e.preventDefault();
      location.hash = 'signin-title';
      location.reload();
    });
    note.append(rtx('queue.sessionEnded'), ' ', a);
  } else if (!navigator.onLine && waiting) {
    note.append(rtx('queue.offlineNote'));
  } else if (!persisted && waiting) {
    note.append(rtx('queue.storageAsk'));
  }
  // What changed since last shown, said once (the list itself is not a live region).
  for (const q of items) {
    const before = seenStates.get(q.id);
    if (news && before && before !== q.state && (q.state === 'sent' || q.state === 'refused')) {
      const [key, vars, cls] = stateOf(q);
      rtr(news, key, vars).className = cls;
    }
    seenStates.set(q.id, q.state);
  }
  if (items.length === 0) {
    list.replaceChildren(rtr(el('p', 'queue-empty'), 'queue.none'));
    return;
  }
  const ul = el('ul', 'queue-list');
  for (const q of items) ul.append(queuedItem(q));
  list.replaceChildren(ul);
  if (focused && focusedId) {
    list.querySelector<HTMLElement>(`[data-action="${focused}"][data-id="${CSS.escape(focusedId)}"]`)?.focus();
  }
}

function stateOf(q: Queued): [ReportKey, Vars | undefined, string] {
  switch (q.state) {
    case 'sent':
      return ['queue.sent', { id: q.report ?? '' }, 'ok'];
    case 'refused':
      return ['queue.refused', undefined, 'bad'];
    case 'sending':
      return [q.attempted ? 'queue.checking' : 'queue.sending', undefined, ''];
    default:
      if ((who && q.user !== who.id) || someoneElse) return ['queue.otherUser', { name: q.userName }, ''];
      if (sessionEnded || (q.reason === 'signin' && token === undefined)) return ['queue.signIn', undefined, 'bad'];
      if (!navigator.onLine || q.reason === 'offline') return ['queue.waitingOffline', undefined, ''];
      if (q.reason === 'unreachable' || q.reason === 'server') {
        return ['queue.waitingServer', { why: q.reasonDetail ?? '' }, ''];
      }
      return ['queue.waiting', undefined, ''];
  }
}

function action(key: ReportKey, name: string, q: Queued, run: () => void | Promise<void>) {
  const b = button(key);
  b.dataset.action = name;
  b.dataset.id = q.id;
  b.addEventListener('click', () => void run());
  return b;
}

function queuedItem(q: Queued): HTMLLIElement {
  const li = el('li');
  li.dataset.id = q.id;
  li.dataset.state = q.state;
  if (q.report) li.dataset.report = String(q.report);
  const title = el('p');
  const cat = el('strong');
  rtr(cat, `filing.cat.${q.summary.category}` as ReportKey);
  title.append(cat, ` · ${q.summary.occurred_on} · `, rtx(`filing.country.${q.summary.participant}` as ReportKey));
  if (q.photo) title.append(' · ', rtx('queue.withPhoto'));
  const [key, vars, cls] = stateOf(q);
  const state = rtr(el('p'), key, vars);
  state.className = `state ${cls}`;
  const kept = rtr(el('p'), 'queue.filed', { when: when(q.created) });
  kept.className = 'hint';
  li.append(title, state);
  if (q.state === 'sent' && q.report) {
    const report = q.report;
    const facts = el('p');
    facts.className = 'hint';
    if (q.receivedAt) facts.append(rtx('queue.sentAt', { when: when(q.receivedAt) }));
    if (q.photo?.sha256 && q.serverSha256) {
      const same = q.photo.sha256 === q.serverSha256;
      const photo = rtx(same ? 'queue.photoKept' : 'queue.photoDiffers', { sha: q.serverSha256.slice(0, 16) + '…' });
      if (!same) photo.className = 'bad';
      facts.append(facts.childNodes.length ? ' · ' : '', photo);
    }
    if (facts.childNodes.length) li.append(facts);
    const links = el('p');
    const receipt = rtr(el('a'), 'queue.receipt');
    receipt.href = incidentReceiptPath(report);
    receipt.download = `report-${report}-receipt.json`;
    receipt.dataset.action = 'receipt';
    const out = el('span');
    out.setAttribute('role', 'status');
    receipt.addEventListener('click', async (e) => {
      // Fetched with the caller's credentials (a token cannot ride on a link), and a refusal
      // (not yet in the log, no network) shown here rather than saved as the file.
      e.preventDefault();
      const file = await getFile(token ?? SESSION, receipt.href).catch(() => undefined);
      if (!file) return void plain(out, ` ${reportStrings['queue.waitingOffline'][lang()]}`);
      if (!file.ok) return void plain(out, ` ${file.problem.detail}`);
      out.textContent = '';
      save(file.body, receipt.download);
    });
    const page = rtr(el('a'), 'queue.report');
    page.href = incidentPath(report);
    page.target = '_blank';
    page.rel = 'noopener';
    links.append(receipt, ' · ', page, out);
    li.append(links);
  }
  if (q.state === 'refused' && q.problem) {
    const why = el('p');
    why.className = 'bad problem';
    plain(why, q.problem.detail);
    const actions = el('p');
    actions.append(
      action('queue.correct', 'correct', q, () => {
        fill?.(q);
      }),
      ' ',
      action('queue.discard', 'discard', q, async () => {
        if (!confirm(reportStrings['queue.discardConfirm'][lang()])) return;
        await queue?.removeRefused(q.id);
        await showQueue();
      }),
    );
    li.append(why, actions);
  }
  if (q.state === 'waiting' && who && q.user === who.id) {
    const p = el('p');
    p.append(action('queue.sendNow', 'send', q, () => sendNow()));
    li.append(p);
  }
  li.append(kept);
  return li;
}
