export type MetricErrorCode = 'EMPTY' | 'LENGTH_MISMATCH' | 'NOT_BINARY' | 'NOT_FINITE' | 'ONE_CLASS' | 'OUT_OF_RANGE' | 'BAD_WEIGHT' | 'BAD_OPTION';

/**
 * Input a metric cannot be computed on. `index` is the first offending position when one
 * position is at fault; the message says what is wrong and where.
 */
export class MetricInputError extends RangeError {
  override readonly name = 'MetricInputError';
  readonly code: MetricErrorCode;
  readonly index: number | undefined;
  constructor(code: MetricErrorCode, message: string, index?: number) {
    super(message);
    this.code = code;
    this.index = index;
  }
}
