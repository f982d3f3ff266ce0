/** Benchmark settings from the environment: integers in a range, or a clear error naming the variable. */
export function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A comma-separated subset of `allowed` (all of them by default), in the order of `allowed`. */
export function listEnv<T extends string>(name: string, allowed: readonly T[]): T[] {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return [...allowed];
  const picked = raw.split(',').map((s) => s.trim());
  const unknown = picked.filter((s) => !(allowed as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`${name}: unknown ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
  return allowed.filter((s) => picked.includes(s));
}
