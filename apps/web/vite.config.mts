import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The placeholder the API replaces with each response's CSP nonce (apps/api/src/http/web-app.ts). */
const CSP_NONCE_PLACEHOLDER = '__WARDWATCH_CSP_NONCE__';

/**
 * The web app. `npm run web:build` writes apps/web/dist (served by the API at /); `npm run web:dev`
 * serves it with hot reload on http://localhost:5173 and forwards /api to the API on :3000, so the
 * browser sees one origin either way (cookies, CSP and CSRF behave as in production).
 *
 * JSX goes through Vite's built-in Oxc transform (automatic runtime): @vitejs/plugin-react 6 does
 * not install beside this repository's Babel 7 (jest), and its only extra here would be Fast
 * Refresh; the dev server reloads the page instead.
 */
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    // The typed API client is a library of this repository, imported by its alias as the API's code does
    // (tsconfig.app.json maps the same name for the typecheck).
    alias: { '@wardwatch/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)) },
  },
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle budget reads it (scripts/check-web-bundle.ts): which chunks the first page loads.
    manifest: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // Mantine marks its modules 'use client' for React Server Components; meaningless in a browser-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      // Leaflet in a chunk of its own, named so: only the pages with a map (enrolment, a camera) load it.
      output: { advancedChunks: { groups: [{ name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/ }] } },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: process.env.WARDWATCH_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: { port: 4173 },
});
