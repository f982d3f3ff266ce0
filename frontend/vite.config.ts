import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The shared package ships CommonJS in dist; the dashboard consumes its TypeScript source instead.
export const sharedAlias = {
  '@argus/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
  '@': fileURLToPath(new URL('./src', import.meta.url)),
};

// `npm run dev` starts the backend on PORT (default 3000); the dev server listens on
// VITE_PORT (default 5173) and proxies to it.
const backendPort = process.env.PORT ?? '3000';
const devPort = Number(process.env.VITE_PORT ?? 5173);

export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: { alias: sharedAlias },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: devPort,
    strictPort: true,
    proxy: {
      // Same-origin in dev too: REST and the live socket go through the Vite server to the backend.
      '/api': { target: `http://127.0.0.1:${backendPort}`, changeOrigin: false, ws: true },
    },
  },
});
