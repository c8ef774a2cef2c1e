/** Readable output: aligned tables for lists, aligned "field  value" blocks for one object. */

/** A column: its header and how to read a row's cell. */
export type Column<T> = readonly [header: string, cell: (row: T) => unknown];

/** A cell as text: '-' for null or undefined, lists joined with commas. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '-';
  if (Array.isArray(v)) return v.length ? v.map(cellText).join(',') : '-';
  return String(v);
}

/** Rows under their headers, each column as wide as its widest cell, two spaces apart; no trailing blanks. */
export function table<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): string {
  const cells = [columns.map(([h]) => h), ...rows.map((r) => columns.map(([, get]) => cellText(get(r))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells.map((line) => line.map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** "field  value" lines, fields aligned; a multi-line value is indented under its first line. */
export function details(pairs: ReadonlyArray<[field: string, value: unknown]>): string {
  const width = Math.max(...pairs.map(([f]) => f.length));
  return pairs
    .map(([f, v]) => `${f.padEnd(width)}  ${cellText(v).split('\n').join('\n' + ' '.repeat(width + 2))}`.trimEnd())
    .join('\n');
}
