// Bundles page/ into dist/ (git-ignored): ODK Web Forms + Vue in one ES module (the engine uses
// top-level await, so no classic script), served to chromium by xforms.test.mjs over http.
// xforms.test.mjs calls buildPage() itself; `node build.mjs` does the same by hand.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const distDir = join(here, 'dist');

export async function buildPage() {
  mkdirSync(distDir, { recursive: true });
  await build({
    entryPoints: [join(here, 'page', 'main.js')],
    outfile: join(distDir, 'bundle.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
  });
  copyFileSync(join(here, 'page', 'index.html'), join(distDir, 'index.html'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPage();
