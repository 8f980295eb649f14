// The monitors' outbox (report.ts): incident reports kept in this browser's IndexedDB, the photo
// as a Blob, before anything is sent, so that a report filed without a network, or through a
// reload, a closed tab or a failed send, is never lost; then sent, one at a time, with the
// filer's sign-in only (POST /v1/incidents, the photo in base64).
//
// Never twice: each report has a stable client id (its photo is named after it) and keeps the
// server's report id once sent; a send is claimed in an IndexedDB transaction and runs under a
// Web Lock, so two tabs never send the same report. A send that got no answer (the network fell
// during the upload, the page closed) may still have arrived: before sending it again, the
// organisation's reports filed since are searched for it (the same answers, the photo's name),
// and a match is taken as the report. (`corrects` is not for this: it names a report the new
// one corrects, and the server refuses one that names no report of the organisation.)
//
// Once a report is received, its text, place, identity and photo leave the phone (a seized phone
// tells nothing more); its id, category, date and the photo's SHA-256 stay, with the receipt's
// links. A refused report stays whole, with the server's reason, until it is corrected or removed.
import { fileIncident, type IncidentInput, listIncidentsAfter, type OwnIncident, type Problem } from './api';

export interface QueuedPhoto {
  name: string; // <client id>.<ext>: unique, so that it identifies the report on the server
  type: string;
  size: number;
  sha256?: string; // hex, computed when kept (to show that the server holds the same bytes)
  blob?: Blob; // until sent
}
export type QueueState = 'waiting' | 'sending' | 'sent' | 'refused';
// Why a report still waits, from its last try.
export type WaitReason = 'offline' | 'unreachable' | 'server' | 'signin';
export interface Queued {
  id: string;
  user: number; // who filed it: sent with their sign-in only
  userName: string;
  created: string; // ISO time kept
  after: number; // the highest report id this browser knew when it was kept
  state: QueueState;
  attempted: boolean; // a send began and got no answer: it may have arrived
  summary: { category: string; occurred_on: string; participant: string };
  input?: IncidentInput; // without the photo; dropped once sent
  photo?: QueuedPhoto;
  reason?: WaitReason;
  reasonDetail?: string;
  report?: number;
  receivedAt?: string;
  serverSha256?: string; // the photo's, as the server holds it
  problem?: { status: number; detail: string; field?: string };
}

const DB = 'openkp-reports';
const REPORTS = 'reports';
const META = 'meta';

const done = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
const finished = (t: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new DOMException('aborted', 'AbortError'));
  });

export class Queue {
  constructor(private db: IDBDatabase) {}

  async all(): Promise<Queued[]> {
    const t = this.db.transaction(REPORTS);
    const list = await done(t.objectStore(REPORTS).getAll() as IDBRequest<Queued[]>);
    return list.sort((a, b) => a.created.localeCompare(b.created));
  }
  async get(id: string): Promise<Queued | undefined> {
    const t = this.db.transaction(REPORTS);
    return done(t.objectStore(REPORTS).get(id) as IDBRequest<Queued | undefined>);
  }
  // Kept once the transaction has committed (then only is the report safe); `replaces`: a
  // refused report that this one corrects, removed in the same transaction.
  async add(q: Queued, replaces?: string): Promise<void> {
    const t = this.db.transaction(REPORTS, 'readwrite');
    const store = t.objectStore(REPORTS);
    store.add(q);
    if (replaces) {
      const old = await done(store.get(replaces) as IDBRequest<Queued | undefined>);
      if (old?.state === 'refused') store.delete(replaces);
    }
    await finished(t);
  }
  // Changes one report atomically (across tabs too): `change` gets it as stored and answers the
  // new one, or undefined to leave it. Answers what was stored, or undefined.
  async update(id: string, change: (q: Queued) => Queued | undefined): Promise<Queued | undefined> {
    const t = this.db.transaction(REPORTS, 'readwrite');
    const store = t.objectStore(REPORTS);
    let out: Queued | undefined;
    const r = store.get(id) as IDBRequest<Queued | undefined>;
    r.onsuccess = () => {
      if (!r.result) return;
      out = change(r.result);
      if (out) store.put(out);
    };
    await finished(t);
    return out;
  }
  // A refused report only: a waiting one is never dropped by hand, a sent one stays as a record.
  async removeRefused(id: string): Promise<void> {
    const t = this.db.transaction(REPORTS, 'readwrite');
    const store = t.objectStore(REPORTS);
    const r = store.get(id) as IDBRequest<Queued | undefined>;
    r.onsuccess = () => {
      if (r.result?.state === 'refused') store.delete(id);
    };
    await finished(t);
  }
  async meta<T>(key: string): Promise<T | undefined> {
    const t = this.db.transaction(META);
    return done(t.objectStore(META).get(key) as IDBRequest<T | undefined>);
  }
  async setMeta(key: string, value: unknown): Promise<void> {
    const t = this.db.transaction(META, 'readwrite');
    t.objectStore(META).put(value, key);
    await finished(t);
  }
  // The highest report id seen: a report kept from now on will have a higher one.
  async seen(id: number): Promise<void> {
    const t = this.db.transaction(META, 'readwrite');
    const store = t.objectStore(META);
    const r = store.get('seen') as IDBRequest<number | undefined>;
    r.onsuccess = () => {
      if ((r.result ?? 0) < id) store.put(id, 'seen');
    };
    await finished(t);
  }
}

