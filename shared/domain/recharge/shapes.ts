import { toMap } from './capture-zone';

export type Ring = [number, number][];

/** A circle as a closed ring of `segments` chords (the polygon's area is (n/2π)·sin(2π/n) of the circle's). */
export function circleRing(cx: number, cy: number, r: number, segments = 128): Ring {
  const out: Ring = [];
  for (let k = 0; k < segments; k++) {
    const t = (2 * Math.PI * k) / segments;
    out.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  out.push([out[0]![0], out[0]![1]]);
  return out;
}

/**
 * An upgradient-elongated zone for a known flow direction: two half-ellipses joined across the
 * flow line through the well — `up` metres upgradient, `down` downgradient, `half` metres to each
 * side. With up = down = half it is the circle.
 */
export function elongatedRing(cx: number, cy: number, azimuthDeg: number, up: number, down: number, half: number, segments = 128): Ring {
  const place = toMap(cx, cy, azimuthDeg);
  const out: Ring = [];
  for (let k = 0; k < segments; k++) {
    const t = -Math.PI + (2 * Math.PI * k) / segments;
    const c = Math.cos(t);
    // local +x is downgradient
    const x = c >= 0 ? down * c : up * c;
    out.push(place([x, half * Math.sin(t)]));
  }
  out.push([out[0]![0], out[0]![1]]);
  return out;
}
