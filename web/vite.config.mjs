// Builds index.html + src/ into dist/: the page and its script and styles under dist/assets/ with
// hashed names (check-dist.mjs checks them); the openkp server embeds them all and serves the
// page at / and the assets at /assets/NAME, compressed, with a year's cache.
import { defineConfig } from 'vite';

// jsQR (src/scan.ts reads a certificate's QR code with it) carries a Shift JIS table (~100 KB
// minified) that only makes the text of Kanji-mode codes; the page reads the bytes (binaryData)
// of a byte-mode code, which do not use it: the build leaves it out.
const jsqrWithoutShiftJis = {
  name: 'jsqr-without-shift-jis',
  transform(code, id) {
    if (!id.endsWith('/jsqr/dist/jsQR.js')) return null;
    const out = code.replace(/exports\.shiftJISTable = \{[^}]*\};/, 'exports.shiftJISTable = {};');
    if (out === code) throw new Error(`${id}: no Shift JIS table to leave out (a new jsqr?)`);
    return { code: out, map: null };
  },
};

export default defineConfig({
  plugins: [jsqrWithoutShiftJis],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No modulepreload polyfill: it would be an inline script, which the CSP refuses.
    modulePreload: false,
    // Images and fonts inline (the server serves .js and .css only).
    assetsInlineLimit: 100000,
  },
});
