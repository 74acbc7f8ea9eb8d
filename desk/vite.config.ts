// The desk's build: one entry (`src/main.ts`), one chunk per view, fingerprinted names
// (`app.3f9a1c2b.js`) under `/assets/desk/`, and a `manifest.json` the `/app` shell page reads to emit
// its tags. `scripts/build-desk.mjs` runs it with `build.outDir` set to `<sites>/assets/desk`.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/assets/desk/',
  plugins: [vue()],
  logLevel: 'warn',
  define: {
    // Options API and devtools hooks are not used: leaving them out trims the runtime.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    manifest: 'manifest.json',
    target: 'es2022',
    cssCodeSplit: true,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 300,
    rollupOptions: {
      input: { app: fileURLToPath(new URL('./src/main.ts', import.meta.url)) },
      output: {
        entryFileNames: '[name].[hash].js',
        chunkFileNames: '[name].[hash].js',
        assetFileNames: '[name].[hash][extname]',
        hashCharacters: 'hex',
      },
    },
  },
});
