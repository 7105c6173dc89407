import { validityFromNaN } from '../validity.js';
import { NOT_A_NUMBER, isIntegerSpelling, parseNumber } from './parse-number.js';

/** How a column's fields are handled while parsing. */
export const enum FieldKind {
  /** Parsed to float64, missing as NaN. */
  Number = 0,
  /** Kept as UTF-8 bytes. */
  Text = 1,
  /** Only looked at, to infer the column's type. */
  Classify = 2,
  /** Passed over: only its field boundaries count (the row's field count is still checked). */
  Skip = 3,
}

/** What a block parser needs to know; plain data so it can cross to a worker thread. */
export interface BlockPlan {
  delimiter: number;
  /** One {@link FieldKind} per column. */
  kinds: Uint8Array;
  /** The spellings of a missing value, as bytes (the empty field is always missing). */
  missing: Uint8Array[];
  /** Whether a quoted field may hold a line break (then the file is parsed as one block). */
  newlinesInValues: boolean;
}

export interface NumberColumn {
  kind: FieldKind.Number;
  /** Missing values are NaN here and null in the Arrow vector built from it. */
  values: Float64Array;
  nullCount: number;
  /** Arrow validity bitmap (bit set = present), when nullCount > 0. */
  validity: Uint8Array | undefined;
}

export interface TextColumn {
  kind: FieldKind.Text;
  /** Arrow Utf8 layout: `offsets[i]..offsets[i+1]` in `data` is row i. */
  offsets: Int32Array;
  data: Uint8Array;
  /** Arrow validity bitmap (bit set = present). */
  validity: Uint8Array;
  nullCount: number;
}

export interface ClassifiedColumn {
  kind: FieldKind.Classify;
  /** Every present value spells a number. */
  numeric: boolean;
  /** Every present value spells an integer (any number of digits). */
  integer: boolean;
  nullCount: number;
}

export interface SkippedColumn {
  kind: FieldKind.Skip;
}

export type ParsedColumn = NumberColumn | TextColumn | ClassifiedColumn | SkippedColumn;

/** A problem found in a block; `row` counts from 0 within the block. */
export interface BlockProblem {
  code: 'RAGGED_ROW' | 'UNTERMINATED_QUOTE' | 'TYPE_MISMATCH';
  row: number;
  column: number;
  /** The offending field's text, cut to 40 characters, or the field count for ragged rows. */
  detail: string;
}

export interface ParsedBlock {
  rows: number;
  columns: ParsedColumn[];
  problem: BlockProblem | undefined;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

/**
 * Parses the complete rows of `bytes` (rows end with LF or CRLF; the last one may end at the
 * end of the buffer) into columns. Numbers are parsed digit by digit while the field is
 * scanned (Clinger's fast path, as in {@link parseNumber}, inlined: this loop is the cost of
 * reading a CSV), text is copied as bytes: no string is made per field. Stops at the first
 * problem and reports it.
 *
 * @param expectedRows a guess of the row count, used to size the column buffers (they grow
 *   by doubling when it is short).
 */
export function parseBlock(input: Uint8Array, plan: BlockPlan, expectedRows: number): ParsedBlock {
  const { delimiter, kinds, missing, newlinesInValues } = plan;
  // The loops below rely on a final LF to stop; only the last row of a file may lack one.
  let bytes = input;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== LF) {
    bytes = new Uint8Array(input.length + 1);
    bytes.set(input);
    bytes[input.length] = LF;
  }
  const ncols = kinds.length;
  let capacity = Math.max(16, expectedRows);
  const numbers: Float64Array[] = [];
  const texts: TextBuilder[] = [];
  const classes: Classifier[] = [];
  const nulls = new Int32Array(ncols);
  for (let c = 0; c < ncols; c++) {
    const kind = kinds[c];
    if (kind === FieldKind.Number) numbers[c] = new Float64Array(capacity);
    else if (kind === FieldKind.Text) texts[c] = new TextBuilder(capacity);
    else if (kind === FieldKind.Classify) classes[c] = { numeric: true, integer: true };
  }
  const longestMissing = missing.reduce((m, t) => Math.max(m, t.length), 0);
  const n = bytes.length;
  let pos = 0;
  let row = 0;
  let problem: BlockProblem | undefined;

