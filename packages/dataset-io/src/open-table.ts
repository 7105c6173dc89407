import type { ArrowSource } from './arrow-source.js';
import { type CsvOptions, openCsv } from './csv/open-csv.js';
import { DatasetError } from './errors.js';
import { openParquet } from './parquet/open-parquet.js';

/**
 * Opens a `.csv` (optionally `.tsv`/`.txt`) or `.parquet` file by its extension. Of the CSV
 * options, `columns` applies to Parquet too.
 */
export async function openTable(path: string, csvOptions: CsvOptions = {}): Promise<ArrowSource> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return openParquet(path, csvOptions.columns === undefined ? {} : { columns: csvOptions.columns });
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return openCsv(path, csvOptions);
  if (lower.endsWith('.tsv')) return openCsv(path, { delimiter: '\t', ...csvOptions });
  throw new DatasetError('BAD_OPTION', 'unknown file type: expected .csv, .tsv or .parquet', { file: path });
}
