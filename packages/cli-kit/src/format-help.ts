import type { CommandSpec, ProgramSpec } from './command.js';

/** The program's `--help`: its commands, one line each. */
export function formatProgramHelp(program: ProgramSpec): string {
  const width = Math.max(...program.commands.map((c) => c.name.length));
  return [
    `${program.name} ${program.version}: ${program.summary}`,
    '',
    `Usage: ${program.name} <command> [flags]`,
    '',
    'Commands:',
    ...program.commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run '${program.name} <command> --help' for the flags of a command.`,
  ].join('\n');
}

/** A command's `--help`: what it does, every flag with its default, examples. */
export function formatCommandHelp(program: ProgramSpec, command: CommandSpec): string {
  const flags = Object.entries(command.flags).map(([name, spec]) => {
    const left = `--${spec.type === 'boolean' && spec.default === true ? 'no-' : ''}${name}${spec.type === 'boolean' ? '' : ` ${spec.placeholder ?? `<${spec.type}>`}`}`;
    const notes = [spec.required ? 'required' : undefined, spec.default !== undefined && spec.type !== 'boolean' ? `default: ${spec.default}` : undefined, spec.choices ? `one of: ${spec.choices.join(', ')}` : undefined].filter(Boolean);
    return [left, `${spec.description}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`] as const;
  });
  const width = Math.max(...flags.map(([left]) => left.length), 6);
  return [
    `${program.name} ${command.name}: ${command.summary}`,
    ...(command.description ? ['', command.description] : []),
    '',
    `Usage: ${program.name} ${command.name} [flags]`,
    '',
    'Flags:',
    ...flags.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    `  ${'--help'.padEnd(width)}  Show this help.`,
    ...(command.examples && command.examples.length > 0 ? ['', 'Examples:', ...command.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}
