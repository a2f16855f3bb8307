import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GwzError } from '../../shared/api';
import { testData } from '../support/data';
import { engineFixture, SHP_CHINESE_POLY, type EngineFixture } from './harness/engine-fixture';
import { boreholeTablesChecksum, sample } from './import-boreholes-support';

/**
 * A seeded mutation fuzzer over the importers: a real shapefile (its .shp, .shx and .dbf in turn),
 * a real GeoTIFF, an XLSX and a CSV are damaged byte-wise (bit flips, "interesting" integers,
 * truncation, inserted and deleted runs; CSV also cell-wise with hostile strings) and imported by a
 * real engine. Every outcome must be a success or a typed error with a Chinese and an English
 * message, within a time limit, with the project unchanged after an error and the engine still
 * answering. GWZ_FUZZ_ITER (per target, default 8) and GWZ_FUZZ_SEED make longer runs:
 *   GWZ_FUZZ_ITER=500 npx vitest run --project integration test/integration/fuzz-importers.test.ts
 * A failing case is kept in the temp folder and its path printed, to be added to the bad corpus.
 */
const ITER = Number(process.env.GWZ_FUZZ_ITER ?? 8);
const SEED = Number(process.env.GWZ_FUZZ_SEED ?? 7);
const TIME_LIMIT_MS = 20_000;
const TYPED = new Set(['BAD_INPUT', 'CRS_UNKNOWN']);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_CELLS = ['', '"', '""""', 'NaN', '1e999', '-0', '９９.５', 'x'.repeat(10_000), '=HYPERLINK("http://x")', '\u0000', ',,,,', '\r', '😀', '0x1F', '1,5', '—'];

/** One mutation of `bytes`, chosen and placed by `r`; half of the offsets fall in the first 512 bytes (headers). */
function mutate(bytes: Buffer, r: () => number, text: boolean): { bytes: Buffer; how: string } {
  const int = (n: number): number => Math.floor(r() * n);
  const offset = (): number => (r() < 0.5 ? int(Math.min(512, bytes.length)) : int(bytes.length));
  const kind = int(text ? 6 : 5);
  const out = Buffer.from(bytes);
  switch (kind) {
    case 0: {
      const n = 1 + int(8);
      for (let i = 0; i < n; i++) {
        const at = offset();
        out[at] = out[at]! ^ (1 << int(8));
      }
      return { bytes: out, how: `flip ${n} bits` };
    }
    case 1: {
      const at = Math.min(offset(), Math.max(0, out.length - 4));
      const values = [0, -1, 0x7fffffff, -0x80000000, 1, 0xffff, 0x10000];
      const v = values[int(values.length)]!;
      const littleEndian = r() < 0.5;
      if (out.length >= 4 && littleEndian) out.writeInt32LE(v, at);
      else if (out.length >= 4) out.writeInt32BE(v, at);
      return { bytes: out, how: `int32 ${v} at ${at}` };
    }
    case 2: {
      const len = int(bytes.length);
      return { bytes: out.subarray(0, len), how: `truncate to ${len}` };
    }
    case 3: {
      const at = offset();
      const junk = Buffer.from(Array.from({ length: 1 + int(64) }, () => int(256)));
      return { bytes: Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]), how: `insert ${junk.length} at ${at}` };
    }
    case 4: {
      const at = offset();
      const len = 1 + int(256);
      return { bytes: Buffer.concat([out.subarray(0, at), out.subarray(at + len)]), how: `delete ${len} at ${at}` };
    }
    default: {
      const lines = bytes.toString('utf8').split('\n');
      const row = 1 + int(Math.max(1, lines.length - 1));
      const cells = (lines[row] ?? '').split(',');
      const cell = int(cells.length);
      const value = HOSTILE_CELLS[int(HOSTILE_CELLS.length)]!;
      cells[cell] = value;
      lines[row] = cells.join(',');
      return { bytes: Buffer.from(lines.join('\n')), how: `cell ${row}:${cell} = ${JSON.stringify(value.slice(0, 20))}` };
    }
  }
}

interface Target {
  name: string;
  /** The file to damage and the files to copy beside it unchanged. */
  source: string;
  siblings: string[];
  text: boolean;
  importCase(path: string): Promise<unknown>;
}

let f: EngineFixture;
let project: string;
let work: string;

