// Checks what `vite build` wrote before the server embeds it (src/http/CMakeLists.txt): the page
// loads its script and styles from /assets/ (hashed names, served with a year's cache) and holds
// no inline script, so that the Content-Security-Policy needs no 'unsafe-inline' for scripts.
// Usage: node check-dist.mjs dist
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2];
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const inline = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g);
if (inline) throw new Error(`${dir}/index.html: inline script ${inline[0]} (the CSP forbids it)`);
if (/\son[a-z]+=/i.test(html)) throw new Error(`${dir}/index.html: an inline event handler`);
const assets = readdirSync(join(dir, 'assets'));
for (const ref of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
  if (!assets.includes(ref[1].slice('/assets/'.length))) throw new Error(`missing ${ref[1]}`);
}
for (const name of assets) {
  if (!/^[A-Za-z0-9._-]+\.(js|css)$/.test(name)) {
    throw new Error(`${dir}/assets/${name}: only .js and .css are embedded and served`);
  }
}
let total = gzipSync(html, { level: 9 }).length;
for (const name of assets) total += gzipSync(readFileSync(join(dir, 'assets', name)), { level: 9 }).length;
console.log(
  `${dir}: index.html ${statSync(join(dir, 'index.html')).size} bytes + ${assets.length} assets, ` +
    `${total} bytes gzip in all`,
);