  rows: while (pos < n) {
    // A blank line (or the stray CR of one) is skipped, as pandas and pyarrow do.
    if (bytes[pos] === LF || (bytes[pos] === CR && bytes[pos + 1] === LF)) {
      pos += bytes[pos] === CR ? 2 : 1;
      continue;
    }
    if (row === capacity) {
      capacity *= 2;
      for (let c = 0; c < ncols; c++) {
        const old = numbers[c];
        if (old !== undefined) {
          const grown = new Float64Array(capacity);
          grown.set(old);
          numbers[c] = grown;
        }
      }
    }
    let col = 0;
    for (;;) {
      const kind = col < ncols ? kinds[col] : FieldKind.Classify;
      let start = pos;
      let c = bytes[pos] as number;
      if (kind === FieldKind.Skip && c !== QUOTE) {
        // A column nobody asked for: find where it ends, nothing more.
        while (c !== delimiter && c !== LF) c = bytes[++pos] as number;
      } else if (kind !== FieldKind.Text && c !== QUOTE) {
        // Fast path for numbers (and for classifying sample fields): sign, digits,
        // fraction, exponent, scanned and converted in one pass. The buffer ends with LF
        // (see above), so every loop stops inside it without a bounds check.
        let negative = false;
        if (c === 45 || c === 43) {
          negative = c === 45;
          c = bytes[++pos] as number;
        }
        let mantissa = 0;
        let digits = 0;
        let scale = 0;
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          digits++;
          c = bytes[++pos] as number;
        }
        let integral = true;
        if (c === 46) {
          integral = false;
          c = bytes[++pos] as number;
          while (c >= 48 && c <= 57) {
            mantissa = mantissa * 10 + (c - 48);
            digits++;
            scale--;
            c = bytes[++pos] as number;
          }
        }
        let wellFormed = digits > 0;
        if ((c === 101 || c === 69) && wellFormed) {
          integral = false;
          c = bytes[++pos] as number;
          let expNegative = false;
          if (c === 45 || c === 43) {
            expNegative = c === 45;
            c = bytes[++pos] as number;
          }
          let exponent = 0;
          let expDigits = 0;
          while (c >= 48 && c <= 57) {
            if (exponent < 100000) exponent = exponent * 10 + (c - 48);
            expDigits++;
            c = bytes[++pos] as number;
          }
          if (expDigits === 0) wellFormed = false;
          scale += expNegative ? -exponent : exponent;
        }
        if (wellFormed && (c === delimiter || c === LF || (c === CR && bytes[pos + 1] === LF))) {
          // A plain decimal number ends here.
          if (kind === FieldKind.Number) {
            let value: number;
            // At most 15 digits: the mantissa is exact, and so is 10^|scale| up to 22.
            if (digits <= 15 && scale >= -22 && scale <= 22) {
              const magnitude = scale === 0 ? mantissa : scale > 0 ? mantissa * (POW10[scale] as number) : mantissa / (POW10[-scale] as number);
              value = negative ? -magnitude : magnitude;
            } else value = Number(latin1Text(bytes, start, pos)); // a well-formed decimal with more digits or a far exponent: Number() rounds it
            (numbers[col] as Float64Array)[row] = value;
          } else if (col < ncols && !integral) (classes[col] as Classifier).integer = false;
          if (c === CR) pos++;
        } else {
          // Anything else (missing tokens, spaces, text): find the end of the field and decide there.
          while (bytes[pos] !== delimiter && bytes[pos] !== LF) pos++;
          let end = pos;
          if (end > start && bytes[end - 1] === CR) end--;
          if (col < ncols) {
            if (isMissing(bytes, start, end, missing, longestMissing)) {
              nulls[col]!++;
              if (kind === FieldKind.Number) (numbers[col] as Float64Array)[row] = Number.NaN;
            } else {
              const value = parseNumber(bytes, start, end);
              if (kind === FieldKind.Number) {
                if (value === NOT_A_NUMBER) {
                  problem = { code: 'TYPE_MISMATCH', row, column: col, detail: preview(bytes, start, end) };
                  break rows;
                }
                (numbers[col] as Float64Array)[row] = value;
              } else classify(classes[col] as Classifier, bytes, start, end, value);
            }
          }
        }
      } else {
        let end: number;
        let quoted = false;
        if (c === QUOTE) {
          quoted = true;
          let j = pos + 1;
          for (;;) {
            while (j < n && bytes[j] !== QUOTE) {
              if (bytes[j] === LF && !newlinesInValues) break;
              j++;
            }
            if (j >= n || bytes[j] !== QUOTE) {
              problem = { code: 'UNTERMINATED_QUOTE', row, column: col, detail: '' };
              break rows;
            }
            if (bytes[j + 1] === QUOTE) {
              j += 2;
              continue;
            }
            break;
          }
          start = pos + 1;
          end = j;
          pos = j + 1;
          if (pos < n && bytes[pos] === CR && (pos + 1 >= n || bytes[pos + 1] === LF)) pos++;
          if (pos < n && bytes[pos] !== delimiter && bytes[pos] !== LF) {
            problem = { code: 'UNTERMINATED_QUOTE', row, column: col, detail: preview(bytes, start, end) };
            break rows;
          }
        } else {
          while (pos < n && bytes[pos] !== delimiter && bytes[pos] !== LF) pos++;
          end = pos;
          if (end > start && bytes[end - 1] === CR) end--;
        }
        if (col < ncols) {
          const isNull = quoted ? end === start : isMissing(bytes, start, end, missing, longestMissing);
          if (isNull) nulls[col]!++;
          if (kind === FieldKind.Number) {
            const values = numbers[col] as Float64Array;
            const value = isNull ? Number.NaN : parseNumber(bytes, start, end);
            if (value === NOT_A_NUMBER) {
              problem = { code: 'TYPE_MISMATCH', row, column: col, detail: preview(bytes, start, end) };
              break rows;
            }
            values[row] = value;
          } else if (kind === FieldKind.Text) {
            (texts[col] as TextBuilder).push(bytes, start, end, quoted, isNull);
          } else if (kind === FieldKind.Classify && !isNull) classify(classes[col] as Classifier, bytes, start, end, parseNumber(bytes, start, end));
        }
      }
      col++;
      if (pos < n && bytes[pos] === delimiter) {
        pos++;
        continue;
      }
      if (pos < n) pos++; // the LF
      break;
    }
    if (col !== ncols) {
      problem = { code: 'RAGGED_ROW', row, column: Math.min(col, ncols) - 1, detail: String(col) };
      break;
    }
    row++;
  }
  const columns: ParsedColumn[] = [];
  for (let c = 0; c < ncols; c++) {
    const kind = kinds[c];
    if (kind === FieldKind.Number) {
      const full = numbers[c] as Float64Array;
      const values = full.length === row ? full : full.subarray(0, row);
      const nullCount = nulls[c] as number;
      columns.push({ kind, values, nullCount, validity: nullCount > 0 ? validityFromNaN(values) : undefined });
    } else if (kind === FieldKind.Text) columns.push((texts[c] as TextBuilder).finish(row, nulls[c] as number));
    else if (kind === FieldKind.Skip) columns.push({ kind });
    else {
      const seen = classes[c] as Classifier;
      columns.push({ kind: FieldKind.Classify, numeric: seen.numeric, integer: seen.integer, nullCount: nulls[c] as number });
    }
  }
  return { rows: row, columns, problem };
}

