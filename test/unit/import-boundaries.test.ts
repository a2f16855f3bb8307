import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The architecture's import rules, checked on every source file (lint says the same; this proves it
// even when someone disables a lint rule inline).
const root = resolve(__dirname, '../..');
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const NATIVE = new Set(['better-sqlite3', 'gdal-async']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('vite.config')) out.push(full);
  }
  return out;
}

interface Import {
  file: string;
  spec: string;
  /** repo-relative target for relative imports */
  target: string | null;
}

function importsOf(dir: string): Import[] {
  return sourceFiles(join(root, dir)).flatMap((file) => {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return info.importedFiles.map(({ fileName: spec }) => ({
      file: relative(root, file),
      spec,
      target: spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : null,
    }));
  });
}

const bare = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

describe('import boundaries', () => {
  it('renderer imports no Node built-ins, no native modules, no electron and no engine code', () => {
    const imports = importsOf('renderer');
    expect(imports.length).toBeGreaterThan(10);
    const bad = imports.filter(
      (i) =>
        nodeBuiltins.has(i.spec) ||
        NATIVE.has(bare(i.spec)) ||
        bare(i.spec) === 'electron' ||
        (i.target !== null && i.target.startsWith('electron')),
    );
    expect(bad).toEqual([]);
  });

  it('shared/ imports neither Node, native, UI nor host code', () => {
    const imports = importsOf('shared');
    expect(imports.length).toBeGreaterThan(5);
    const bad = imports.filter(
      (i) =>
        nodeBuiltins.has(i.spec) ||
        ['electron', 'react', 'ol', 'antd', ...NATIVE].includes(bare(i.spec)) ||
        (i.target !== null && !i.target.startsWith('shared')),
    );
    expect(bad).toEqual([]);
  });

  it('the engine and its Node hosts never import electron or the renderer', () => {
    const imports = ['electron/engine', 'electron/server', 'electron/cli'].flatMap((d) => {
      try {
        return importsOf(d);
      } catch {
        return [];
      }
    });
    expect(imports.length).toBeGreaterThan(0);
    const bad = imports.filter(
      (i) =>
        bare(i.spec) === 'electron' ||
        ['react', 'react-dom', 'antd', 'ol'].includes(bare(i.spec)) ||
        (i.target !== null && (i.target.startsWith('renderer') || i.target.startsWith('electron/main') || i.target.startsWith('electron/preload'))),
    );
    expect(bad).toEqual([]);
  });
});
