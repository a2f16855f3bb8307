import type { ReactNode } from 'react';
import type { BoreholeLog } from '../../../shared/api/features';
import { lithologyStyle, weatheringOpacity, type PatternKind } from './lithology-style';

const PATTERN_SIZE = 10;

function patternShapes(kind: PatternKind): ReactNode {
  const ink = 'rgba(60, 50, 40, 0.55)';
  switch (kind) {
    case 'dots':
      return (
        <>
          <circle cx={2.5} cy={2.5} r={1} fill={ink} />
          <circle cx={7.5} cy={7.5} r={1} fill={ink} />
        </>
      );
    case 'fineDots':
      return (
        <>
          <circle cx={2.5} cy={2.5} r={0.6} fill={ink} />
          <circle cx={7.5} cy={7.5} r={0.6} fill={ink} />
          <circle cx={7.5} cy={2.5} r={0.6} fill={ink} />
        </>
      );
    case 'circles':
      return (
        <>
          <circle cx={3} cy={3} r={2} fill="none" stroke={ink} strokeWidth={0.8} />
          <circle cx={8} cy={8} r={1.5} fill="none" stroke={ink} strokeWidth={0.8} />
        </>
      );
    case 'dashes':
      return (
        <>
          <line x1={1} y1={3} x2={5} y2={3} stroke={ink} strokeWidth={0.8} />
          <line x1={6} y1={8} x2={10} y2={8} stroke={ink} strokeWidth={0.8} />
        </>
      );
    case 'silt':
      return (
        <>
          <line x1={1} y1={3} x2={4} y2={3} stroke={ink} strokeWidth={0.8} />
          <circle cx={7.5} cy={8} r={0.7} fill={ink} />
        </>
      );
    case 'bricks':
      return (
        <path d="M0 0.5 H10 M0 5.5 H10 M3 0.5 V5.5 M8 5.5 V10" stroke={ink} strokeWidth={0.8} fill="none" />
      );
    case 'crosses':
      return <path d="M2 2 L5 5 M5 2 L2 5 M6 6 L9 9 M9 6 L6 9" stroke={ink} strokeWidth={0.8} />;
    case 'hatch':
      return <path d="M0 10 L10 0" stroke={ink} strokeWidth={0.8} />;
    case 'fill':
      return <path d="M0 10 L10 0 M0 5 L5 0 M5 10 L10 5" stroke={ink} strokeWidth={0.6} />;
    default:
      return null;
  }
}

const KINDS: PatternKind[] = ['dots', 'fineDots', 'circles', 'dashes', 'silt', 'bricks', 'crosses', 'hatch', 'fill'];

/**
 * 钻孔柱状图: depth scale, the lithology column with standard colours and patterns, each stratum's name
 * and bottom depth, and the water level (latest reading) as ▽ with its depth.
 */
export function StripLog({ log, lang, width = 440, height = 520 }: { log: BoreholeLog; lang: 'zh-CN' | 'en'; width?: number; height?: number }) {
  const depth = Math.max(log.depth ?? 0, ...log.intervals.map((i) => i.bottom), 1);
  const pad = { top: 28, bottom: 12, left: 44 };
  const colX = pad.left + 8;
  const colW = 70;
  // a lane beside the column for the water level, so its label never sits on a stratum's name
  const laneX = colX + colW + 4;
  const labelX = laneX + 92;
  const h = height - pad.top - pad.bottom;
  const y = (d: number) => pad.top + (h * d) / depth;
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => depth / s <= 12) ?? 200;
  const ticks: number[] = [];
  for (let d = 0; d <= depth + 1e-9; d += step) ticks.push(d);
  const latest = [...log.levels].reverse().find((l) => l.depthToWater !== null);
  return (
    <svg width={width} height={height} className="gwz-striplog" data-testid="strip-log" role="img">
      <defs>
        {KINDS.map((k) => (
          <pattern key={k} id={`gwz-lith-${k}`} width={PATTERN_SIZE} height={PATTERN_SIZE} patternUnits="userSpaceOnUse">
            {patternShapes(k)}
          </pattern>
        ))}
      </defs>
      <text x={pad.left - 6} y={14} fontSize={11} textAnchor="end" fill="#555">
        {lang === 'en' ? 'Depth m' : '深度 m'}
      </text>
      <text x={colX + colW / 2} y={14} fontSize={11} textAnchor="middle" fill="#555">
        {lang === 'en' ? 'Column' : '柱状图'}
      </text>
      <text x={laneX + 4} y={14} fontSize={11} fill="#1565c0">
        {lang === 'en' ? 'Water level' : '水位'}
      </text>
      <text x={labelX} y={14} fontSize={11} fill="#555">
        {lang === 'en' ? 'Lithology (bottom depth)' : '岩性（层底深度）'}
      </text>
      <line x1={pad.left} y1={pad.top} x2={pad.left} y2={pad.top + h} stroke="#888" />
      {ticks.map((d) => (
        <g key={d}>
          <line x1={pad.left - 4} y1={y(d)} x2={pad.left} y2={y(d)} stroke="#888" />
          <text x={pad.left - 6} y={y(d) + 3} fontSize={10} textAnchor="end" fill="#666">
            {d}
          </text>
        </g>
      ))}
      {log.intervals.map((iv, i) => {
        const style = lithologyStyle(iv.code);
        const top = y(iv.top);
        const bh = Math.max(1, y(iv.bottom) - top);
        const label = lang === 'en' ? iv.name_en : iv.lithology;
        return (
          <g key={i} data-testid="strip-interval" data-code={iv.code}>
            <rect x={colX} y={top} width={colW} height={bh} fill={style.color} opacity={weatheringOpacity(iv.lithology)} />
            {style.pattern !== 'none' && <rect x={colX} y={top} width={colW} height={bh} fill={`url(#gwz-lith-${style.pattern})`} />}
            <rect x={colX} y={top} width={colW} height={bh} fill="none" stroke="#555" strokeWidth={0.8} />
            {bh >= 11 && (
              <text x={labelX} y={top + Math.min(bh / 2, 14) + 3} fontSize={11} fill="#333">
                {label} <tspan fill="#888">({iv.bottom.toFixed(1)})</tspan>
                <title>{`${iv.lithology} · ${iv.code} · ${iv.top}–${iv.bottom} m${iv.description ? ` · ${iv.description}` : ''}`}</title>
              </text>
            )}
          </g>
        );
      })}
      {latest && latest.depthToWater !== null && latest.depthToWater <= depth && (
        <g data-testid="water-level" data-depth={latest.depthToWater}>
          <line x1={colX - 6} y1={y(latest.depthToWater)} x2={laneX + 86} y2={y(latest.depthToWater)} stroke="#1565c0" strokeWidth={1.5} strokeDasharray="4 2" />
          <path d={`M${laneX + 4} ${y(latest.depthToWater) - 10} h12 l-6 10 z`} fill="#fff" stroke="#1565c0" strokeWidth={1.5} />
          <text x={laneX + 20} y={y(latest.depthToWater) - 3} fontSize={10} fill="#1565c0">
            {latest.depthToWater.toFixed(2)} m
          </text>
          <text x={laneX + 4} y={y(latest.depthToWater) + 11} fontSize={9} fill="#1565c0">
            {latest.date}
          </text>
        </g>
      )}
    </svg>
  );
}
