/**
 * Deterministic synthetic rasters for tests and benchmarks (the same seed gives the same cells on
 * every machine): smooth fields made of a few plane waves, so classes form patches of realistic
 * shape rather than noise.
 */

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A smooth field in [0, 1) on a width × height grid: the mean of `waves` plane waves of random
 * direction, wavelength (`scale` cells ± half) and phase. Computed row by row from per-wave
 * column terms, so 4000 × 4000 takes about a second.
 */
export function smoothField(width: number, height: number, seed: number, scale = Math.max(width, height) / 6, waves = 6): Float32Array {
  const rnd = prng(seed);
  const out = new Float32Array(width * height);
  const params = Array.from({ length: waves }, () => {
    const theta = rnd() * Math.PI;
    const k = (2 * Math.PI) / (scale * (0.5 + rnd()));
    return { kx: k * Math.cos(theta), ky: k * Math.sin(theta), phase: rnd() * 2 * Math.PI };
  });
  // sin(kx·c + ky·r + φ) = sin(kx·c)·cos(ky·r + φ) + cos(kx·c)·sin(ky·r + φ)
  const sx = params.map((p) => Float64Array.from({ length: width }, (_, c) => Math.sin(p.kx * c)));
  const cx = params.map((p) => Float64Array.from({ length: width }, (_, c) => Math.cos(p.kx * c)));
  for (let r = 0; r < height; r++) {
    const row = r * width;
    for (let w = 0; w < waves; w++) {
      const p = params[w]!;
      const a = Math.cos(p.ky * r + p.phase);
      const b = Math.sin(p.ky * r + p.phase);
      const s = sx[w]!;
      const c = cx[w]!;
      for (let col = 0; col < width; col++) out[row + col]! += s[col]! * a + c[col]! * b;
    }
  }
  // the sum of `waves` unit waves lies in [−waves, waves]; squash to [0, 1)
  for (let i = 0; i < out.length; i++) out[i] = Math.min(0.999999, Math.max(0, 0.5 + out[i]! / (2 * Math.sqrt(waves) * 1.5)));
  return out;
}

/** Class codes 1…classes from a smooth field (equal steps), e.g. DRASTIC ratings 1–10. */
export function classField(width: number, height: number, seed: number, classes = 10, scale?: number): Float32Array {
  const f = smoothField(width, height, seed, scale);
  for (let i = 0; i < f.length; i++) f[i] = 1 + Math.floor(f[i]! * classes);
  return f;
}

/** Sets a deterministic set of cells (a fraction `share` of them, in small blocks) to NaN. */
export function punchNodata(data: Float32Array, width: number, seed: number, share = 0.02, block = 3): Float32Array {
  const rnd = prng(seed);
  const height = data.length / width;
  const holes = Math.round((share * data.length) / (block * block));
  for (let h = 0; h < holes; h++) {
    const r0 = Math.floor(rnd() * (height - block));
    const c0 = Math.floor(rnd() * (width - block));
    for (let r = r0; r < r0 + block; r++) for (let c = c0; c < c0 + block; c++) data[r * width + c] = Number.NaN;
  }
  return data;
}
