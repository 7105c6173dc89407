export type PreprocessingErrorCode = 'NO_ROWS' | 'NO_TARGET' | 'BAD_TARGET' | 'NO_FEATURES' | 'MISSING_COLUMN' | 'WRONG_TYPE' | 'BAD_OPTION';

/** Input preprocessing cannot use: the message names the column, and the row where there is one (`index`). */
export class PreprocessingError extends Error {
  override readonly name = 'PreprocessingError';
  readonly code: PreprocessingErrorCode;
  readonly column: string | undefined;
  readonly index: number | undefined;
  constructor(code: PreprocessingErrorCode, message: string, details: { column?: string; index?: number } = {}) {
    super(message);
    this.code = code;
    this.column = details.column;
    this.index = details.index;
  }
}
