// What offline verification trusts, kept in this browser (localStorage) with the time it was
// fetched: the authorities' keyring (GET /v1/keys) and the log's verifier key (GET /v1/log/vkey,
// one line of text). Fetched again on every visit online; never taken from a QR code, which
// anyone could make with keys of their own.
import { type Keyring, parseLogKey } from './offline';

export interface Held<T> {
  value: T;
  fetched_at: string; // ISO 8601, UTC
}

const KEYRING = 'openkp.trust.keyring';
const LOG_KEY = 'openkp.trust.logKey';
// The service worker (web/sw.js) marks the copies it answers from its cache, offline, with the
// time they were fetched: such an answer is not news.
const CACHED_AT = 'X-Openkp-Cached-At';

function read<T>(name: string): Held<T> | undefined {
  try {
    const held = JSON.parse(localStorage.getItem(name) ?? 'null') as Held<T> | null;
    return held && typeof held.fetched_at === 'string' ? held : undefined;
  } catch {
    return undefined; // storage disabled or damaged: nothing held
  }
}

// Kept unless what is held is as recent.
function keep<T>(name: string, held: Held<T>): boolean {
  const before = read<T>(name);
  if (before && before.fetched_at >= held.fetched_at) return false;
  try {
    localStorage.setItem(name, JSON.stringify(held));
    return true;
  } catch {
    return false;
  }
}

export const heldKeyring = () => read<Keyring>(KEYRING);
export const heldLogKey = () => read<string>(LOG_KEY);

async function fetchText(path: string): Promise<{ text: string; at: string } | undefined> {
  try {
    const r = await fetch(path, { cache: 'no-cache' });
    if (!r.ok) return undefined;
    return { text: await r.text(), at: r.headers.get(CACHED_AT) ?? new Date().toISOString() };
  } catch {
    return undefined; // offline
  }
}

// The keys of a keyring that have what verification reads.
function keyringOf(text: string): Keyring | undefined {
  try {
    const k = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(k.keys)) return undefined;
    const str = (v: unknown) => typeof v === 'string';
    const keys = k.keys.filter(
      (x: Record<string, unknown>) =>
        x && str(x.key_id) && str(x.participant) && str(x.public_key) && str(x.valid_from),
    );
    return { keys };
  } catch {
    return undefined;
  }
}

// Fetches both again; true when either changed what is held.
export async function refreshTrust(): Promise<boolean> {
  const [keys, vkey] = await Promise.all([fetchText('/v1/keys'), fetchText('/v1/log/vkey')]);
  let changed = false;
  const keyring = keys && keyringOf(keys.text);
  if (keys && keyring) changed = keep(KEYRING, { value: keyring, fetched_at: keys.at });
  if (vkey && (await parseLogKey(vkey.text))) {
    changed = keep(LOG_KEY, { value: vkey.text.trim(), fetched_at: vkey.at }) || changed;
  }
  return changed;
}