// The outbox, or undefined where the browser keeps nothing (IndexedDB missing or refused).
export async function openQueue(): Promise<Queue | undefined> {
  if (typeof indexedDB === 'undefined') return undefined;
  try {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      r.result.createObjectStore(REPORTS, { keyPath: 'id' });
      r.result.createObjectStore(META);
    };
    return new Queue(await done(r));
  } catch {
    return undefined;
  }
}

// A random (version 4) UUID; crypto.randomUUID is for secure contexts only.
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function sha256Hex(blob: Blob): Promise<string | undefined> {
  if (!crypto.subtle) return undefined; // not a secure context
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
}

// The file's bytes in base64 (RFC 4648, padded), as the browser encodes them.
function base64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

// Degrees as the server keeps them: millionths (the decimal string's digits, not a float's).
export function degreesE6(text: string | number): number | undefined {
  const m = /^([+-]?)(\d{1,3})(?:\.(\d{1,15}))?$/.exec(String(text).trim());
  if (!m) return undefined;
  const v = Number(m[2]) * 1e6 + Number((m[3] ?? '').padEnd(6, '0').slice(0, 6));
  return m[1] === '-' ? -v : v;
}
const e6OfNumber = (n: number) => Math.round(n * 1e6);

// Whether `r`, a report of the organisation filed through the API after `q` was kept, is `q`.
function isThisReport(r: OwnIncident, q: Queued): boolean {
  const i = q.input;
  if (!i || r.form !== 'openkp_incident' || !r.instance_id || (r.device ?? 0) !== 0) return false;
  const files = r.files ?? [];
  if (q.photo) {
    // Named after the client id: decisive.
    return files.some((f) => f.name === q.photo?.name);
  }
  if (files.length > 0) return false;
  const same =
    r.category === i.category &&
    r.occurred_on === i.occurred_on &&
    r.participant === i.participant &&
    r.area === (i.area ?? '') &&
    (r.site_code ?? '') === (i.site_code ?? '') &&
    r.description === i.description &&
    (r.people_affected ?? null) === (i.people_affected ?? null) &&
    (r.restricted ?? false) === (i.restricted ?? false) &&
    (r.description_restricted ?? false) === (i.description_restricted ?? false);
  if (!same) return false;
  if (!i.location) return true;
  const loc = r.location;
  return (
    !!loc &&
    e6OfNumber(loc.latitude) === degreesE6(i.location.latitude) &&
    e6OfNumber(loc.longitude) === degreesE6(i.location.longitude)
  );
}

type Found = { report: OwnIncident } | { none: true } | { unreachable: true } | { signin: true };
// Looks for `q` among the reports filed after it was kept, leaving out those already taken by
// other reports of the outbox.
async function findOnServer(token: string, q: Queued, taken: Set<number>): Promise<Found> {
  let after = q.after;
  for (;;) {
    const page = await listIncidentsAfter(token, after, 1000).catch(() => undefined);
    if (!page) return { unreachable: true };
    if (!page.ok) return page.problem?.status === 401 ? { signin: true } : { unreachable: true };
    for (const r of page.body) if (!taken.has(r.id) && isThisReport(r, q)) return { report: r };
    if (page.body.length < 1000) return { none: true };
    after = page.body[page.body.length - 1].id;
  }
}

// The server's refusals (kept and shown), as opposed to what a later try may get through.
const refusal = (status: number) =>
  status >= 400 && status < 500 && ![401, 408, 425, 429].includes(status);

