// This file configures the build and runs in Node, not in the page: the renderer's import ban does not apply.
// eslint-disable-next-line no-restricted-imports
import { builtinModules } from 'node:module';
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy as cspFor } from '../shared/api/csp';

const root = import.meta.dirname;
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * A package may declare in its package.json "browser" field that a built-in is not used in browsers
 * (geotiff.js: `"fs": false` — its file and Node HTTP sources); Vite then bundles an empty module.
 */
function disabledForBrowser(source: string, importer: string | undefined): boolean {
  const m = importer ? /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(importer) : null;
  if (!m) return false;
  try {
    const browser = (JSON.parse(readFileSync(`${m[1]}/package.json`, 'utf8')) as { browser?: unknown }).browser;
    return typeof browser === 'object' && browser !== null && (browser as Record<string, unknown>)[source] === false;
  } catch {
    return false;
  }
}

/**
 * The renderer runs sandboxed (gwz://app/ in Electron, plain http in browser mode): a Node built-in
 * reaching the bundle is a bug, so fail the build instead of letting Vite stub it out silently.
 */
function forbidNodeBuiltins(): Plugin {
  return {
    name: 'gwz-forbid-node-builtins',
    enforce: 'pre',
    resolveId(source, importer) {
      if (nodeBuiltins.has(source) && !disabledForBrowser(source, importer)) {
        throw new Error(`renderer must not import the Node built-in "${source}" (from ${importer ?? '?'})`);
      }
      return null;
    },
  };
}

// Content-Security-Policy for the built page only (the dev server needs inline scripts for React refresh).
const CSP = cspFor('page');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'gwz-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

/** Vendor chunks by package, so a renderer change does not invalidate the big map/UI libraries. */
const vendorGroups = [
  { name: 'ol', test: /node_modules[\\/](ol|rbush|quickselect|earcut|color-(space|parse|rgba|name))[\\/]/, priority: 30 },
  { name: 'proj4', test: /node_modules[\\/](proj4|mgrs|wkt-parser|geographiclib-geodesic)[\\/]/, priority: 30 },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs|@babel[\\/]runtime)[\\/]/, priority: 20 },
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 25 },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
];

export default defineConfig({
  root,
  // Relative asset URLs work both under gwz://app/ and http://127.0.0.1:<port>/.
  base: './',
  plugins: [forbidNodeBuiltins(), react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45 ships Chromium 140; Debian's Chromium is newer. Nothing older needs support.
    target: 'chrome120',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
