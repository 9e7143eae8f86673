/**
 * How the dashboard writes numbers and sentences for people: counts, percentages, plurals,
 * sizes, signed contributions and first-letter case. Pure functions, shared by every section.
 */

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A number in the reader's locale with at most `digits` decimals. */
export const fmt = (x, digits = 1) => (digits === 1 ? numberFormat.format(x) : x.toLocaleString(undefined, { maximumFractionDigits: digits }));
export const count = (n) => n.toLocaleString();
export const percent = (k, n) => (n > 0 ? `${Math.round((100 * k) / n)}%` : '–');
export const plural = (n, one, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
export const formatBytes = (n) => (n >= 1 << 20 ? `${fmt(n / (1 << 20))} MB` : n >= 1024 ? `${fmt(n / 1024)} kB` : `${n} bytes`);
/** A signed number with a true minus sign, e.g. −5.8 or +3.9. */
export const signed = (x) => `${x < 0 ? '−' : '+'}${fmt(Math.abs(x), 3)}`;

export const lowerFirst = (text) => text[0].toLowerCase() + text.slice(1);
/** First letter upper case, a trailing full stop dropped (callers add their own). */
export const capitalise = (text) => (text ? text[0].toUpperCase() + text.slice(1).replace(/\.$/, '') : '');
