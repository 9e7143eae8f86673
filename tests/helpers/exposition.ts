/** Reads Prometheus text exposition for the tests: each sample line as `name{labels}` → value. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The samples of one metric (its name exactly, or its _bucket/_sum/_count series), keyed by their label text ('' for none). */
export function series(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of samples(text)) {
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) === name) out.set(brace < 0 ? '' : key.slice(brace), value);
  }
  return out;
}
