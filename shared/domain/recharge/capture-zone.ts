/**
 * Capture zone of pumping wells in uniform regional flow (docs/domain.md §7; Todd & Mays, Javandel &
 * Tsang 1986, Grubb 1993): closed forms for one well, and isochrones for one or several wells by
 * tracing particles backwards in the superposed velocity field.
 *
 * Coordinates are local: the regional flow runs toward +x (so upgradient is −x); `toMap` places them.
 * Units: m, d, m³/d.
 */

export interface Aquifer {
  /** Hydraulic conductivity, m/d. */
  K: number;
  /** Saturated thickness, m (confined: the aquifer thickness; unconfined: the mean saturated thickness). */
  b: number;
  /** Effective porosity. */
  n: number;
  /** Regional hydraulic gradient, m/m. */
  i: number;
  /**
   * Unconfined form (Grubb 1993): heads h1 > h2 (m above the aquifer base) a distance L apart along
   * the flow line replace b·i by (h1² − h2²)/(2L).
   */
  unconfined?: { h1: number; h2: number; L: number } | undefined;
}

export interface Well {
  /** Local coordinates, m. */
  x: number;
  y: number;
  /** Pumping rate, m³/d (positive = extraction). */
  Q: number;
}

/** b·i, or its unconfined equivalent (h1² − h2²)/(2L): the regional Darcy flux per unit width is K times this. */
export function thicknessTimesGradient(a: Aquifer): number {
  if (a.unconfined) {
    const { h1, h2, L } = a.unconfined;
    return (h1 * h1 - h2 * h2) / (2 * L);
  }
  return a.b * a.i;
}

/** Seepage velocity of the regional flow, m/d: K·(b·i)/(n·b). */
export function regionalVelocity(a: Aquifer): number {
  return (a.K * thicknessTimesGradient(a)) / (a.n * a.b);
}

/** Distance of the stagnation point downgradient of the well: x_s = Q / (2π K b i). */
export function stagnationDistance(Q: number, a: Aquifer): number {
  return Q / (2 * Math.PI * a.K * thicknessTimesGradient(a));
}

/** Full width of the capture zone far upgradient: Q / (K b i). */
export function captureWidth(Q: number, a: Aquifer): number {
  return Q / (a.K * thicknessTimesGradient(a));
}

/** Full width of the capture zone on the line through the well across the flow: Q / (2 K b i). */
export function captureWidthAtWell(Q: number, a: Aquifer): number {
  return Q / (2 * a.K * thicknessTimesGradient(a));
}

/** Travel time to the well from a distance L upgradient on the axis: (n/(K i))·[L − x_s ln(1 + L/x_s)]. */
export function travelTimeUpgradient(L: number, Q: number, a: Aquifer): number {
  const xs = stagnationDistance(Q, a);
  return (L - xs * Math.log1p(L / xs)) / regionalVelocity(a);
}

/** Travel time to the well from a distance L < x_s downgradient on the axis: (n/(K i))·[−L − x_s ln(1 − L/x_s)]. */
export function travelTimeDowngradient(L: number, Q: number, a: Aquifer): number {
  const xs = stagnationDistance(Q, a);
  if (L >= xs) return Number.POSITIVE_INFINITY;
  return (-L - xs * Math.log1p(-L / xs)) / regionalVelocity(a);
}

/** The monotone inverse of `time` on [0, hi), by bisection to machine precision. */
function invert(time: (L: number) => number, T: number, hi: number): number {
  let lo = 0;
  let top = hi;
  for (let k = 0; k < 200 && top - lo > 1e-12 * Math.max(1, top); k++) {
    const mid = (lo + top) / 2;
    if (time(mid) < T) lo = mid;
    else top = mid;
  }
  return (lo + top) / 2;
}

/** How far upgradient the T-day isochrone reaches on the axis. */
export function upgradientReach(T: number, Q: number, a: Aquifer): number {
  // t(L) ≥ (L − x_s·L/x_s … ) grows at least like L/v for large L; v·T + a few x_s brackets it.
  const hi = regionalVelocity(a) * T + 10 * stagnationDistance(Q, a) + 1;
  return invert((L) => travelTimeUpgradient(L, Q, a), T, hi);
}

/** How far downgradient the T-day isochrone reaches on the axis (always short of x_s). */
export function downgradientReach(T: number, Q: number, a: Aquifer): number {
  const xs = stagnationDistance(Q, a);
  return invert((L) => travelTimeDowngradient(L, Q, a), T, xs);
}

