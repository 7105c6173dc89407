/** What went wrong, as a stable machine-readable code. */
export type DatasetErrorCode =
  | 'EMPTY_FILE'
  | 'RAGGED_ROW'
  | 'UNTERMINATED_QUOTE'
  | 'TYPE_MISMATCH'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'DUPLICATE_ID'
  | 'MISSING_ID'
  | 'TARGET_RULE'
  | 'UNREADABLE_PARQUET'
  | 'UNREADABLE_FILE'
  | 'BAD_OPTION';

export interface DatasetErrorDetails {
  /** The file being read, when there is one. */
  file?: string | undefined;
  /** The column at fault. */
  column?: string | undefined;
  /** The 1-based data row at fault (the header is row 0). */
  row?: number | undefined;
  cause?: unknown;
}

/**
 * Every failure of this package that comes from the data or the options rather than from
 * a bug. The message is one line naming the file, the column and the row where known.
 */
export class DatasetError extends Error {
  override readonly name: string = 'DatasetError';
  readonly code: DatasetErrorCode;
  readonly file: string | undefined;
  readonly column: string | undefined;
  readonly row: number | undefined;

  constructor(code: DatasetErrorCode, problem: string, details: DatasetErrorDetails = {}) {
    super(formatMessage(problem, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.column = details.column;
    this.row = details.row;
  }
}

function formatMessage(problem: string, { file, column, row }: DatasetErrorDetails): string {
  const where: string[] = [];
  if (file !== undefined) where.push(file);
  if (row !== undefined) where.push(`row ${row}`);
  if (column !== undefined) where.push(`column '${column}'`);
  return where.length > 0 ? `${where.join(', ')}: ${problem}` : problem;
}
