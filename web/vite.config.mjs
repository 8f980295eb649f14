// Builds index.html + src/ into dist/; inline.mjs then folds the script and styles into
// dist/index.html, which the openkp server embeds and serves at /.
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
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: 100000,
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
