/** Plain-text table: columns padded to their widest cell, two spaces apart, no trailing spaces. */
export function formatTable(rows: readonly (readonly string[])[], indent = ''): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, [...cell].length) })
  return rows
    .map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  '))
    .map((line) => line.trimEnd())
    .join('\n') + '\n'
}
