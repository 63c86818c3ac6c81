/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

// Everything the gateway owns; the OIDC callbacks must go through it too so the BFF cookie lands on this origin.
const gatewayPaths = ['/api', '/bff', '/account', '/connect', '/.well-known', '/signin-oidc', '/signout-callback-oidc']
const gateway = process.env.JADE_GATEWAY_URL ?? 'http://localhost:5000'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    // ws: the notifications hub (/api/notifications/hub) upgrades to a WebSocket through the same proxy.
    proxy: Object.fromEntries(gatewayPaths.map((p) => [p, { target: gateway, changeOrigin: false, ws: p === '/api' }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.spec.ts'],
    setupFiles: ['tests/setup.ts'],
    // Every spec mounts its own app with a fresh Pinia and stubs fetch itself, so the files need no module registry of
    // their own; sharing one per worker halves the run (Element Plus is imported once, not once per file).
    isolate: false,
  },
})
