/**
 * CSV for people's spreadsheets (RFC 4180): CRLF line ends; a cell holding a comma, a double quote,
 * CR or LF is quoted with its quotes doubled. Cells come from the log (attacker-controlled names and
 * owners), so a cell that a spreadsheet would run as a formula (starting with = + - @, TAB or CR) is
 * defused with a leading `'` before quoting (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: null/undefined as empty, numbers and booleans as text, strings guarded and quoted. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
