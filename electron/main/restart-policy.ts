/**
 * When the engine process dies we restart it, but an engine that crashes on start would otherwise
 * restart forever: allow `max` restarts within `windowMs`, then give up (main shows the error).
 */
export interface RestartPolicy {
  /** Record a crash at `now`; true when another restart is allowed. */
  allow(now: number): boolean;
}

export function createRestartPolicy(max = 3, windowMs = 60_000): RestartPolicy {
  const crashes: number[] = [];
  return {
    allow(now) {
      while (crashes.length > 0 && now - crashes[0]! > windowMs) crashes.shift();
      crashes.push(now);
      return crashes.length <= max;
    },
  };
}
