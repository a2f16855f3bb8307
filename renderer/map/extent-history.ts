/**
 * Previous / next extent, as QGIS's Zoom Last / Zoom Next: every settled view (after a pan or zoom
 * ends) is pushed; going back and then moving somewhere new drops the "next" branch. Pure data, so
 * it is unit-tested without a map.
 */
export interface ViewState {
  center: readonly [number, number];
  resolution: number;
}

const LIMIT = 100;

function same(a: ViewState, b: ViewState): boolean {
  // sub-pixel differences are the same place (a fit animation ends a hair off its target)
  const tolerance = Math.min(a.resolution, b.resolution) * 0.5;
  return (
    Math.abs(a.center[0] - b.center[0]) <= tolerance &&
    Math.abs(a.center[1] - b.center[1]) <= tolerance &&
    Math.abs(a.resolution - b.resolution) <= a.resolution * 1e-6
  );
}

export class ExtentHistory {
  private states: ViewState[] = [];
  private index = -1;
  /** Set while the history itself moves the view, so that move is not recorded again. */
  private navigating = false;

  /** A view settled: remember it (unless we are the ones moving it). */
  record(state: ViewState): void {
    if (this.navigating) {
      this.navigating = false;
      return;
    }
    const current = this.states[this.index];
    if (current && same(current, state)) return;
    this.states = this.states.slice(0, this.index + 1);
    this.states.push(state);
    if (this.states.length > LIMIT) this.states.shift();
    this.index = this.states.length - 1;
  }

  canBack(): boolean {
    return this.index > 0;
  }

  canForward(): boolean {
    return this.index < this.states.length - 1;
  }

  /** The state to go back to (the caller moves the view there), or null at the oldest. */
  back(): ViewState | null {
    if (!this.canBack()) return null;
    this.index -= 1;
    this.navigating = true;
    return this.states[this.index]!;
  }

  forward(): ViewState | null {
    if (!this.canForward()) return null;
    this.index += 1;
    this.navigating = true;
    return this.states[this.index]!;
  }

  /** The history move did not change the view after all (already there): stop waiting for it. */
  settled(): void {
    this.navigating = false;
  }

  clear(): void {
    this.states = [];
    this.index = -1;
    this.navigating = false;
  }
}
