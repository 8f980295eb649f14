#!/usr/bin/env node
// Prints the OpenAPI document as the server serves it: src/http/openapi/base.json with each
// routes module's fragment merged in, in the order src/http/CMakeLists.txt embeds them
// (http/openapi.cpp merges the same way; tests/openapi_lint.sh checks that both agree).
// Usage: node scripts/openapi-merge.mjs [OUT_FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'http');
const cmake = readFileSync(join(dir, 'CMakeLists.txt'), 'utf8');
const parts = cmake.match(/set\(OPENAPI_PARTS ([^)]*)\)/)[1].trim().split(/\s+/);
const read = (part) => JSON.parse(readFileSync(join(dir, 'openapi', `${part}.json`), 'utf8'));
const doc = read(parts[0]);
const merge = (into, from, what, part) => {
  for (const [key, value] of Object.entries(from ?? {})) {
    if (key in into) throw new Error(`openapi: ${what} '${key}' is defined twice (again in ${part})`);
    into[key] = value;
  }
};
for (const part of parts.slice(1)) {
  const fragment = read(part);
  merge(doc.paths, fragment.paths, 'path', part);
  merge(doc.components.schemas, fragment.components?.schemas, 'schema', part);
}
const text = JSON.stringify(doc, null, 2) + '\n';
if (process.argv[2]) {
  mkdirSync(dirname(process.argv[2]), { recursive: true });
  writeFileSync(process.argv[2], text);
} else {
  process.stdout.write(text);
}