function received(q: Queued, r: OwnIncident): Queued {
  const file = q.photo ? r.files?.find((f) => f.name === q.photo?.name) : undefined;
  return {
    ...q,
    state: 'sent',
    attempted: false,
    input: undefined, // the text, place and identity leave the phone
    photo: q.photo ? { ...q.photo, blob: undefined } : undefined,
    reason: undefined,
    reasonDetail: undefined,
    report: r.id,
    receivedAt: r.received_at,
    serverSha256: file?.sha256,
    problem: undefined,
  };
}

export type FlushResult = 'done' | 'network' | 'signin';

// One sender at a time in this browser (a Web Lock across tabs where there are locks).
let chain: Promise<unknown> = Promise.resolve();
function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const locked = (): Promise<T> =>
    navigator.locks ? (navigator.locks.request('openkp-reports', work) as Promise<T>) : work();
  const next = chain.then(locked, locked);
  chain = next.catch(() => undefined);
  return next;
}

// Sends `user`'s waiting reports in the order kept, with `token` (an API token, or '' for the
// session's cookie and CSRF token). `changed` is called after each change, to show it. Stops at
// the first that cannot go (no network, no session); a refused one is kept and the next goes.
export function sendWaiting(
  queue: Queue,
  user: number,
  token: string,
  changed: () => void,
): Promise<FlushResult> {
  return exclusively(async () => {
    const all = await queue.all();
    const taken = new Set(all.flatMap((q) => (q.report ? [q.report] : [])));
    for (const item of all) {
      if (item.user !== user || (item.state !== 'waiting' && item.state !== 'sending')) continue;
      // Under the lock, a report left 'sending' was being sent when its page went: unknown.
      const claimed = await queue.update(item.id, (q) =>
        q.state === 'waiting' || q.state === 'sending'
          ? { ...q, state: 'sending', attempted: q.attempted || q.state === 'sending' }
          : undefined,
      );
      if (!claimed) continue;
      changed();
      const wait = async (reason: WaitReason, attempted: boolean, detail?: string) => {
        await queue.update(item.id, (q) =>
          q.state === 'sending' ? { ...q, state: 'waiting', reason, reasonDetail: detail, attempted } : undefined,
        );
        changed();
      };
      if (claimed.attempted) {
        const found = await findOnServer(token, claimed, taken);
        if ('report' in found) {
          taken.add(found.report.id);
          await queue.update(item.id, (q) => received(q, found.report));
          await queue.seen(found.report.id);
          changed();
          continue;
        }
        if ('signin' in found) {
          await wait('signin', true);
          return 'signin';
        }
        if ('unreachable' in found) {
          await wait(navigator.onLine ? 'unreachable' : 'offline', true);
          return 'network';
        }
      }
      // Not on the server: from here, a send without an answer may have arrived.
      await queue.update(item.id, (q) => ({ ...q, attempted: true }));
      let body: IncidentInput;
      try {
        body = { ...(claimed.input as IncidentInput) };
        const photo = claimed.photo;
        if (photo?.blob) {
          body.photo = { name: photo.name, content_type: photo.type, data: await base64(photo.blob) };
        }
      } catch (e) {
        // The photo could not be read back (the browser lost it): the server could not take it.
        await wait('server', false, String(e));
        continue;
      }
      let answer;
      try {
        answer = await fileIncident(token, body);
      } catch (e) {
        await wait(navigator.onLine ? 'unreachable' : 'offline', true, e instanceof Error ? e.message : String(e));
        return 'network';
      }
      if (answer.report && answer.status < 300) {
        const report = answer.report;
        taken.add(report.id);
        await queue.update(item.id, (q) => received(q, report));
        await queue.seen(report.id);
        changed();
        continue;
      }
      if (answer.status === 401) {
        await wait('signin', false);
        return 'signin';
      }
      if (refusal(answer.status)) {
        const p: Problem | undefined = answer.problem;
        await queue.update(item.id, (q) => ({
          ...q,
          state: 'refused',
          attempted: false,
          reason: undefined,
          problem: {
            status: answer.status,
            detail: p?.detail ?? `${answer.status}`,
            field: p?.field,
          },
        }));
        changed();
        continue;
      }
      // 5xx, 408, 429: the server (or a proxy) did not take it now; it may have stored it.
      await wait('server', true, answer.problem?.detail ?? `HTTP ${answer.status}`);
      return 'network';
    }
    return 'done';
  });
}
