// Vite build of the browser UI. `npm run build` writes dist/, which the zxkh
// server serves under "/" (API under "/api"). In development, `npm run dev`
// proxies /api and /healthz to a running server: ZXKH_API=http://127.0.0.1:PORT
// (default http://127.0.0.1:8080).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const apiTarget = process.env.ZXKH_API || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Vue, vue-router and Element Plus (imported whole) go into one "vendor"
    // chunk that changes only when dependencies do; our code and the
    // per-route page chunks stay small. The threshold fits that vendor chunk.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
});
