import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The licences of the packages in the browser's JavaScript, whole, in one file served beside it
 * (`/third-party-licences.txt`), instead of their banners kept in every chunk (Remix's alone was 16 times
 * in one chunk, about 2.5 KB gzipped on each page).
 */
function thirdPartyLicences(): Plugin {
  return {
    name: "third-party-licences",
    apply: "build",
    generateBundle(_options, bundle) {
      if (this.environment.name !== "client") return;
      const packages = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        for (const id of chunk.moduleIds) {
          const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(id.replace(/^\0/, ""));
          if (match) packages.add(match[1]!);
        }
      }
      const sections = [...packages].sort().map((dir) => {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
        const text =
          file && existsSync(join(dir, file))
            ? readFileSync(join(dir, file), "utf8").trim()
            : `The package has no licence file; its package.json gives its licence as ${pkg.license}.`;
        return `${pkg.name} ${pkg.version} (${pkg.license ?? "see package"})\n\n${text}`;
      });
      this.emitFile({
        type: "asset",
        fileName: "third-party-licences.txt",
        source: `Software in this service's browser JavaScript, and its licences.\n\n${sections.join("\n\n---\n\n")}\n`,
      });
    },
  };
}

export default defineConfig({
  plugins: [
    thirdPartyLicences(),
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
  // No comments in the chunks: the licences are in third-party-licences.txt (above).
  build: {
    cssMinify: true,
    minify: "terser",
    terserOptions: { format: { comments: false } },
    rollupOptions: {
      output: {
        // The form kit is one file per family of controls in the source, but one chunk in the browser: five
        // small chunks cost the theme page about 1 KB gzipped in module boilerplate (and four more requests).
        manualChunks: (id) => (id.includes("/app/components/form/") ? "form-kit" : undefined),
      },
    },
  },
  server: { host: "127.0.0.1" },
});
