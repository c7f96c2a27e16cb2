import { defineConfig } from "vite";

// React's automatic JSX runtime through esbuild (no plugin needed); the RPC URL is read at run time
// from /config.json or ?rpc=, never baked into the build.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
