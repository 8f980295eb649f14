// Folds the built script and stylesheet into the HTML file, so the server embeds and serves one
// self-contained page. Usage: node inline.mjs dist/index.html
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const file = process.argv[2];
const dir = dirname(file);
let html = readFileSync(file, 'utf8');
let scripts = 0;
html = html.replace(/<script type="module" crossorigin src="\/?([^"]+)"><\/script>/g, (_, src) => {
  scripts++;
  const code = readFileSync(join(dir, src), 'utf8').replaceAll('</script', '<\\/script');
  return `<script type="module">${code}</script>`;
});
html = html.replace(/<link rel="stylesheet" crossorigin href="\/?([^"]+)">/g, (_, href) =>
  `<style>${readFileSync(join(dir, href), 'utf8')}</style>`);
if (scripts !== 1 || /src="\/assets|href="\/assets/.test(html)) {
  throw new Error(`${file}: expected one module script and no other assets`);
}
writeFileSync(file, html);
console.log(`${file}: ${html.length} bytes, self-contained`);
