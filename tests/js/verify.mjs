// An independent verifier of openkp certificates, written from docs/CERTIFICATE_FORMAT.md alone:
// Node's built-in Ed25519 and the npm `canonicalize` package (RFC 8785). No openkp code is used.
import { createPublicKey, verify } from 'node:crypto';
import canonicalize from 'canonicalize';

// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromBase64(b64) {
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

// Returns true when `doc` ({certificate, signature}) carries a valid signature by a key of its
// issuer from `keyring` ({keys: [...]}) that was valid on the issue date and is not revoked.
export function verifyCertificate(doc, keyring) {
  const body = doc.certificate;
  if (!doc.signature || doc.signature.alg !== 'Ed25519') return false;
  const key = keyring.keys.find((k) => k.key_id === body.key_id && k.participant === body.issuer);
  if (!key || key.revoked_on) return false;
  if (body.issued_on < key.valid_from || (key.valid_to && body.issued_on > key.valid_to)) return false;
  const message = Buffer.from(canonicalize(body), 'utf8');
  const signature = Buffer.from(doc.signature.value, 'base64');
  return verify(null, message, publicKeyFromBase64(key.public_key), signature);
}
