// Runs the built CLIs as a user would and snapshots a local store, for the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const fixture = (name: string) => path.join(root, 'test-fixtures/dataset-io', name);
const bins = {
  'dpp-trainer': path.join(root, 'apps/trainer/dist/cli.js'),
  'dpp-inference': path.join(root, 'apps/inference/dist/cli.js'),
};

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dpp-trainer ...` or `dpp-inference ...` in a child process. */
export function cli(program: keyof typeof bins, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bins[program], ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under a local store with the sha256 of its content, sorted by path. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Writes 6,000 rows of the gbdt-trainer fixture with known signals (make_signals.py) as a CSV
 * a user might bring: an id, twelve numeric columns, one of them also as a text code `grade`,
 * and the target `bad` (0/1).
 */
export function writeSignalsCsv(file: string, rows = 6000): void {
  const raw = readFileSync(path.join(root, 'test-fixtures/gbdt-trainer/signals.f32'));
  const cells = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  const lines = [`id,${Array.from({ length: 12 }, (_, f) => `x${f}`).join(',')},grade,bad`];
  for (let r = 0; r < rows; r++) {
    const row = Array.from(cells.subarray(r * 13, r * 13 + 13));
    const values = row.slice(0, 12).map((v) => (Number.isNaN(v) ? '' : String(v)));
    lines.push(`${r + 1},${values.join(',')},${'ABCDEF'[row[4]!]},${row[12]}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** The python of the virtual environment with the reference libraries (scripts/python-env.sh makes it). */
export function venvPython(): string {
  return spawnSync(path.join(root, 'scripts/python-env.sh'), { encoding: 'utf8' }).stdout.trim().split('\n').at(-1)!;
}
