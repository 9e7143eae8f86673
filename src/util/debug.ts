/**
 * SPM_DEBUG=topic[,topic…]: internal decisions a user or a test may want to see, on stderr as
 * `spm: debug: …` lines. Topics: `parts` (how ingest reads each data file: in two parts, or on one
 * thread, and why). Nothing is printed unless asked for.
 */
export function debug(topic: string, message: string): void {
  if (process.env.SPM_DEBUG?.split(',').includes(topic)) process.stderr.write(`spm: debug: ${message}\n`);
}
