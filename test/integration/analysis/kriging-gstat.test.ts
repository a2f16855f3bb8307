import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from '../harness/engine-fixture';
import { hasRPackage, readBand, rscript, storedRaster, writeWells } from './support';

/**
 * Ordinary kriging against R gstat (krige, krige.cv, variogram, fit.variogram) on the same points,
 * cell centres, neighbourhood (nmax = 12) and variogram. gstat's ranges are model parameters: our
 * effective range R is gstat's R for Sph, R/3 for Exp, R/√3 for Gau.
 */
const EPSG = 4547;
const X0 = 500_000;
const Y0 = 3_000_000;
const N = 150;

let f: EngineFixture;
let project: string;
let shp: string;
let layerId: number;

const GSTAT_MODEL = { spherical: ['Sph', 1], exponential: ['Exp', 3], gaussian: ['Gau', Math.sqrt(3)] } as const;

beforeAll(async () => {
  f = await engineFixture();
  shp = join(f.dir, 'wells.shp');
  writeWells(shp, { n: N, epsg: EPSG, x0: X0, y0: Y0, seed: 77 });
  project = join(f.dir, 'k.gwz');
  await f.client.api.project.create({ path: project, crs: `EPSG:${EPSG}` });
  layerId = (await f.client.runJob('layers.importVector', { path: shp, name: '观测井' })).result.layer.id;
});
afterAll(async () => {
  await f.dispose();
});

const gstatLoad = `suppressMessages({library(sp); library(gstat)}); d <- read.csv('DATA'); coordinates(d) <- ~x+y`;

