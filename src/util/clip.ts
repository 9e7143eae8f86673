/**
 * Text a user gave, shown back in a message, cut to a length a terminal can hold: a 20,000-
 * character value, a 100,000-column header or a list of 100,000 problems must not become a
 * megabyte of stderr (tests/properties/fuzz.test.ts).
 */
export function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length} characters)`;
}

/** The first `max` items, then how many more: "a, b, c, … (97 more)". */
export function clipList(items: readonly string[], max = 20, separator = ', '): string {
  const shown = items.slice(0, max).join(separator);
  return items.length > max ? `${shown}${separator}… (${items.length - max} more)` : shown;
}
