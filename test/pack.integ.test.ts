// Every workspace package packs to a tarball that installs and imports in an empty project,
// with only the tarballs of the @dpp packages it depends on beside it (they are not on the
// registry); the apps' commands run from the installed tarball.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  files?: string[];
}
const workspaces = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(path.join(root, dir)).map((name) => {
    const folder = path.join(root, dir, name);
    return { folder, manifest: JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as Manifest };
  }),
);
const byName = new Map(workspaces.map((w) => [w.manifest.name, w]));

/** The @dpp packages a package needs, itself included, depth first. */
function closure(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of Object.keys(byName.get(name)?.manifest.dependencies ?? {})) if (byName.has(dep)) closure(dep, seen);
  return seen;
}

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, stdio: ['ignore', 'pipe', 'pipe'] });

let scratch: string;
const tarballs = new Map<string, string>();

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'dpp-pack-'));
  for (const { folder, manifest } of workspaces) {
    const out = npm(['pack', '--json', '--pack-destination', scratch], folder);
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarballs.set(manifest.name, path.join(scratch, info!.filename));
    // only dist/ and the package's own README and package.json are published
    expect(info!.files.every((f) => /^(dist\/|package\.json$|README\.md$|LICENSE)/.test(f.path)), manifest.name).toBe(true);
  }
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm pack', () => {
  for (const { manifest } of workspaces) {
    it(`${manifest.name} installs from its tarball and ${manifest.bin ? 'runs its command' : 'imports'} in an empty project`, () => {
      const project = path.join(scratch, manifest.name.replace('@dpp/', 'use-'));
      mkdirSync(project);
      writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'empty', private: true, type: 'module' }));
      const needed = [...closure(manifest.name)].map((n) => tarballs.get(n) as string);
      npm(['install', '--no-audit', '--no-fund', '--prefer-offline', ...needed], project);
      if (manifest.bin) {
        for (const bin of Object.keys(manifest.bin)) {
          const help = execFileSync(path.join(project, 'node_modules', '.bin', bin), ['--help'], { encoding: 'utf8' });
          expect(help).toContain(`Usage: ${bin} <command>`);
        }
        return;
      }
      const probe = `const m = await import(${JSON.stringify(manifest.name)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
      const exported = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: project, encoding: 'utf8' })) as string[];
      const sourceIndex = readFileSync(path.join(byName.get(manifest.name)!.folder, 'src', 'index.ts'), 'utf8');
      // every value the source index re-exports is there (types vanish in JS)
      const expected = [...sourceIndex.matchAll(/export \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('type ')));
      expect(exported).toEqual(expect.arrayContaining(expected));
      expect(exported.length, `${manifest.name} exports something`).toBeGreaterThan(sourceIndex.includes('export {}') ? -1 : 0);
    });
  }
});
