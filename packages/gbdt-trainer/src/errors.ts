/** What went wrong, as a stable code a caller can branch on. */
export type GbdtErrorCode =
  | 'EMPTY'
  | 'LENGTH_MISMATCH'
  | 'BAD_LABEL'
  | 'ONE_CLASS'
  | 'BAD_WEIGHT'
  | 'NOTHING_TO_SPLIT'
  | 'BAD_OPTION'
  | 'COLUMN_COUNT'
  | 'ROW_OUT_OF_RANGE'
  | 'BAD_MODEL'
  | 'TOO_LARGE'
  | 'NO_KERNEL'
  | 'WORKER_FAILED';

/**
 * Bad input to the engine: the message names the option, the feature or the row (`index`,
 * when there is one) at fault.
 */
export class GbdtError extends Error {
  override name = 'GbdtError';
  readonly code: GbdtErrorCode;
  readonly index: number | undefined;

  constructor(code: GbdtErrorCode, message: string, options: { index?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.index = options.index;
  }
}
