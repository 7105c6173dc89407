import type { ColumnSpec, ColumnType } from '../column-types.js';
import { DatasetError } from '../errors.js';
import { type BlockPlan, type ClassifiedColumn, FieldKind, type TextColumn, parseBlock } from './parse-block.js';

const utf8 = new TextDecoder('utf-8');

/** Splits the header line into column names: quoted names, a UTF-8 BOM, CRLF handled. */
export function parseHeader(line: Uint8Array, delimiter: number, file: string): string[] {
  let bytes = line;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const plan: BlockPlan = { delimiter, kinds: new Uint8Array(countFields(bytes, delimiter)).fill(FieldKind.Text), missing: [], newlinesInValues: false };
  const parsed = parseBlock(bytes, plan, 1);
  if (parsed.problem !== undefined || parsed.rows !== 1) {
    throw new DatasetError('UNTERMINATED_QUOTE', 'the header line cannot be read (unbalanced quotes)', { file, row: 0 });
  }
  const names = parsed.columns.map((column, i) => {
    const text = column as TextColumn;
    const name = utf8.decode(text.data.subarray(text.offsets[0], text.offsets[1])).trim();
    return name === '' ? `column${i + 1}` : name;
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new DatasetError('DUPLICATE_COLUMN', 'the header names this column twice', { file, column: name });
    seen.add(name);
  }
  return names;
}

function countFields(bytes: Uint8Array, delimiter: number): number {
  let count = 1;
  let quoted = false;
  for (const b of bytes) {
    if (b === 34) quoted = !quoted;
    else if (b === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * Decides each column's type from how its sample values were classified: a column whose
 * present values all spell numbers is numeric ('integer' when every one spells an integer,
 * however many digits), otherwise 'string'. A column with no present value in the sample
 * is 'float'. `declared` types win over inference.
 */
export function inferColumns(
  names: readonly string[],
  sample: readonly ClassifiedColumn[],
  sampleRows: number,
  declared: Readonly<Record<string, ColumnType>>,
): ColumnSpec[] {
  return names.map((name, c) => {
    const forced = declared[name];
    if (forced !== undefined) return { name, type: forced };
    const seen = sample[c] as ClassifiedColumn;
    if (!seen.numeric) return { name, type: 'string' };
    return { name, type: seen.integer && seen.nullCount < sampleRows ? 'integer' : 'float' };
  });
}