/** What an error must not change: layer contents, borehole tables, the table list, the runs. */
async function fingerprint(): Promise<unknown> {
  const { result } = await f.client.runJob('layers.checksum', {});
  const db = new Database(project, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const runs = db.prepare('SELECT COUNT(*) AS n FROM gwz_runs').get();
    return { layers: result.layers, tables, runs, boreholes: boreholeTablesChecksum(project) };
  } finally {
    db.close();
  }
}

const shpPart = (ext: string): string => SHP_CHINESE_POLY.replace(/\.shp$/, `.${ext}`);
const TARGETS: Target[] = [
  ...(['shp', 'shx', 'dbf'] as const).map(
    (ext): Target => ({
      name: `shapefile .${ext}`,
      source: shpPart(ext),
      siblings: ['shp', 'shx', 'dbf', 'prj'].filter((e) => e !== ext).map(shpPart),
      text: false,
      importCase: (path) => f.client.runJob('layers.importVector', { path: path.replace(/\.[a-z]+$/, '.shp') }),
    }),
  ),
  {
    name: 'GeoTIFF',
    source: testData('dem/ywzdem30m.tif'),
    siblings: [],
    text: false,
    importCase: (path) => f.client.runJob('layers.importRaster', { path, srcCrs: 'EPSG:4548' }),
  },
  {
    name: 'XLSX',
    source: sample('水质监测-quality.xlsx'),
    siblings: [],
    text: false,
    importCase: (path) => f.client.runJob('boreholes.import', { path, kind: 'quality', replace: true }),
  },
  {
    name: 'CSV',
    source: sample('钻孔基本信息-collars.csv'),
    siblings: [],
    text: true,
    importCase: (path) => f.client.runJob('boreholes.import', { path, kind: 'collars', replace: true }),
  },
];

beforeAll(async () => {
  f = await engineFixture();
  work = join(f.dir, 'fuzz');
  mkdirSync(work);
  project = join(f.dir, 'fuzz.gwz');
  await f.client.api.project.create({ path: project, crs: 'EPSG:4548' });
  await f.client.runJob('boreholes.import', { path: sample('钻孔基本信息-collars.csv'), kind: 'collars' });
});
afterAll(async () => {
  await f.dispose();
});

describe(`importer fuzzing (${ITER} mutations per target, seed ${SEED})`, () => {
  for (const [t, target] of TARGETS.entries()) {
    it(`${target.name}: success or a typed bilingual error, in time, project unchanged on error`, async () => {
      const r = rng(SEED * 1000 + t);
      const original = readFileSync(target.source);
      const outcomes: Record<string, number> = {};
      for (let i = 0; i < ITER; i++) {
        const dir = join(work, `${t}-${i}`);
        mkdirSync(dir);
        for (const s of target.siblings) copyFileSync(s, join(dir, basename(s)));
        const { bytes, how } = mutate(original, r, target.text);
        const path = join(dir, basename(target.source));
        writeFileSync(path, bytes);
        const label = `${target.name} #${i} (${how}) kept at ${path}`;

        const before = await fingerprint();
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          target.importCase(path).then(
            (result) => ({ ok: true as const, result }),
            (err: unknown) => ({ ok: false as const, err }),
          ),
          new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TIME_LIMIT_MS))),
        ]);
        clearTimeout(timer);
        expect(outcome, `${label}: hung past ${TIME_LIMIT_MS} ms`).not.toBe('timeout');
        if (outcome === 'timeout') return;
        if (outcome.ok) {
          outcomes.ok = (outcomes.ok ?? 0) + 1;
          // a new vector/raster layer goes again, so the next fingerprint stays small; borehole tables stay
          const layer = (outcome.result as { result: { layer?: { id: number } } }).result.layer;
          if (layer && !target.name.match(/XLSX|CSV/)) await f.client.api.layers.remove({ layerId: layer.id });
        } else {
          const err = outcome.err;
          expect(err, `${label}: not a GwzError: ${String(err)}`).toBeInstanceOf(GwzError);
          const e = err as GwzError;
          expect(TYPED.has(e.code), `${label}: ${e.code} ${e.message_en}`).toBe(true);
          expect(e.message_zh, label).toMatch(/[\u4e00-\u9fff]/);
          expect(e.message_en, label).toMatch(/[a-z]{3}/);
          outcomes[e.code] = (outcomes[e.code] ?? 0) + 1;
          expect(await fingerprint(), `${label}: project changed by a failed import`).toEqual(before);
        }
        // still serving
        expect((await f.client.api.project.check({})).ok, label).toBe(true);
      }
      console.log(`fuzz ${target.name}: ${JSON.stringify(outcomes)}`);
    }, 30_000 + ITER * 10_000);
  }
});
