/** Mean, minimum and maximum of the cells that are not NaN; nulls when every cell is nodata. */
export function meanMinMax(data: ArrayLike<number>): { mean: number | null; min: number | null; max: number | null } {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return n === 0 ? { mean: null, min: null, max: null } : { mean: sum / n, min, max };
}
