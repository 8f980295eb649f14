// A paper certificate verified offline (docs/CERTIFICATE_FORMAT.md, "The QR code (KPQ1)"): the
// QR code's bytes decoded, then everything checked in this browser with WebCrypto (Ed25519,
// SHA-256): the certificate's signature with the authorities' keys this browser keeps, and the
// receipt of its log entry (docs/TRANSPARENCY_LOG.md, "Entries" and "Receipts") with the log's
// verifier key. Keys never come from the code. Every message is a key of i18n.ts with its values.
// No DOM and no import at run time: tests/js/web.test.mjs runs this file in Node as it is.
import type { Key, Vars } from './i18n';

// A message: a key of the dictionary and the values of its {placeholders}.
export interface Said {
  key: Key;
  vars?: Vars;
}

export interface AuthorityKey {
  key_id: string;
  participant: string;
  public_key: string;
  valid_from: string;
  valid_to?: string | null;
  revoked_on?: string | null;
}
export interface Keyring {
  keys: AuthorityKey[];
}

export interface Line {
  hs_code: string;
  carats_hundredths: number;
  value_usd_cents: number;
}
export interface CertificateBody {
  format: string;
  title: string;
  statement: string;
  number: string;
  issuer: string;
  issuing_authority: string;
  key_id: string;
  destination: string;
  origin: { mixed: boolean; countries: string[] };
  exporter: { name: string; address: string };
  importer: { name: string; address: string };
  lines: Line[];
  parcels: number;
  issued_on: string;
  expires_on: string;
}
export interface SignedCertificate {
  certificate: CertificateBody;
  signature: { alg: 'Ed25519'; value: string };
}

// One check: `name` as the server's verification names it, `what` its title, `detail` what it
// found, and when it failed, `failure` (a term.* key) naming why the certificate is not valid.
export interface Check {
  name: string;
  ok: boolean;
  what: Key;
  detail: Said;
  failure?: Key;
}

export interface Verdict {
  valid: boolean;
  failure?: Key; // the first failed check's
  reason?: Said; // the first failed check's detail
  checks: Check[];
  body?: CertificateBody; // when well-formed (proven only when `signed`)
  signed: boolean; // the signature verified with a key of the issuer
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: Said };
const fail = (key: Key, vars?: Vars): { ok: false; error: Said } => ({
  ok: false,
  error: { key, vars },
});

// --- bytes, base64, hashes ---
const utf8 = (s: string) => new TextEncoder().encode(s);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Strict RFC 4648 base64 with padding; undefined if it is not.
export function fromBase64(s: string): Uint8Array | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  try {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

const toBase64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));

// (WebCrypto takes an ArrayBuffer-backed view: a copy is one.)
const buffer = (b: Uint8Array) => new Uint8Array(b);

const sha256 = async (...parts: Uint8Array[]) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', buffer(concat(...parts))));

async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey(
      'raw',
      buffer(publicKey),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, buffer(signature), buffer(message));
  } catch {
    return false;
  }
}

const equalBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

