export type PipelineErrorCode = 'BAD_OPTION' | 'ONE_CLASS' | 'NO_ROWS' | 'NO_DATASET' | 'NO_BATCH' | 'NAME_CLASH' | 'NO_MODEL' | 'MISSING_COLUMN' | 'SOURCE_CHANGED' | 'BAD_MODEL';

/** A step of the pipeline cannot run with this input; the message names what is wrong. */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  readonly code: PipelineErrorCode;
  constructor(code: PipelineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