interface Classifier {
  numeric: boolean;
  integer: boolean;
}

function classify(seen: Classifier, bytes: Uint8Array, start: number, end: number, value: number | typeof NOT_A_NUMBER): void {
  if (value === NOT_A_NUMBER) seen.numeric = false;
  else if (seen.integer && !isIntegerSpelling(bytes, start, end)) seen.integer = false;
}

function isMissing(bytes: Uint8Array, start: number, end: number, missing: readonly Uint8Array[], longest: number): boolean {
  const length = end - start;
  if (length === 0) return true;
  if (length > longest) return false;
  for (const token of missing) {
    if (token.length !== length) continue;
    let k = 0;
    while (k < length && bytes[start + k] === token[k]) k++;
    if (k === length) return true;
  }
  return false;
}

const latin1 = new TextDecoder('latin1');

/** The field as a string; short fields without a TextDecoder call (it costs more than they do). */
function latin1Text(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return latin1.decode(bytes.subarray(start, end));
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}

function preview(bytes: Uint8Array, start: number, end: number): string {
  return latin1.decode(bytes.subarray(start, Math.min(end, start + 40)));
}

/** Grows Arrow Utf8 buffers by doubling. */
class TextBuilder {
  private offsets: Int32Array;
  private data: Uint8Array;
  private validity: Uint8Array;
  private length = 0;
  constructor(capacity: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.data = new Uint8Array(capacity * 8);
    this.validity = new Uint8Array((capacity + 7) >> 3);
  }
  push(bytes: Uint8Array, start: number, end: number, quoted: boolean, isNull: boolean): void {
    if (this.length + 1 >= this.offsets.length) this.growRows();
    let at = this.offsets[this.length] as number;
    if (!isNull) {
      if (at + (end - start) > this.data.length) this.growData(at + (end - start));
      const data = this.data;
      for (let i = start; i < end; i++) {
        const b = bytes[i] as number;
        data[at++] = b;
        if (quoted && b === QUOTE) i++; // "" inside quotes stands for one quote
      }
      this.validity[this.length >> 3]! |= 1 << (this.length & 7);
    }
    this.offsets[++this.length] = at;
  }
  private growRows(): void {
    const offsets = new Int32Array(this.offsets.length * 2);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const validity = new Uint8Array((offsets.length + 7) >> 3);
    validity.set(this.validity);
    this.validity = validity;
  }
  private growData(atLeast: number): void {
    const data = new Uint8Array(Math.max(atLeast, this.data.length * 2));
    data.set(this.data);
    this.data = data;
  }
  finish(rows: number, nullCount: number): TextColumn {
    const offsets = this.offsets.slice(0, rows + 1);
    const data = this.data.slice(0, offsets[rows] as number);
    const validity = this.validity.slice(0, (rows + 7) >> 3);
    return { kind: FieldKind.Text, offsets, data, validity, nullCount };
  }
}
