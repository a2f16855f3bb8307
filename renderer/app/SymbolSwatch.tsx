import { useId } from 'react';
import type { LegendItem, Symbol } from '../../shared/style';
import { geometryFamily } from '../../shared/style';

const W = 22;
const H = 14;

function hatchLines(pattern: string, size: number): string {
  const s = size;
  const h = s / 2;
  switch (pattern) {
    case 'horizontal':
      return `M0 ${h}H${s}`;
    case 'vertical':
      return `M${h} 0V${s}`;
    case 'cross':
      return `M0 ${h}H${s}M${h} 0V${s}`;
    case 'back-diagonal':
      return `M0 0L${s} ${s}`;
    case 'diagonal-cross':
      return `M0 ${s}L${s} 0M0 0L${s} ${s}`;
    default:
      return `M0 ${s}L${s} 0`;
  }
}

/** A legend patch for a symbol, drawn as the map draws it (fill, hatch, outline, line or marker). */
export function SymbolSwatch({ symbol, geometryType }: { symbol: Symbol; geometryType: string | null }) {
  const id = useId().replace(/:/g, '');
  const family = geometryFamily(geometryType);
  const stroke = symbol.stroke;
  if (family === 'line') {
    return (
      <svg width={W} height={H} className="gwz-swatch" aria-hidden>
        <path
          d={`M1 ${H - 3}C${W / 3} 1 ${(2 * W) / 3} ${H} ${W - 1} 3`}
          fill="none"
          stroke={stroke?.color ?? symbol.fill ?? '#2f5f98'}
          strokeWidth={Math.max(1, (stroke?.width ?? 1) * 1.33)}
          strokeDasharray={stroke?.dash?.join(' ')}
        />
      </svg>
    );
  }
  if (family === 'point') {
    const r = Math.min(H / 2 - 1, ((symbol.marker?.size ?? 6) * 1.33) / 2);
    return (
      <svg width={W} height={H} className="gwz-swatch" aria-hidden>
        <circle
          cx={W / 2}
          cy={H / 2}
          r={r}
          fill={symbol.fill ?? 'none'}
          fillOpacity={symbol.fillOpacity}
          stroke={stroke?.color ?? 'none'}
          strokeWidth={stroke ? Math.max(0.75, stroke.width * 1.33) : 0}
        />
      </svg>
    );
  }
  const hatch = symbol.hatch;
  const size = hatch ? Math.max(3, hatch.spacing) : 0;
  return (
    <svg width={W} height={H} className="gwz-swatch" aria-hidden>
      {hatch && (
        <defs>
          <pattern id={`h${id}`} width={size} height={size} patternUnits="userSpaceOnUse">
            <path d={hatchLines(hatch.pattern, size)} stroke={hatch.color} strokeWidth={Math.max(0.6, hatch.width * 1.33)} />
          </pattern>
        </defs>
      )}
      <rect x={1} y={1} width={W - 2} height={H - 2} fill={symbol.fill ?? 'none'} fillOpacity={symbol.fillOpacity} />
      {hatch && <rect x={1} y={1} width={W - 2} height={H - 2} fill={`url(#h${id})`} />}
      <rect
        x={1}
        y={1}
        width={W - 2}
        height={H - 2}
        fill="none"
        stroke={stroke?.color ?? 'none'}
        strokeWidth={stroke ? Math.max(0.75, stroke.width * 1.33) : 0}
        strokeDasharray={stroke?.dash?.join(' ')}
      />
    </svg>
  );
}

/** One legend row's graphic: a symbol patch, a raster swatch or a ramp. */
export function LegendGraphic({ item, geometryType }: { item: LegendItem; geometryType: string | null }) {
  const id = useId().replace(/:/g, '');
  if (item.type === 'symbol') return <SymbolSwatch symbol={item.symbol} geometryType={geometryType} />;
  if (item.type === 'swatch') {
    return (
      <svg width={W} height={H} className="gwz-swatch" aria-hidden>
        <rect x={1} y={1} width={W - 2} height={H - 2} fill={item.color} stroke="#999" strokeWidth={0.5} />
      </svg>
    );
  }
  const lo = item.stops[0]!.value;
  const hi = item.stops[item.stops.length - 1]!.value;
  return (
    <svg width={16} height={72} className="gwz-ramp" aria-hidden>
      <defs>
        <linearGradient id={`g${id}`} x1="0" y1="1" x2="0" y2="0">
          {item.stops.map((s, i) => (
            <stop key={i} offset={hi === lo ? i / Math.max(1, item.stops.length - 1) : (s.value - lo) / (hi - lo)} stopColor={s.color} />
          ))}
        </linearGradient>
      </defs>
      <rect x={1} y={1} width={14} height={70} fill={`url(#g${id})`} stroke="#999" strokeWidth={0.5} />
    </svg>
  );
}
