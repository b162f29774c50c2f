/**
 * Left-aligned columns padded to their widest cell and joined by one space, the way Kafka's
 * consumer-groups tool prints; trailing spaces are trimmed so output diffs cleanly.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => rows.reduce((w, row) => Math.max(w, (row[i] ?? '').length), h.length));
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, i) => (cells[i] ?? '').padEnd(w))
      .join(' ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
