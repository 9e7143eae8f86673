/** Shape checks for parsed JSON and YAML, which stay `unknown` until validated (STYLE 6). */

/** A record: an object that is neither an array nor a class instance, as JSON.parse and YAML give a map. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
