// Checks certificates produced by openkp (paths in OPENKP_CERTS, keyring in OPENKP_KEYRING) with
// the independent verifier, and that every single-field change makes verification fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { verifyCertificate } from './verify.mjs';

const certPaths = (process.env.OPENKP_CERTS || '').split(':').filter(Boolean);
const keyring = JSON.parse(readFileSync(process.env.OPENKP_KEYRING, 'utf8'));

// Every leaf of the body, as a path of keys and indexes.
function leaves(value, path = []) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    if (entries.length === 0) return [path];
    return entries.flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [path];
}

function mutated(doc, path) {
  const copy = structuredClone(doc);
  let parent = copy.certificate;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1];
  const v = parent[last];
  if (typeof v === 'string') parent[last] = v.length > 0 ? v.slice(0, -1) + (v.endsWith('X') ? 'Y' : 'X') : 'X';
  else if (typeof v === 'number') parent[last] = v + 1;
  else if (typeof v === 'boolean') parent[last] = !v;
  else if (Array.isArray(v)) parent[last] = [...v, 'BW'];
  else throw new Error(`cannot mutate ${path.join('.')}`);
  return copy;
}

test('openkp produced certificates to check', () => {
  assert.ok(certPaths.length >= 3, 'expected at least three certificates');
});

for (const path of certPaths) {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  test(`${doc.certificate.number}: valid as issued`, () => {
    assert.equal(verifyCertificate(doc, keyring), true);
  });
  test(`${doc.certificate.number}: every single-field change fails`, () => {
    const paths = leaves(doc.certificate);
    assert.ok(paths.length >= 20, `only ${paths.length} fields`);
    for (const p of paths) {
      assert.equal(verifyCertificate(mutated(doc, p), keyring), false, `change of ${p.join('.')} went unnoticed`);
    }
    // Added and removed members break it too.
    const extra = structuredClone(doc);
    extra.certificate.note = 'x';
    assert.equal(verifyCertificate(extra, keyring), false);
    const missing = structuredClone(doc);
    delete missing.certificate.parcels;
    assert.equal(verifyCertificate(missing, keyring), false);
    const badSig = structuredClone(doc);
    const sig = Buffer.from(badSig.signature.value, 'base64');
    sig[0] ^= 1;
    badSig.signature.value = sig.toString('base64');
    assert.equal(verifyCertificate(badSig, keyring), false);
  });
}
