import type { CrossValidation } from '../../../../shared/api/analysis-ops/interpolation';
import type { Samples } from './samples';

/**
 * ME, MAE and RMSE of leave-one-out predictions (error = predicted − observed), and for kriging the
 * mean squared deviation ratio (squared error over kriging variance; ≈ 1 when the variogram describes
 * the data). Samples that could not be predicted are left out of the statistics and the pairs.
 */
export function crossValidation(s: Samples, predicted: Float64Array, variance?: Float64Array): CrossValidation {
  const pairs: CrossValidation['pairs'] = [];
  let sum = 0;
  let abs = 0;
  let sq = 0;
  let ratio = 0;
  let ratioN = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    if (!Number.isFinite(p)) continue;
    const e = p - s.z[i]!;
    sum += e;
    abs += Math.abs(e);
    sq += e * e;
    const pair: CrossValidation['pairs'][number] = { fid: s.fid[i]!, x: s.x[i]!, y: s.y[i]!, observed: s.z[i]!, predicted: p };
    if (variance) {
      const v = variance[i]!;
      pair.variance = v;
      if (v > 0) {
        ratio += (e * e) / v;
        ratioN++;
      }
    }
    pairs.push(pair);
  }
  const n = pairs.length;
  const out: CrossValidation = { n, me: n ? sum / n : 0, mae: n ? abs / n : 0, rmse: n ? Math.sqrt(sq / n) : 0, pairs };
  if (variance) out.msdr = ratioN ? ratio / ratioN : 0;
  return out;
}
