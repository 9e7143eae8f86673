/** Shape checks for parsed JSON and YAML, which stay `unknown` until validated (STYLE 6). */

/** A plain object (not an array, not a class instance): what JSON.parse and YAML give for a map. */
export const isPlainMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
