export { type CommandContext, type CommandSpec, type FlagSpec, type FlagValues, type ProgramSpec, UsageError } from './command.js';
export { formatCommandHelp, formatProgramHelp } from './format-help.js';
export { formatTable } from './format-table.js';
export { type Progress, type ProgressOptions, createProgress, formatCount } from './progress.js';
export { type RunOptions, parseFlags, runCli } from './run-cli.js';
