import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./src-renderer/', import.meta.url));

// Build of src-renderer (kept outside it: the renderer layer never imports Node).
// The renderer is served from `app://trucban/` (Electron) or the loopback browser-mode server,
// both with CSP `script-src 'self'`: relative asset URLs, no inline scripts.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
  server: { port: 5173, strictPort: false },
});