// --- JSON ---
// RFC 8785 (JCS) for JSON.parse's values: ECMAScript's own number and string serialisation,
// members sorted by UTF-16 code units (JavaScript's default sort), no whitespace.
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const members = Object.keys(o).sort();
    return `{${members.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('not a JSON number');
  return JSON.stringify(v);
}

// The first member name that an object of `text` (valid JSON) repeats: I-JSON forbids them, as
// two parsers may keep different ones and so read two different certificates.
function repeatedName(text: string): string | undefined {
  const objects: (Set<string> | null)[] = []; // null: an array
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectName) {
        const name = JSON.parse(text.slice(i, j + 1)) as string;
        const seen = objects[objects.length - 1];
        if (seen?.has(name)) return name;
        seen?.add(name);
        expectName = false;
      }
      i = j;
    } else if (c === '{') {
      objects.push(new Set());
      expectName = true;
    } else if (c === '[') {
      objects.push(null);
    } else if (c === '}' || c === ']') {
      objects.pop();
    } else if (c === ',') {
      expectName = objects[objects.length - 1] !== null;
    }
  }
  return undefined;
}

export function parseJson(text: string): Parsed<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('offline.err.json');
  }
  const repeated = repeatedName(text);
  if (repeated !== undefined) return fail('offline.err.repeated', { name: repeated });
  return { ok: true, value };
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o: Obj, name: string) => Object.prototype.hasOwnProperty.call(o, name);
const hasExactly = (o: Obj, names: string[]) =>
  Object.keys(o).length === names.length && names.every((n) => has(o, n));

// --- the QR code ---
const MAX_INFLATED = 256 * 1024; // a certificate and its receipt are a few KB

async function inflateRaw(data: Uint8Array): Promise<Uint8Array | 'too-large'> {
  const stream = new Blob([buffer(data)])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(...parts);
    size += value.length;
    if (size > MAX_INFLATED) {
      await reader.cancel();
      return 'too-large';
    }
    parts.push(value);
  }
}

// The bytes of a KPQ1 code: "KPQ1", then raw DEFLATE of {"signed": ..., "receipt": "..."}.
export async function decodeQrPayload(
  bytes: Uint8Array,
): Promise<Parsed<{ signed: unknown; receipt: string }>> {
  if (bytes.length < 4 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'KPQ1') {
    return fail('offline.err.prefix');
  }
  let inflated: Uint8Array | 'too-large';
  try {
    inflated = await inflateRaw(bytes.subarray(4));
  } catch {
    return fail('offline.err.inflate');
  }
  if (inflated === 'too-large') return fail('offline.err.tooLarge');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return fail('offline.err.utf8');
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (!isObject(v) || !hasExactly(v, ['signed', 'receipt']) || typeof v.receipt !== 'string') {
    return fail('offline.err.members');
  }
  return { ok: true, value: { signed: v.signed, receipt: v.receipt } };
}

// A certificate file: the signed document, or the API's record of it (GET
// /v1/certificates/{number}, which holds it as `signed`).
export function parseCertificateFile(text: string): Parsed<unknown> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (isObject(v) && has(v, 'signed') && !has(v, 'certificate')) {
    return { ok: true, value: v.signed };
  }
  return parsed;
}

// --- the document (CERTIFICATE_FORMAT.md, "The document") ---
const FORMAT = 'openkp-kp-certificate/1';
const TITLE = 'Kimberley Process Certificate';
const STATEMENT =
  'The rough diamonds in this shipment have been handled in accordance with the provisions of ' +
  'the Kimberley Process Certification Scheme for rough diamonds.';
const BODY = [
  'format',
  'title',
  'statement',
  'number',
  'issuer',
  'issuing_authority',
  'key_id',
  'destination',
  'origin',
  'exporter',
  'importer',
  'lines',
  'parcels',
  'issued_on',
  'expires_on',
];
const HS_CODES = ['7102.10', '7102.21', '7102.31'];

const isInt = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const isCode = (v: unknown) => typeof v === 'string' && /^[A-Z]{2}$/.test(v);
const isText = (v: unknown, maxBytes: number) =>
  typeof v === 'string' &&
  v !== '' &&
  utf8(v).length <= maxBytes &&
  !/[\u0000-\u001f\u007f]/.test(v);

// Days since 1970-01-01 of a real YYYY-MM-DD date, else NaN.
function days(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return NaN;
  const t = Date.parse(v + 'T00:00:00Z');
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v ? NaN : t / 86400000;
}

const isParty = (v: unknown) =>
  isObject(v) &&
  hasExactly(v, ['name', 'address']) &&
  isText(v.name, 200) &&
  isText(v.address, 500);

function isOrigin(v: unknown) {
  if (!isObject(v) || !hasExactly(v, ['mixed', 'countries']) || typeof v.mixed !== 'boolean') {
    return false;
  }
  const c = v.countries;
  return (
    Array.isArray(c) &&
    c.length <= 50 &&
    (v.mixed || c.length > 0) &&
    c.every(isCode) &&
    new Set(c).size === c.length
  );
}

function areLines(v: unknown) {
  if (!Array.isArray(v) || v.length < 1 || v.length > 3) return false;
  const ok = v.every(
    (l) =>
      isObject(l) &&
      hasExactly(l, ['hs_code', 'carats_hundredths', 'value_usd_cents']) &&
      HS_CODES.includes(l.hs_code as string) &&
      isInt(l.carats_hundredths, 1, 1e11) &&
      isInt(l.value_usd_cents, 1, 1e13),
  );
  return ok && new Set(v.map((l: Obj) => l.hs_code)).size === v.length;
}

// The first member of a signed document that is missing or not as the format says.
function malformed(doc: unknown): string | undefined {
  if (!isObject(doc) || !hasExactly(doc, ['certificate', 'signature'])) return 'document';
  const s = doc.signature;
  if (!isObject(s) || !hasExactly(s, ['alg', 'value']) || s.alg !== 'Ed25519') return 'signature';
  if (typeof s.value !== 'string' || fromBase64(s.value)?.length !== 64) return 'signature.value';
  const b = doc.certificate;
  if (!isObject(b)) return 'certificate';
  const member = BODY.find((m) => !has(b, m)) ?? Object.keys(b).find((m) => !BODY.includes(m));
  if (member !== undefined) return `certificate.${member}`;
  const issued = days(b.issued_on);
  const expires = days(b.expires_on);
  const rules: [string, boolean][] = [
    ['format', b.format === FORMAT],
    ['title', b.title === TITLE],
    ['statement', b.statement === STATEMENT],
    ['number', typeof b.number === 'string' && /^[A-Z0-9/-]{4,40}$/.test(b.number)],
    ['issuer', isCode(b.issuer)],
    ['issuing_authority', isText(b.issuing_authority, 200)],
    ['key_id', isText(b.key_id, 100)],
    ['destination', isCode(b.destination) && b.destination !== b.issuer],
    ['origin', isOrigin(b.origin)],
    ['exporter', isParty(b.exporter)],
    ['importer', isParty(b.importer)],
    ['lines', areLines(b.lines)],
    ['parcels', isInt(b.parcels, 1, 100000)],
    ['issued_on', !Number.isNaN(issued)],
    ['expires_on', expires > issued && expires - issued <= 366],
  ];
  const bad = rules.find(([, ok]) => !ok);
  return bad ? `certificate.${bad[0]}` : undefined;
}

// --- the log (TRANSPARENCY_LOG.md; signed notes and tlog-proof@v1 as in src/tlog/note.cpp) ---
interface LogKey {
  name: string;
  id: number;
  key: Uint8Array;
}

const u32 = (b: Uint8Array) => ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
const isKeyName = (s: string) => s !== '' && !/[\s+\u0000-\u001f\u007f]/.test(s);

// A signed-note verifier key: <name>+<8 hex digits>+base64(0x01 || 32-byte Ed25519 key), the
// digits being the first 4 bytes of SHA-256(name "\n" 0x01 key).
export async function parseLogKey(vkey: string): Promise<LogKey | undefined> {
  const parts = /^([^+]*)\+([^+]*)\+(.*)$/.exec(vkey.trim()); // base64 may hold a '+'
  if (!parts || !isKeyName(parts[1]) || !/^[0-9a-f]{8}$/.test(parts[2])) return undefined;
  const raw = fromBase64(parts[3]);
  if (!raw || raw.length !== 33 || raw[0] !== 1) return undefined;
  const id = parseInt(parts[2], 16);
  const hash = await sha256(utf8(parts[1] + '\n'), raw);
  return u32(hash) === id ? { name: parts[1], id, key: raw.subarray(1) } : undefined;
}

interface Receipt {
  extra: Uint8Array;
  index: bigint;
  proof: Uint8Array[];
  checkpoint: string;
}

// c2sp.org/tlog-proof@v1: the header line, "extra <base64>" (optional), "index <n>", the
// inclusion proof (one base64 hash a line), an empty line, then the signed checkpoint.
function parseReceipt(text: string): Receipt | undefined {
  const lines = text.split('\n');
  let i = 0;
  if (lines[i++] !== 'c2sp.org/tlog-proof@v1') return undefined;
  let extra: Uint8Array | undefined = new Uint8Array();
  if (lines[i]?.startsWith('extra ')) extra = fromBase64(lines[i++].slice(6));
  const index = lines[i++];
  if (!extra || !index?.startsWith('index ') || !/^(0|[1-9]\d{0,18})$/.test(index.slice(6))) {
    return undefined;
  }
  const proof: Uint8Array[] = [];
  for (; i < lines.length && lines[i] !== ''; i++) {
    const h = fromBase64(lines[i]);
    if (!h || h.length !== 32 || proof.length >= 64) return undefined;
    proof.push(h);
  }
  if (i >= lines.length - 1) return undefined; // no empty line, or nothing after it
  return { extra, index: BigInt(index.slice(6)), proof, checkpoint: lines.slice(i + 1).join('\n') };
}

// The checkpoint's text (origin, size, root: tlog-checkpoint) when the note carries a valid
// signature by `key`; other signatures (witnesses') are ignored, as signed-note says.
async function openNote(note: string, key: LogKey): Promise<string | 'format' | 'unsigned'> {
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(note)) return 'format';
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return 'format';
  const text = note.slice(0, split + 1);
  let signed = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    const raw = m ? fromBase64(m[2]) : undefined;
    if (!m || !raw || raw.length < 5) return 'format';
    if (m[1] !== key.name || u32(raw) !== key.id) continue;
    if (!(await ed25519Verify(key.key, utf8(text), raw.subarray(4)))) return 'unsigned';
    signed = true;
  }
  return signed ? text : 'unsigned';
}

function parseCheckpoint(text: string) {
  const [origin, size, root] = text.split('\n');
  const hash = fromBase64(root ?? '');
  if (!origin || !/^(0|[1-9]\d{0,19})$/.test(size ?? '') || hash?.length !== 32) return undefined;
  return { origin, size: BigInt(size), root: hash };
}

const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.of(1), l, r);

// RFC 6962 (RFC 9162 2.1.3.2): the root an inclusion proof leads to, or undefined.
async function inclusionRoot(leaf: Uint8Array, index: bigint, size: bigint, proof: Uint8Array[]) {
  if (index >= size) return undefined;
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return undefined;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : undefined;
}

const EVENTS: Record<string, string> = {
  issued: 'certificate.issued',
  confirmed: 'certificate.confirmed',
  voided: 'certificate.voided',
};

interface Logged {
  ok: boolean;
  detail: Said;
  status?: string; // the event the log proves
  failure?: Key;
}

// The receipt checked against the certificate: the entry rebuilt (an issue receipt) or read from
// `extra` after the salt (a confirmation's or a void's) and matched to the certificate, and its
// leaf proven in a checkpoint signed by the log's key.
async function checkReceipt(
  doc: SignedCertificate,
  receiptText: string,
  logKey: string | undefined,
): Promise<Logged> {
  const bad = (key: Key, vars?: Vars): Logged => ({
    ok: false,
    detail: { key, vars },
    failure: 'term.not-logged',
  });
  const key = logKey ? await parseLogKey(logKey) : undefined;
  if (!key) return bad('offline.bad.noLogKey');
  const receipt = parseReceipt(receiptText);
  if (!receipt || receipt.extra.length < 16) return bad('offline.bad.receipt');
  const note = await openNote(receipt.checkpoint, key);
  if (note === 'format') return bad('offline.bad.receipt');
  if (note === 'unsigned') return bad('offline.bad.checkpoint', { log: key.name });
  const cp = parseCheckpoint(note);
  if (!cp) return bad('offline.bad.receipt');
  if (cp.origin !== key.name)
    return bad('offline.bad.origin', { origin: cp.origin, log: key.name });
  const b = doc.certificate;
  const salt = receipt.extra.subarray(0, 16);
  const commitment = toBase64(await sha256(salt, utf8(canonicalJson(doc))));
  let entry: Uint8Array;
  let status = 'issued';
  let date = b.issued_on;
  if (receipt.extra.length === 16) {
    entry = utf8(
      canonicalJson({
        commitment,
        date,
        event: 'certificate.issued',
        issuer: b.issuer,
        number: b.number,
        status,
        v: 1,
      }),
    );
  } else {
    entry = receipt.extra.subarray(16);
    let e: unknown;
    try {
      e = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(entry));
    } catch {
      return bad('offline.bad.receipt');
    }
    if (
      !isObject(e) ||
      typeof e.status !== 'string' ||
      !has(EVENTS, e.status) ||
      e.event !== EVENTS[e.status] ||
      Number.isNaN(days(e.date))
    ) {
      return bad('offline.bad.receipt');
    }
    if (e.number !== b.number || e.issuer !== b.issuer || e.commitment !== commitment) {
      return bad('offline.bad.inclusion');
    }
    status = e.status;
    date = e.date as string;
  }
  const root = await inclusionRoot(
    await sha256(Uint8Array.of(0), entry),
    receipt.index,
    cp.size,
    receipt.proof,
  );
  if (!root || !equalBytes(root, cp.root)) return bad('offline.bad.inclusion');
  const vars = { date, index: String(receipt.index), size: String(cp.size), log: cp.origin };
  if (status === 'voided') {
    return {
      ok: false,
      detail: { key: 'offline.bad.voided', vars },
      status,
      failure: 'term.voided',
    };
  }
  const said: Key = status === 'confirmed' ? 'offline.ok.confirmed' : 'offline.ok.logged';
  return { ok: true, detail: { key: said, vars }, status };
}

// --- the verification ---
// Everything a verifier can check offline (CERTIFICATE_FORMAT.md, "Verifying, step by step",
// and the receipt), `today` being YYYY-MM-DD (UTC). The authority's key is checked as
// step by step says, stopping at the first failure; the log and the expiry are checked anyway,
// so that the reader sees all that is wrong.
export async function verifyOffline(
  signed: unknown,
  receiptText: string,
  keyring: Keyring | undefined,
  logKey: string | undefined,
  today: string,
): Promise<Verdict> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, what: Key, detail: Said, failure: Key) => {
    checks.push(ok ? { name, ok, what, detail } : { name, ok, what, detail, failure });
    return ok;
  };
  const verdict = (body?: CertificateBody, isSigned = false): Verdict => {
    const failed = checks.find((c) => !c.ok);
    return failed
      ? {
          valid: false,
          failure: failed.failure,
          reason: failed.detail,
          checks,
          body,
          signed: isSigned,
        }
      : { valid: true, checks, body, signed: isSigned };
  };
  const field = malformed(signed);
  if (
    !check(
      'well-formed',
      field === undefined,
      'offline.check.wellFormed',
      field === undefined
        ? { key: 'offline.ok.wellFormed' }
        : { key: 'offline.bad.wellFormed', vars: { field: field ?? '' } },
      'term.malformed',
    )
  ) {
    return verdict();
  }
  const doc = signed as SignedCertificate;
  const b = doc.certificate;
  const issuer = b.issuer;
  let isSigned = false;
  const authority = async () => {
    const keys = keyring?.keys ?? [];
    const known = keys.some((k) => k.participant === issuer);
    const noKeys = keys.length === 0;
    if (
      !check(
        'issuer',
        known,
        'offline.check.issuer',
        known
          ? { key: 'offline.ok.issuer', vars: { issuer, authority: b.issuing_authority } }
          : noKeys
            ? { key: 'offline.bad.noKeys' }
            : { key: 'offline.bad.issuer', vars: { issuer } },
        'term.unknown-issuer',
      )
    ) {
      return;
    }
    const key = keys.find((k) => k.key_id === b.key_id && k.participant === issuer);
    const vars = { key: b.key_id, issuer };
    check(
      'key',
      key !== undefined,
      'offline.check.key',
      { key: key ? 'offline.ok.key' : 'offline.bad.key', vars },
      'term.unknown-key',
    );
    if (!key) return;
    const publicKey = fromBase64(key.public_key) ?? new Uint8Array();
    const signature = fromBase64(doc.signature.value) ?? new Uint8Array();
    isSigned = await ed25519Verify(publicKey, utf8(canonicalJson(b)), signature);
    if (
      !check(
        'signature',
        isSigned,
        'offline.check.signature',
        isSigned
          ? { key: 'offline.ok.signature', vars: { issuer, authority: b.issuing_authority } }
          : { key: 'offline.bad.signature' },
        'term.signature',
      )
    ) {
      return;
    }
    const revoked = key.revoked_on ?? undefined;
    if (
      !check(
        'key-not-revoked',
        revoked === undefined,
        'offline.check.notRevoked',
        revoked === undefined
          ? { key: 'offline.ok.notRevoked', vars }
          : { key: 'offline.bad.revoked', vars: { ...vars, date: revoked } },
        'term.revoked-key',
      )
    ) {
      return;
    }
    const to = key.valid_to ?? undefined;
    const inPeriod = key.valid_from <= b.issued_on && (to === undefined || b.issued_on <= to);
    const period = { from: key.valid_from, issued: b.issued_on };
    check(
      'key-valid-on-issue-date',
      inPeriod,
      'offline.check.keyPeriod',
      to === undefined
        ? { key: 'offline.keyPeriodOpen', vars: period }
        : { key: 'offline.keyPeriod', vars: { ...period, to } },
      'term.key-not-valid-on-issue-date',
    );
  };
  await authority();
  const logged = await checkReceipt(doc, receiptText, logKey);
  check(
    'logged',
    logged.ok,
    'offline.check.logged',
    logged.detail,
    logged.failure ?? 'term.not-logged',
  );
  // A confirmed import (proven by the log) is valid past the expiry date, as online.
  const confirmed = logged.ok && logged.status === 'confirmed';
  const inTime = today <= b.expires_on;
  const dates = { expires: b.expires_on, today };
  check(
    'not-expired',
    inTime || confirmed,
    'offline.check.notExpired',
    {
      key: inTime
        ? 'offline.ok.notExpired'
        : confirmed
          ? 'offline.ok.confirmedLate'
          : 'offline.bad.expired',
      vars: dates,
    },
    'term.expired',
  );
  return verdict(b, isSigned);
}
