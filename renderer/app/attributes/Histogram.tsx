import type { Histogram as HistogramData } from '../../../shared/api/features';

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

/** Equal-width bins as SVG bars with the range under them; hover shows each bin's count. */
export function Histogram({ data, width = 440, height = 160 }: { data: HistogramData; width?: number; height?: number }) {
  const pad = { left: 40, right: 8, top: 8, bottom: 22 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const peak = Math.max(1, ...data.counts);
  const bw = w / data.counts.length;
  return (
    <svg width={width} height={height} className="gwz-histogram" data-testid="histogram" role="img">
      <line x1={pad.left} y1={pad.top + h} x2={pad.left + w} y2={pad.top + h} stroke="#999" />
      <line x1={pad.left} y1={pad.top} x2={pad.left} y2={pad.top + h} stroke="#999" />
      <text x={pad.left - 4} y={pad.top + 8} fontSize={10} textAnchor="end" fill="#666">
        {peak}
      </text>
      <text x={pad.left - 4} y={pad.top + h} fontSize={10} textAnchor="end" fill="#666">
        0
      </text>
      {data.counts.map((c, i) => {
        const bh = (h * c) / peak;
        return (
          <rect key={i} x={pad.left + i * bw + 1} y={pad.top + h - bh} width={Math.max(1, bw - 2)} height={bh} fill="#4f86c6">
            <title>{`${fmt(data.edges[i]!)} – ${fmt(data.edges[i + 1]!)}: ${c}`}</title>
          </rect>
        );
      })}
      <text x={pad.left} y={height - 6} fontSize={10} fill="#666">
        {fmt(data.edges[0]!)}
      </text>
      <text x={pad.left + w} y={height - 6} fontSize={10} textAnchor="end" fill="#666">
        {fmt(data.edges[data.edges.length - 1]!)}
      </text>
    </svg>
  );
}