/**
 * The dividing streamline of one well at the origin (the capture-zone boundary), from the stagnation
 * point to `xMin` upgradient: y = ±[Q/(2 b K i)]·(θ/π) with θ = atan2(|y|, x). Returns the upper
 * branch (y ≥ 0), x decreasing; the lower branch is its mirror.
 */
export function dividingStreamline(Q: number, a: Aquifer, xMin: number, points = 200): [number, number][] {
  const ymax = captureWidth(Q, a) / 2;
  const xs = stagnationDistance(Q, a);
  const out: [number, number][] = [[xs, 0]];
  // y runs over (0, ymax); x = y / tan(π y / ymax) — dense near the asymptote, where x runs far.
  for (let k = 1; k <= points; k++) {
    const frac = k / (points + 1);
    const y = ymax * frac;
    const x = y / Math.tan(Math.PI * frac);
    if (x < xMin) {
      // finish exactly at xMin by solving for y there
      const yAt = solveDivideY(xMin, ymax);
      out.push([xMin, yAt]);
      return out;
    }
    out.push([x, y]);
  }
  out.push([xMin, solveDivideY(xMin, ymax)]);
  return out;
}

function solveDivideY(x: number, ymax: number): number {
  // x·tan(π y/ymax) = y on (0, ymax): f increases from x·0 … ; bisection on the angle
  let lo = 1e-12;
  let hi = ymax * (1 - 1e-12);
  for (let k = 0; k < 200; k++) {
    const y = (lo + hi) / 2;
    const xOf = y / Math.tan((Math.PI * y) / ymax);
    if (xOf > x) lo = y;
    else hi = y;
  }
  return (lo + hi) / 2;
}

/** Seepage velocity (m/d) at (x, y) of regional flow plus the wells, in local coordinates. */
export function velocityAt(x: number, y: number, wells: readonly Well[], a: Aquifer): [number, number] {
  let vx = regionalVelocity(a);
  let vy = 0;
  const k = 1 / (2 * Math.PI * a.n * a.b);
  for (const w of wells) {
    const dx = x - w.x;
    const dy = y - w.y;
    const r2 = dx * dx + dy * dy;
    if (r2 === 0) continue;
    const s = (k * w.Q) / r2;
    vx -= s * dx;
    vy -= s * dy;
  }
  return [vx, vy];
}

export interface TraceOptions {
  /** Length of one step, m (the step adapts in time so each covers about this distance). */
  step: number;
  /**
   * Steps are also kept short where the velocity changes fast — near a well and near a stagnation
   * point, where a step sized by distance alone would jump (the speed there tends to zero): dt ≤
   * turn / |∇v|, |∇v| of the wells' part being Σ Q/(2π n b r²). Default 0.02.
   */
  turn?: number;
  /** Gives up after this many steps (a safeguard; a trace normally ends by time). */
  maxSteps?: number;
}

/**
 * Traces a particle backwards in time for T days from (x, y): where the water that is at (x, y) now
 * was T days ago. Classic RK4 in time with steps sized so each covers about `step` metres; the last
 * step is cut to end exactly at T. Returns the end point and the path (start included).
 */
export function traceBackward(
  x: number,
  y: number,
  T: number,
  wells: readonly Well[],
  a: Aquifer,
  opts: TraceOptions,
): { end: [number, number]; path: [number, number][] } {
  const back = (px: number, py: number): [number, number] => {
    const [vx, vy] = velocityAt(px, py, wells, a);
    return [-vx, -vy];
  };
  const path: [number, number][] = [[x, y]];
  let t = 0;
  let px = x;
  let py = y;
  const maxSteps = opts.maxSteps ?? 1_000_000;
  const turn = opts.turn ?? 0.02;
  const k = 1 / (2 * Math.PI * a.n * a.b);
  for (let s = 0; s < maxSteps && t < T; s++) {
    const [ax, ay] = back(px, py);
    const speed = Math.hypot(ax, ay);
    let strain = 0;
    for (const w of wells) strain += (k * Math.abs(w.Q)) / ((px - w.x) ** 2 + (py - w.y) ** 2);
    let dt = Math.min(speed > 0 ? opts.step / speed : T - t, strain > 0 ? turn / strain : T - t);
    if (t + dt > T) dt = T - t;
    const [bx, by] = back(px + 0.5 * dt * ax, py + 0.5 * dt * ay);
    const [cx, cy] = back(px + 0.5 * dt * bx, py + 0.5 * dt * by);
    const [dx, dy] = back(px + dt * cx, py + dt * cy);
    px += (dt / 6) * (ax + 2 * bx + 2 * cx + dx);
    py += (dt / 6) * (ay + 2 * by + 2 * cy + dy);
    t += dt;
    path.push([px, py]);
  }
  return { end: [px, py], path };
}

