// The verification section's offline part: a paper certificate's QR code read with the phone's
// camera or from a photo (jsQR), or a certificate file and its receipt, verified in this browser
// (offline.ts) with the keys kept from the last visit online (trust.ts); the verdict, each check
// in plain words, and the certificate's facts (which the holder of the paper already sees).
import jsQR from 'jsqr';
import { amount } from './format';
import { isKey, type Key, tr, tx, type Vars } from './i18n';
import {
  type CertificateBody,
  decodeQrPayload,
  parseCertificateFile,
  type Said,
  type Verdict,
  verifyOffline,
} from './offline';
import { heldKeyring, heldLogKey, refreshTrust } from './trust';
import { byId } from './dom';

const say = (s: Said) => tx(s.key, s.vars);

// "2026-11-30 14:05 UTC"
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';

function showTrust() {
  const keys = heldKeyring();
  const log = heldLogKey();
  const out = byId<HTMLParagraphElement>('trust-age');
  if (keys && log)
    tr(out, 'offline.keysAsOf', { keys: when(keys.fetched_at), log: when(log.fetched_at) });
  else tr(out, 'offline.noKeysYet');
}

// A status line in the result area (reading, no code found, camera refused...).
function status(key: Key, bad = false, vars?: Vars) {
  const out = byId<HTMLDivElement>('offline-result');
  const p = tr(document.createElement('p'), key, vars);
  p.className = bad ? 'bad' : '';
  out.replaceChildren(p);
}

// --- reading the code ---
const canvas = document.createElement('canvas');

// The QR code's bytes in `source` drawn at most `side` pixels wide and high, if jsQR finds one.
function readCode(
  source: CanvasImageSource,
  width: number,
  height: number,
  side: number,
  thorough: boolean,
): Uint8Array | undefined {
  const scale = Math.min(1, side / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return undefined;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(image.data, image.width, image.height, {
    inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert',
  });
  return code ? Uint8Array.from(code.binaryData) : undefined;
}

// A photo: tried at a few sizes (a phone's 12-megapixel photo is slow to search whole, and a
// code that fills a small part of it needs the detail), the usual size first.
async function readPhoto(file: File): Promise<Uint8Array | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    const big = Math.max(bitmap.width, bitmap.height);
    const sides = [1600, 1000, 2400, 3200, big].map((s) => Math.min(s, big));
    for (const side of new Set(sides)) {
      const bytes = readCode(bitmap, bitmap.width, bitmap.height, side, true);
      if (bytes) return bytes;
      await new Promise((resolve) => setTimeout(resolve)); // let the page breathe
    }
    return undefined;
  } finally {
    bitmap.close();
  }
}

let camera: MediaStream | undefined;

function stopCamera() {
  camera?.getTracks().forEach((t) => t.stop());
  camera = undefined;
  byId<HTMLDivElement>('scan-view').replaceChildren();
}

async function startCamera() {
  stopCamera();
  if (!navigator.mediaDevices?.getUserMedia) return status('offline.noCamera', true);
  try {
    camera = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: 'environment' },
      audio: false,
    });
  } catch {
    return status('offline.cameraRefused', true);
  }
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = camera;
  video.id = 'scan-video';
  const stop = tr(document.createElement('button'), 'offline.stop');
  stop.type = 'button';
  stop.addEventListener('click', stopCamera);
  byId<HTMLDivElement>('scan-view').replaceChildren(video, document.createElement('br'), stop);
  status('offline.pointCamera');
  await video.play().catch(() => undefined);
  const stream = camera;
  let lastError = '';
  const frame = async () => {
    if (camera !== stream) return; // stopped, or started again
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const bytes = readCode(video, video.videoWidth, video.videoHeight, 960, false);
      if (bytes) {
        const decoded = await decodeQrPayload(bytes);
        if (decoded.ok) {
          stopCamera();
          return verify(decoded.value.signed, decoded.value.receipt);
        }
        // Another QR code (or a damaged read): said, and the camera keeps looking.
        if (decoded.error.key !== lastError) status(decoded.error.key, true, decoded.error.vars);
        lastError = decoded.error.key;
      }
    }
    setTimeout(() => void frame(), 120);
  };
  void frame();
}

// --- the verdict ---
async function verify(signed: unknown, receipt: string) {
  const keys = heldKeyring();
  const log = heldLogKey();
  const today = new Date().toISOString().slice(0, 10);
  show(await verifyOffline(signed, receipt, keys?.value, log?.value, today));
}

