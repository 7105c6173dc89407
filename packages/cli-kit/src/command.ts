import type { Progress } from './progress.js';

/** One flag of a command. Flags are written `--name value` or `--name=value`; booleans `--name`. */
export interface FlagSpec {
  type: 'string' | 'number' | 'boolean';
  /** What the flag does, shown by `--help`. */
  description: string;
  /** Shown in `--help` after the flag, e.g. `<root>`. */
  placeholder?: string;
  /** Used when the flag is absent. */
  default?: string | number | boolean;
  required?: boolean;
  /** The only values accepted. */
  choices?: readonly string[];
}

export type FlagValues = Record<string, string | number | boolean | undefined>;

/** Where a command writes: results to `out` (stdout), progress and notes to `err` (stderr). */
export interface CommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether stderr is a terminal (progress bars) or a log (plain lines). */
  interactive: boolean;
  /** The command line, for manifests ("by what command"). */
  commandLine: string;
  /** Progress of a long step on stderr: a bar on a terminal, plain lines in a log. */
  progress(label: string, unit: string, total?: number): Progress;
}

export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs for the command's `--help`. */
  description?: string;
  flags: Record<string, FlagSpec>;
  examples?: readonly string[];
  run(flags: FlagValues, context: CommandContext): Promise<void>;
}

export interface ProgramSpec {
  name: string;
  version: string;
  summary: string;
  commands: readonly CommandSpec[];
}

/** Bad flags or arguments: reported in one line with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}
