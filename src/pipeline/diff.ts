/** Differences between two flat records (params, metrics): shared by status, metrics diff and params diff. */
export interface Change {
  readonly key: string;
  readonly a: unknown;
  readonly b: unknown;
}

/** Keys whose values differ between two flat records, sorted by key. */
export function diffRecords(a: Record<string, unknown>, b: Record<string, unknown>): Change[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((key) => ({ key, a: a[key], b: b[key] }));
}