describe.runIf(hasRPackage('gstat'))('analysis.kriging against gstat', () => {
  for (const model of ['spherical', 'exponential', 'gaussian'] as const) {
    it(`${model}: estimates and variances on the grid, and leave-one-out predictions, equal gstat's to 1e-6`, async () => {
      const vg = { model, nugget: 0.3, sill: 2.5, range: 3000 };
      const { result } = await f.client.runJob('analysis.kriging', { points: layerId, field: 'head', cellSize: 400, ...vg });
      expect(result.variogram.fit).toMatchObject({ nugget: 0.3, sill: 2.5, range: 3000, fitted: { nugget: false, sill: false, range: false } });
      const est = readBand(storedRaster(project, result.layers[0]!.id, f.dir));
      const vari = readBand(storedRaster(project, result.layers[1]!.id, f.dir));
      const [minx, , , maxy] = result.layers[0]!.extent!;
      const cell = 400;
      const data = join(f.dir, `pts-${model}.csv`);
      const nodes = join(f.dir, `nodes-${model}.csv`);
      const cvPairs = result.crossValidation!.pairs;
      writeFileSync(data, `x,y,z\n${cvPairs.map((p) => `${p.x},${p.y},${p.observed}`).join('\n')}\n`);
      const nodeRows: string[] = [];
      for (let r = 0; r < est.height; r++) for (let c = 0; c < est.width; c++) nodeRows.push(`${minx + (c + 0.5) * cell},${maxy - (r + 0.5) * cell}`);
      writeFileSync(nodes, `x,y\n${nodeRows.join('\n')}\n`);
      const [name, div] = GSTAT_MODEL[model];
      const out = rscript(`${gstatLoad.replace('DATA', data)}
        nd <- read.csv('${nodes}'); coordinates(nd) <- ~x+y
        m <- vgm(${vg.sill - vg.nugget}, '${name}', ${vg.range / div}, ${vg.nugget})
        k <- krige(z~1, d, nd, model=m, nmax=12, debug.level=0)
        cv <- krige.cv(z~1, d, model=m, nmax=12, debug.level=0)
        write.csv(data.frame(p=k$var1.pred, v=k$var1.var), stdout(), row.names=FALSE)
        cat('CV\\n'); write.csv(data.frame(p=cv$var1.pred, v=cv$var1.var), stdout(), row.names=FALSE)`);
      const [gridPart, cvPart] = out.split('CV\n');
      const peer = gridPart!.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      expect(peer).toHaveLength(est.width * est.height);
      let maxE = 0;
      let maxV = 0;
      for (let i = 0; i < peer.length; i++) {
        maxE = Math.max(maxE, Math.abs(est.data[i]! - peer[i]![0]!));
        maxV = Math.max(maxV, Math.abs(vari.data[i]! - peer[i]![1]!));
      }
      const cvPeer = cvPart!.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      let maxCv = 0;
      let maxCvVar = 0;
      for (let i = 0; i < cvPeer.length; i++) {
        maxCv = Math.max(maxCv, Math.abs(cvPairs[i]!.predicted - cvPeer[i]![0]!));
        maxCvVar = Math.max(maxCvVar, Math.abs(cvPairs[i]!.variance! - cvPeer[i]![1]!));
      }
      console.log(`${model}: max |Δestimate| ${maxE.toExponential(2)}, max |Δvariance| ${maxV.toExponential(2)}, LOO max |Δ| ${maxCv.toExponential(2)} / ${maxCvVar.toExponential(2)}`);
      // results are stored as Float32 (≈ 4e-6 at values near 50)
      expect(maxE).toBeLessThan(2e-5);
      expect(maxV).toBeLessThan(1e-6);
      expect(maxCv).toBeLessThan(1e-9);
      expect(maxCvVar).toBeLessThan(1e-9);
    });
  }

  it('the experimental variogram equals gstat’s, and the fitted model fits it at least as well as fit.variogram (same weights)', async () => {
    const { result } = await f.client.runJob('analysis.variogram', { points: layerId, field: 'head', model: 'spherical', lags: 15 });
    const v = result.variogram;
    const data = join(f.dir, 'pts-v.csv');
    const pts = (await f.client.runJob('analysis.idw', { points: layerId, field: 'head', cellSize: 1000 })).result.crossValidation!.pairs;
    writeFileSync(data, `x,y,z\n${pts.map((p) => `${p.x},${p.y},${p.observed}`).join('\n')}\n`);
    const out = rscript(`${gstatLoad.replace('DATA', data)}
      v <- variogram(z~1, d, cutoff=${v.maxLag}, width=${v.maxLag / 15})
      write.csv(data.frame(np=v$np, dist=v$dist, gamma=v$gamma), stdout(), row.names=FALSE)
      f <- fit.variogram(v, vgm(${v.fit.partialSill}, 'Sph', ${v.fit.range}, ${v.fit.nugget}), fit.method=7)
      cat('FIT', f$psill[1], f$psill[2], f$range[2], attr(f, 'SSErr'), '\\n')
      ours <- vgm(${v.fit.partialSill}, 'Sph', ${v.fit.range}, ${v.fit.nugget})
      cat('OURS', sum(v$np / v$dist^2 * (v$gamma - variogramLine(ours, dist_vector=v$dist)$gamma)^2), '\\n')`);
    const lines = out.trim().split('\n');
    const bins = lines.slice(1, lines.findIndex((l) => l.startsWith('FIT'))).map((l) => l.split(',').map(Number));
    expect(bins).toHaveLength(v.bins.length);
    for (let i = 0; i < bins.length; i++) {
      expect(v.bins[i]!.pairs).toBe(bins[i]![0]);
      expect(v.bins[i]!.distance).toBeCloseTo(bins[i]![1]!, 6);
      expect(v.bins[i]!.semivariance).toBeCloseTo(bins[i]![2]!, 9);
    }
    const [, nugget, psill, range, sse] = lines.find((l) => l.startsWith('FIT'))!.trim().split(/\s+/).map(Number);
    console.log(`fit: ours C0 ${v.fit.nugget.toFixed(4)} C ${v.fit.partialSill.toFixed(4)} a ${v.fit.range.toFixed(1)} SSE ${v.fit.sse.toExponential(4)}; gstat C0 ${nugget!.toFixed(4)} C ${psill!.toFixed(4)} a ${range!.toFixed(1)} SSE ${sse!.toExponential(4)}`);
    // gstat's own weighted SSE (N/h²) of our model is the one we report, and no larger than its fit's
    const oursByGstat = Number(lines.find((l) => l.startsWith('OURS'))!.trim().split(/\s+/)[1]);
    expect(Math.abs(v.fit.sse - oursByGstat) / oursByGstat).toBeLessThan(1e-6); // R prints 7 digits
    expect(v.fit.sse).toBeLessThanOrEqual(sse! * (1 + 1e-6));
  });
});
