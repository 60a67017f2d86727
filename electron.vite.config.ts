import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// The Electron shell is thin (DESIGN §7): main and preload are built here on every test run; the
// renderer build is the same bundle that the UI tests load in Chromium through the test bridge.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        // The worker threads are entries of their own, emitted beside the bundle with every shared
        // chunk in the same folder, where src/node/worker-url.ts finds them. So are the `warden`
        // command and its memory policy, which bin/warden.js runs when they are newer than the
        // sources: no type stripping at each start, nor in each of its workers.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/main.ts'),
          'heap-policy': resolve(__dirname, 'src/node/sync/heap-policy.ts'),
          'verify-worker': resolve(__dirname, 'src/node/crypto/verify-worker.ts'),
          'leaf-hash-worker': resolve(__dirname, 'src/node/merkle/leaf-hash-worker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot `require` local chunks: emit one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
