import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  css: {
    preprocessorOptions: {
      scss: { quietDeps: true, loadPaths: [new URL("./node_modules", import.meta.url).pathname] },
    },
  },
  // Terser compresses a few per cent better than esbuild: it keeps the theme page inside its JavaScript budget.
  build: { cssMinify: true, minify: "terser" },
  server: { host: "127.0.0.1" },
});
