import { DataType, type RecordBatch, type Schema, type Vector } from 'apache-arrow';
import { KIND_METADATA_KEY } from '../column-types.js';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Writes batches as CSV text, one string per batch after the header. Missing values are
 * empty fields; integer columns print every digit (BigInt for those beyond 1e21, which
 * `String()` would put in exponent form); text is quoted when it holds a comma, a quote or a
 * line break.
 */
export async function* writeCsv(schema: Schema, batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>): AsyncGenerator<string> {
  yield schema.fields.map((f) => quote(f.name)).join(',') + '\n';
  const integer = schema.fields.map((f) => f.metadata.get(KIND_METADATA_KEY) === 'integer');
  const text = schema.fields.map((f) => DataType.isUtf8(f.type));
  for await (const batch of batches) {
    const columns = schema.fields.map((_, i) => batch.getChildAt(i) as Vector);
    const lines: string[] = new Array(batch.numRows);
    const fields: string[] = new Array(columns.length);
    for (let r = 0; r < batch.numRows; r++) {
      for (let c = 0; c < columns.length; c++) {
        const v = (columns[c] as Vector).get(r) as number | string | null;
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) fields[c] = '';
        else if (text[c]) fields[c] = quote(v as string);
        else if (integer[c] && Math.abs(v as number) >= 1e21 && Number.isFinite(v)) fields[c] = BigInt(v as number).toString();
        else fields[c] = String(v);
      }
      lines[r] = fields.join(',');
    }
    yield lines.join('\n') + '\n';
  }
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
