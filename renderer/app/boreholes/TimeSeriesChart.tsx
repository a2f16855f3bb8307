/** GB/T 14848 classes I–V: blue, green, yellow, orange, red (docs/ux.md). */
export const GB_CLASS_COLORS = ['#1f77d0', '#2ca02c', '#e6c000', '#ff8c1a', '#d62728'] as const;

export interface SeriesPoint {
  date: string;
  /** null: not detected (drawn hollow at the detection limit when there is one). */
  value: number | null;
  detectionLimit?: number | null;
  gbClass?: number | null;
  label?: string;
}

interface Props {
  points: readonly SeriesPoint[];
  unit: string;
  /** A horizontal limit line (GB/T 14848 class III), labelled. */
  limit?: { value: number; label: string } | null;
  /** Depth to water grows downwards. */
  invert?: boolean;
  width?: number;
  height?: number;
  testId?: string;
}

const day = (d: string): number => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
const fmt = (v: number): string => String(Number(v.toPrecision(3)));

function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * A dated series as SVG: values coloured by their GB/T 14848 class, the class III limit as a red dashed
 * line, values above it ringed, non-detects hollow at their detection limit.
 */
export function TimeSeriesChart({ points, unit, limit, invert = false, width = 460, height = 200, testId }: Props) {
  const pad = { left: 48, right: 12, top: 14, bottom: 26 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const shown = points.map((p) => ({ ...p, y: p.value ?? p.detectionLimit ?? null, t: day(p.date) })).filter((p) => p.y !== null && Number.isFinite(p.t));
  if (shown.length === 0) return null;
  const ys = shown.map((p) => p.y!);
  let lo = Math.min(...ys, ...(limit ? [limit.value] : []));
  let hi = Math.max(...ys, ...(limit ? [limit.value] : []));
  if (!invert) lo = Math.min(0, lo);
  if (hi === lo) hi = lo + 1;
  hi += (hi - lo) * 0.08;
  const t0 = Math.min(...shown.map((p) => p.t));
  const t1 = Math.max(...shown.map((p) => p.t), t0 + 86_400_000);
  const sx = (t: number) => pad.left + (w * (t - t0)) / (t1 - t0);
  const sy = (v: number) => (invert ? pad.top + (h * (v - lo)) / (hi - lo) : pad.top + h - (h * (v - lo)) / (hi - lo));
  const years: number[] = [];
  for (let yr = new Date(t0).getUTCFullYear(); yr <= new Date(t1).getUTCFullYear() + 1; yr++) {
    const t = Date.UTC(yr, 0, 1);
    if (t >= t0 && t <= t1) years.push(t);
  }
  const line = shown.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.t).toFixed(1)} ${sy(p.y!).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} className="gwz-series" data-testid={testId} role="img">
      <line x1={pad.left} y1={pad.top} x2={pad.left} y2={pad.top + h} stroke="#999" />
      <line x1={pad.left} y1={pad.top + h} x2={pad.left + w} y2={pad.top + h} stroke="#999" />
      {niceTicks(lo, hi).map((v) => (
        <g key={v}>
          <line x1={pad.left} y1={sy(v)} x2={pad.left + w} y2={sy(v)} stroke="#eee" />
          <text x={pad.left - 4} y={sy(v) + 3} fontSize={10} textAnchor="end" fill="#666">
            {fmt(v)}
          </text>
        </g>
      ))}
      {years.map((t) => (
        <text key={t} x={sx(t)} y={pad.top + h + 14} fontSize={10} textAnchor="middle" fill="#666">
          {new Date(t).getUTCFullYear()}
        </text>
      ))}
      <text x={4} y={10} fontSize={10} fill="#666">
        {unit}
      </text>
      {limit && (
        <g data-testid="limit-line" data-value={limit.value}>
          <line x1={pad.left} y1={sy(limit.value)} x2={pad.left + w} y2={sy(limit.value)} stroke="#d62728" strokeWidth={1.5} strokeDasharray="6 3" />
          <text x={pad.left + w - 2} y={sy(limit.value) - 4} fontSize={10} textAnchor="end" fill="#d62728">
            {limit.label} {fmt(limit.value)}
          </text>
        </g>
      )}
      <path d={line} fill="none" stroke="#7a8a99" strokeWidth={1.2} />
      {shown.map((p, i) => {
        const cls = p.gbClass ?? null;
        const color = cls ? GB_CLASS_COLORS[cls - 1]! : '#4f86c6';
        const hollow = p.value === null;
        const over = limit && p.value !== null && p.value > limit.value;
        return (
          <g key={i} data-testid="series-point" data-class={cls ?? ''} data-over={over ? '1' : '0'}>
            {over && <circle cx={sx(p.t)} cy={sy(p.y!)} r={7} fill="none" stroke="#d62728" strokeWidth={1.5} />}
            <circle cx={sx(p.t)} cy={sy(p.y!)} r={4} fill={hollow ? '#fff' : color} stroke={color} strokeWidth={1.5}>
              <title>{`${p.date}: ${p.label ?? (p.value === null ? `< ${p.detectionLimit ?? '?'}` : fmt(p.value))}${cls ? ` · ${['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ'][cls - 1]}类` : ''}`}</title>
            </circle>
          </g>
        );
      })}
    </svg>
  );
}
