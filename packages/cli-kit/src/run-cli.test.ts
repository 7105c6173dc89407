import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandSpec, FlagValues, ProgramSpec } from './command.js';
import { createProgress } from './progress.js';
import { formatTable } from './format-table.js';
import { runCli } from './run-cli.js';

function sink(isTTY = false) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}

let seen: FlagValues | undefined;
const ingest: CommandSpec = {
  name: 'ingest',
  summary: 'Read a table into the store.',
  flags: {
    store: { type: 'string', description: 'Where the store is.', placeholder: '<root>', required: true },
    'test-fraction': { type: 'number', description: 'Share of rows held out.', default: 0.2 },
    kind: { type: 'string', description: 'Split kind.', choices: ['random', 'stratified'], default: 'stratified' },
    verbose: { type: 'boolean', description: 'Say more.' },
    checks: { type: 'boolean', description: 'Check the rows.', default: true },
  },
  examples: ['demo ingest --store ./s'],
  async run(flags, context) {
    seen = flags;
    if (flags.store === 'bad') throw Object.assign(new Error('data.csv, row 3, column \'x\': not a number'), { code: 'TYPE_MISMATCH' });
    if (flags.store === 'bug') throw new TypeError('cannot read properties of undefined');
    context.out('ok');
  },
};
const program: ProgramSpec = { name: 'demo', version: '1.2.3', summary: 'A demo.', commands: [ingest] };

async function run(...argv: string[]) {
  const out = sink();
  const err = sink();
  seen = undefined;
  const code = await runCli(program, { argv, stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

describe('runCli', () => {
  it('parses flags in both spellings, applies defaults and runs the command', async () => {
    const result = await run('ingest', '--store=./s', '--test-fraction', '0.3', '--verbose');
    expect(result).toEqual({ code: 0, out: 'ok\n', err: '' });
    expect(seen).toEqual({ store: './s', 'test-fraction': 0.3, kind: 'stratified', verbose: true, checks: true });
  });

  it('turns a boolean flag off with --no-NAME, and shows it that way in --help', async () => {
    expect((await run('ingest', '--store', './s', '--no-checks')).code).toBe(0);
    expect(seen).toMatchObject({ checks: false });
    expect((await run('ingest', '--help')).out).toContain('--no-checks');
    expect((await run('ingest', '--store', './s', '--no-checks=1')).err).toBe('demo ingest: --no-checks takes no value\n');
    expect((await run('ingest', '--store', './s', '--no-store')).err).toBe('demo ingest: unknown flag --no-store (see --help)\n');
  });

  it('explains every flag in --help, with defaults, choices and examples', async () => {
    const { code, out } = await run('ingest', '--help');
    expect(code).toBe(0);
    for (const text of ['--store <root>', 'required', '--test-fraction <number>', 'default: 0.2', 'one of: random, stratified', '--verbose', 'demo ingest --store ./s']) expect(out).toContain(text);
    expect((await run('--help')).out).toContain('ingest  Read a table into the store.');
  });

  it.each([
    [['ingest'], 'demo ingest: --store is required (<root>)'],
    [['ingest', '--store', './s', '--test-fraction', 'lots'], "demo ingest: --test-fraction must be a number, got 'lots'"],
    [['ingest', '--store', './s', '--kind', 'ordered'], "demo ingest: --kind must be one of random, stratified, got 'ordered'"],
    [['ingest', '--store', './s', '--colour', 'red'], 'demo ingest: unknown flag --colour (see --help)'],
    [['ingest', '--store'], 'demo ingest: --store needs a value <root>'],
    [['ingest', '--store', 'bad'], "demo ingest: data.csv, row 3, column 'x': not a number"],
    [['fly'], "demo: unknown command 'fly' (commands: ingest; see demo --help)"],
  ])('exits 2 with one line on stderr for %j', async (argv, line) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`${line}\n`);
    expect(result.out).toBe('');
  });

  it('exits 1 for a bug, without a stack unless DPP_DEBUG is set', async () => {
    const result = await run('ingest', '--store', 'bug');
    expect(result.code).toBe(1);
    expect(result.err).toBe('demo ingest: internal error: cannot read properties of undefined\n(set DPP_DEBUG=1 to see the stack)\n');
  });
});

describe('createProgress', () => {
  it('logs plain lines at most every logEvery ms with the rate, and a summary at the end', () => {
    let t = 0;
    const lines: string[] = [];
    const progress = createProgress({ label: 'ingest', unit: 'rows', interactive: false, write: (s) => lines.push(s), logEvery: 1000, now: () => t });
    t = 500;
    progress.update(1000);
    t = 1000;
    progress.update(2000);
    t = 1500;
    progress.update(3000);
    t = 2000;
    progress.done('3,000 rows');
    expect(lines).toEqual(['ingest: 2,000 rows, 2,000 rows/s\n', 'ingest: 3,000 rows in 2.0 s\n']);
  });

  it('draws a bar in place on a terminal', () => {
    let t = 0;
    const writes: string[] = [];
    const progress = createProgress({ label: 'score', unit: 'rows', total: 100, interactive: true, write: (s) => writes.push(s), now: () => t });
    t = 1000;
    progress.update(50);
    expect(writes[0]).toBe(`\r\x1b[2Kscore [${'#'.repeat(12)}${'.'.repeat(12)}]  50% 50/100 rows, 50 rows/s`);
  });
});

describe('formatTable', () => {
  it('aligns text left and numbers right', () => {
    expect(formatTable(['cycle', 'champion', 'auc'], [[1, 'v1', '0.951'], [10, 'v2', '0.96']])).toBe(
      ['cycle  champion  auc', '-----  --------  -----', '    1  v1        0.951', '   10  v2        0.96'].join('\n'),
    );
  });
});
