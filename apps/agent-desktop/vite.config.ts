import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The agent desktop, served under /desktop/ by the SIP bridge beside its API (/desktop/api/*).
export default defineConfig({
  root: import.meta.dirname,
  base: '/desktop/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  // `npm run dev`: the API from a running bridge (DESKTOP_API, default the bridge's usual local address)
  server: {
    port: 5174,
    strictPort: false,
    proxy: { '/desktop/api': process.env.DESKTOP_API ?? 'http://127.0.0.1:8090' },
  },
})