export interface IsochroneOptions {
  /** Step length of the particle traces, m; default 1/200 of the upgradient reach. */
  step?: number;
  /** Particles released around the well before refinement; default 72. */
  particles?: number;
  /** Neighbouring end points farther apart than this get a particle between them; default 1/100 of the reach. */
  maxGap?: number;
  /** Radius of the release ring, m; default 0.5 m or less for tiny zones. */
  ringRadius?: number;
}

/**
 * The T-day isochrone of well `index` among `wells` (superposed): particles released on a small ring
 * around it are traced back T days (less the time to cross the ring); their end points, in order
 * of release angle, bound the area whose water reaches the well within T. Pathlines do not cross,
 * so that order gives a simple ring; where neighbouring end points lie far apart (along the dividing
 * streamline, near the stagnation point) particles are released between them until they close up.
 * Returns a closed ring (first point repeated last), local coordinates.
 */
export function isochrone(wells: readonly Well[], index: number, T: number, a: Aquifer, opts: IsochroneOptions = {}): [number, number][] {
  const w = wells[index]!;
  const reach = Math.max(upgradientReach(T, w.Q, a), 1e-3);
  const step = opts.step ?? reach / 200;
  const maxGap = opts.maxGap ?? reach / 100;
  const r0 = opts.ringRadius ?? Math.min(0.5, reach / 1000);
  // time to reach the well from the ring in the purely radial near field: π r0² n b / Q
  const t0 = (Math.PI * r0 * r0 * a.n * a.b) / w.Q;
  const T1 = Math.max(0, T - t0);
  const endAt = (theta: number): [number, number] =>
    traceBackward(w.x + r0 * Math.cos(theta), w.y + r0 * Math.sin(theta), T1, wells, a, { step }).end;

  const n0 = opts.particles ?? 72;
  type P = { theta: number; end: [number, number] };
  const ring: P[] = [];
  for (let k = 0; k < n0; k++) {
    const theta = -Math.PI + (2 * Math.PI * k) / n0;
    ring.push({ theta, end: endAt(theta) });
  }
  const out: P[] = [];
  const refine = (p: P, q: P, depth: number): void => {
    const gap = Math.hypot(q.end[0] - p.end[0], q.end[1] - p.end[1]);
    if (gap <= maxGap || depth >= 48) return;
    const theta = (p.theta + q.theta) / 2;
    const m: P = { theta, end: endAt(theta) };
    refine(p, m, depth + 1);
    out.push(m);
    refine(m, q, depth + 1);
  };
  for (let k = 0; k < n0; k++) {
    const p = ring[k]!;
    const q = k + 1 < n0 ? ring[k + 1]! : { theta: ring[0]!.theta + 2 * Math.PI, end: ring[0]!.end };
    out.push(p);
    refine(p, q, 0);
  }
  const pts = out.map((p) => p.end);
  pts.push([pts[0]![0], pts[0]![1]]);
  return pts;
}

/** Area of a closed ring (shoelace), m². */
export function ringArea(ring: readonly (readonly [number, number])[]): number {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++) s += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
  return Math.abs(s) / 2;
}

/**
 * Local → map coordinates: the local +x axis points where the groundwater flows, `azimuthDeg`
 * degrees clockwise from grid north; the local origin sits at (x0, y0).
 */
export function toMap(x0: number, y0: number, azimuthDeg: number): (p: readonly [number, number]) => [number, number] {
  const a = (azimuthDeg * Math.PI) / 180;
  const ex = Math.sin(a);
  const ey = Math.cos(a);
  // left normal of the flow direction
  const nx = -ey;
  const ny = ex;
  return ([x, y]) => [x0 + x * ex + y * nx, y0 + x * ey + y * ny];
}

/** Map → local, the inverse of toMap. */
export function toLocal(x0: number, y0: number, azimuthDeg: number): (p: readonly [number, number]) => [number, number] {
  const a = (azimuthDeg * Math.PI) / 180;
  const ex = Math.sin(a);
  const ey = Math.cos(a);
  return ([X, Y]) => {
    const dx = X - x0;
    const dy = Y - y0;
    return [dx * ex + dy * ey, -dx * ey + dy * ex];
  };
}
