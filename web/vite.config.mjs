// Builds index.html + src/ into dist/; inline.mjs then folds the script and styles into
// dist/index.html, which the openkp server embeds and serves at /.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: 100000,
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
