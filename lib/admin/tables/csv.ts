import "server-only";
/**
 * CSV exports streamed row by row: the rows come from a keyset iterator (one chunk in memory at a time), pass
 * through csv-stringify, and leave as a web ReadableStream with backpressure all the way down (the database is
 * read only as fast as the client downloads).
 */
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { currencyExponent, minorToDecimalString } from "@/lib/format/money";

export type CsvValue = string | number | boolean | Date | null | undefined;

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

/**
 * Spreadsheet apps run cells starting with = + - @ (and tab/CR) as formulas: prefix them with a quote so an
 * email like "=HYPERLINK(…)@x" stays text (OWASP CSV injection). Numbers are left alone.
 */
export function safeCell(value: CsvValue): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value instanceof Date) return value.toISOString();
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Minor units as an exact decimal string in the currency's exponent ("1999" EUR → "19.99"). */
export function csvMoney(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined) return "";
  return minorToDecimalString(minor, currency ? currencyExponent(currency) : 2);
}

/** Turns chunks of rows into a CSV byte stream (header first). */
export function csvStream<Row>(chunks: AsyncIterable<Row[]>, columns: Array<CsvColumn<Row>>): ReadableStream<Uint8Array> {
  async function* records() {
    for await (const chunk of chunks) {
      for (const row of chunk) yield columns.map((c) => safeCell(c.value(row)));
    }
  }
  const stringifier = stringify({ header: true, columns: columns.map((c) => c.header), bom: true });
  const source = Readable.from(records());
  source.on("error", (error) => stringifier.destroy(error));
  source.pipe(stringifier);
  return Readable.toWeb(stringifier) as unknown as ReadableStream<Uint8Array>;
}
