/**
 * Local time for AWS's timers (visibility timeouts, async retry delays): real seconds × LOCAL_TIME_SCALE.
 * 1 by default; the tests run the same semantics faster (e.g. 0.02: a 60 s visibility timeout is 1.2 s).
 */
export function scaledMs(seconds: number): number {
  const scale = Number(process.env.LOCAL_TIME_SCALE ?? 1);
  return Math.max(1, Math.round(seconds * 1000 * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
