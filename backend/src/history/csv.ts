/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF are quoted, quotes doubled, lines end
 * in CRLF. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
 * CR) gets a leading apostrophe, so a camera named `=HYPERLINK(...)` stays text (OWASP).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell. Numbers and booleans are written as they are; text is defused and quoted as needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