const checkRow = (table: HTMLTableElement, ok: boolean, what: Node, detail: Node) => {
  const r = table.insertRow();
  const mark = document.createElement('span');
  mark.textContent = ok ? '✔ ' : '✘ ';
  mark.setAttribute('aria-hidden', 'true');
  const name = r.insertCell();
  name.className = ok ? 'ok' : 'bad';
  name.append(mark, what);
  r.insertCell().append(detail);
  return r;
};

function facts(b: CertificateBody, proven: boolean): HTMLElement {
  const box = document.createElement('div');
  box.id = 'offline-facts';
  const h = tr(
    document.createElement('h4'),
    proven ? 'offline.factsSigned' : 'offline.factsUnproven',
  );
  if (!proven) h.className = 'bad';
  const table = document.createElement('table');
  const rows: [Key, string][] = [
    ['verify.number', b.number],
    ['verify.issuer', `${b.issuer} (${b.issuing_authority})`],
    ['offline.destination', b.destination],
    ['verify.issued', b.issued_on],
    ['verify.expires', b.expires_on],
    ['offline.parcels', String(b.parcels)],
  ];
  for (const [k, v] of rows) {
    const r = table.insertRow();
    const th = tr(document.createElement('th'), k);
    th.scope = 'row';
    r.append(th);
    r.insertCell().textContent = v;
  }
  const lines = document.createElement('table');
  lines.id = 'offline-lines';
  lines.className = 'figures';
  const head = lines.createTHead().insertRow();
  for (const k of ['offline.hsCode', 'col.carats', 'col.usd'] as const) {
    const th = tr(document.createElement('th'), k);
    th.scope = 'col';
    head.append(th);
  }
  const body = lines.createTBody();
  for (const l of b.lines) {
    const r = body.insertRow();
    const code = r.insertCell();
    const kind = `hs.${l.hs_code}`;
    code.append(l.hs_code);
    if (isKey(kind)) code.append(' (', tx(kind), ')');
    r.insertCell().textContent = amount(l.carats_hundredths);
    r.insertCell().textContent = amount(l.value_usd_cents);
  }
  box.append(h, table, lines);
  return box;
}

function show(v: Verdict) {
  const out = byId<HTMLDivElement>('offline-result');
  const h = document.createElement('h3');
  h.id = 'offline-verdict';
  h.className = v.valid ? 'ok' : 'bad';
  if (v.valid) h.append(tx('offline.valid'));
  else h.append(tx('verify.notValid'), ' ', tx(v.failure ?? 'term.malformed'));
  const parts: Node[] = [h];
  if (v.reason) parts.push(tr(document.createElement('p'), v.reason.key, v.reason.vars));
  const table = document.createElement('table');
  table.id = 'offline-checks';
  for (const c of v.checks) checkRow(table, c.ok, tx(c.what), say(c.detail)).dataset.check = c.name;
  parts.push(table);
  const keys = heldKeyring();
  const log = heldLogKey();
  if (keys && log) {
    parts.push(
      tr(document.createElement('p'), 'offline.caveat', {
        keys: when(keys.fetched_at),
        log: when(log.fetched_at),
      }),
    );
  }
  if (v.body) parts.push(facts(v.body, v.signed));
  out.replaceChildren(...parts);
}

// --- the section ---
export function initOfflineVerification() {
  showTrust();
  void refreshTrust().then((changed) => changed && showTrust());
  byId<HTMLButtonElement>('scan-camera').addEventListener('click', () => void startCamera());
  const photo = byId<HTMLInputElement>('scan-photo');
  photo.addEventListener('change', async () => {
    const file = photo.files?.[0];
    if (!file) return;
    stopCamera();
    status('offline.reading');
    const bytes = await readPhoto(file).catch(() => undefined);
    photo.value = ''; // the same photo can be opened again
    if (!bytes) return status('offline.noCode', true);
    const decoded = await decodeQrPayload(bytes);
    if (!decoded.ok) return status(decoded.error.key, true, decoded.error.vars);
    await verify(decoded.value.signed, decoded.value.receipt);
  });
  byId<HTMLFormElement>('scan-files').addEventListener('submit', async (e) => {
    e.preventDefault();
    const certificate = byId<HTMLInputElement>('certificate-file').files?.[0];
    const receipt = byId<HTMLInputElement>('receipt-file').files?.[0];
    if (!certificate || !receipt) return;
    stopCamera();
    const doc = parseCertificateFile(await certificate.text());
    if (!doc.ok) return status(doc.error.key, true, doc.error.vars);
    await verify(doc.value, await receipt.text());
  });
}
