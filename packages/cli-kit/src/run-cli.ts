import { type CommandContext, type CommandSpec, type FlagValues, type ProgramSpec, UsageError } from './command.js';
import { formatCommandHelp, formatProgramHelp } from './format-help.js';
import { createProgress } from './progress.js';

export interface RunOptions {
  argv: readonly string[];
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Runs one command of a program and returns the exit code: 0 on success; 2 for bad input
 * (bad flags, and any error that carries a string `code`, as every dpp package error does,
 * Node's file errors too), reported as one line on stderr; 1 for anything else, a bug,
 * with its stack when `DPP_DEBUG` is set.
 */
export async function runCli(program: ProgramSpec, options: RunOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const out = (line: string) => void stdout.write(`${line}\n`);
  const err = (line: string) => void stderr.write(`${line}\n`);
  const [name, ...rest] = options.argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(formatProgramHelp(program));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    out(program.version);
    return 0;
  }
  const command = program.commands.find((c) => c.name === name);
  if (command === undefined) {
    err(`${program.name}: unknown command '${name}' (commands: ${program.commands.map((c) => c.name).join(', ')}; see ${program.name} --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(formatCommandHelp(program, command));
    return 0;
  }
  const interactive = stderr.isTTY === true;
  const context: CommandContext = {
    out,
    err,
    interactive,
    commandLine: [program.name, ...options.argv].join(' '),
    progress: (label, unit, total) => createProgress({ label, unit, interactive, write: (text) => void stderr.write(text), ...(total === undefined ? {} : { total }) }),
  };
  try {
    await command.run(parseFlags(command, rest), context);
    return 0;
  } catch (error) {
    if (isInputError(error)) {
      err(`${program.name} ${command.name}: ${oneLine(error.message)}`);
      return 2;
    }
    err(`${program.name} ${command.name}: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    if (process.env.DPP_DEBUG && error instanceof Error && error.stack) err(error.stack);
    else err('(set DPP_DEBUG=1 to see the stack)');
    return 1;
  }
}

function isInputError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Parses `--name value`, `--name=value`, boolean `--name` and `--no-name`; checks types, choices and required flags. */
export function parseFlags(command: CommandSpec, args: readonly string[]): FlagValues {
  const values: FlagValues = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}' (flags start with --; see --help)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const negated = name.startsWith('no-') ? command.flags[name.slice(3)] : undefined;
    if (negated?.type === 'boolean' && command.flags[name] === undefined) {
      // --no-NAME turns off a boolean flag that is on by default
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      values[name.slice(3)] = false;
      continue;
    }
    const spec = command.flags[name];
    if (spec === undefined) throw new UsageError(`unknown flag --${name} (see --help)`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    let text: string | undefined;
    if (eq >= 0) text = arg.slice(eq + 1);
    else {
      text = args[++i];
      if (text === undefined || (text.startsWith('--') && text.length > 2)) throw new UsageError(`--${name} needs a value${spec.placeholder ? ` ${spec.placeholder}` : ''}`);
    }
    if (spec.choices !== undefined && !spec.choices.includes(text)) throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}, got '${text}'`);
    if (spec.type === 'number') {
      const number = Number(text);
      if (text.trim() === '' || !Number.isFinite(number)) throw new UsageError(`--${name} must be a number, got '${text}'`);
      values[name] = number;
    } else values[name] = text;
  }
  for (const [name, spec] of Object.entries(command.flags)) {
    if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default;
    if (values[name] === undefined && spec.required) throw new UsageError(`--${name} is required${spec.placeholder ? ` (${spec.placeholder})` : ''}`);
  }
  return values;
}
