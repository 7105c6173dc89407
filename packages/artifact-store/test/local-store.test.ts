import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore, openStore } from '@dpp/artifact-store';
import { storeContract } from './store-contract.js';

const root = mkdtempSync(path.join(tmpdir(), 'dpp-local-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = createLocalStore(path.join(root, 'store'));

storeContract('local folder', () => store, { largeObjectBytes: 20 << 20, manyKeys: 1100 });

describe('local folder', () => {
  it('opens from a path or a file:// URL, and never loads the AWS SDK for it', async () => {
    // A resolve hook (on its own thread, reporting through a file) records every module the
    // child process resolves whose specifier or URL names @aws-sdk. Opening an S3 store at
    // the end is the control that shows the hook does see the SDK when it loads.
    const hooks = path.join(root, 'record-aws.mjs');
    const seen = path.join(root, 'seen-aws.txt');
    writeFileSync(seen, '');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        const resolved = await next(specifier, context);
        if (specifier.includes('@aws-sdk') || resolved.url.includes('/@aws-sdk/') || resolved.url.includes('/@smithy/')) appendFileSync(${JSON.stringify(seen)}, resolved.url + ';');
        return resolved;
      }`,
    );
    const local = path.join(root, 'probe-store');
    const probe = `
      import { register } from 'node:module';
      import { readFileSync } from 'node:fs';
      register(${JSON.stringify(pathToFileURL(hooks).href)});
      const artifactStore = await import('@dpp/artifact-store');
      const store = await artifactStore.openStore(${JSON.stringify(pathToFileURL(local).href)});
      await store.put('probe/a.txt', 'x');
      const w = await artifactStore.beginDataset(store, 'probe/ds', { command: 'probe' });
      await w.putPart(new Uint8Array([1, 2, 3]), { rows: 1 });
      await w.commit({ schema: [] });
      await artifactStore.setChampion(store, 'v1');
      await artifactStore.listBatches(store);
      const keys = await store.list('');
      const local = readFileSync(${JSON.stringify(seen)}, 'utf8');
      const cjs = Object.keys((await import('node:module')).createRequire(import.meta.url).cache).filter((k) => k.includes('@aws-sdk'));
      await artifactStore.openStore('s3://control-bucket/x', { s3: { region: 'us-east-1' } });
      console.log(JSON.stringify({ url: store.url, keys, local, cjs, afterS3: readFileSync(${JSON.stringify(seen)}, 'utf8') }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '..') })) as {
      url: string;
      keys: string[];
      local: string;
      cjs: string[];
      afterS3: string;
    };
    expect(out.url).toBe(pathToFileURL(local).href);
    expect(out.keys).toHaveLength(4);
    expect(out.local).toBe('');
    expect(out.cjs).toEqual([]);
    expect(out.afterS3).toContain('@aws-sdk/client-s3');
    expect((await openStore(local)).url).toBe(out.url);
  });

  it('reads an object into the spare buffer it is offered when the object fits', async () => {
    await store.put('spare/part.bin', new Uint8Array([1, 2, 3, 4, 5]));
    const spare = new Uint8Array(64);
    const got = await store.get('spare/part.bin', { into: spare });
    expect([...got]).toEqual([1, 2, 3, 4, 5]);
    expect(got.buffer).toBe(spare.buffer);
    expect([...spare.subarray(0, 5)]).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses URLs it cannot open', async () => {
    await expect(openStore('gs://bucket/x')).rejects.toMatchObject({ code: 'BAD_URL' });
    await expect(openStore('')).rejects.toMatchObject({ code: 'BAD_URL' });
    await expect(openStore('s3://No_Such/x')).rejects.toMatchObject({ code: 'BAD_URL' });
  });

  it('writes through a temporary file and a rename: concurrent writers leave one whole file, no temporaries', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => `writer ${i} `.repeat(10_000));
    await Promise.all(bodies.map((b) => store.put('race/same.txt', b)));
    expect(bodies).toContain(new TextDecoder().decode(await store.get('race/same.txt')));
    expect(await store.list('race/')).toEqual(['race/same.txt']);
    expect(readdirSync(path.join(root, 'store', 'race'))).toEqual(['same.txt']);
  });

  it('hides a temporary file of an unfinished put from list, and a failed stream leaves no file', async () => {
    writeFileSync(path.join(root, 'store', 'race', '.other.txt.tmp-0123456789ab'), 'half');
    expect(await store.list('race/')).toEqual(['race/same.txt']);
    rmSync(path.join(root, 'store', 'race', '.other.txt.tmp-0123456789ab'));
    async function* failing() {
      yield new TextEncoder().encode('part of it');
      throw new Error('source broke');
    }
    await expect(store.put('race/failed.txt', failing())).rejects.toMatchObject({ code: 'IO', key: 'race/failed.txt' });
    expect(readdirSync(path.join(root, 'store', 'race'))).toEqual(['same.txt']);
  });

  it('removes the folders a delete leaves empty', async () => {
    await store.put('deep/a/b/c.txt', 'x');
    await store.put('deep/a/d.txt', 'x');
    await store.delete('deep/a/b/c.txt');
    expect(readdirSync(path.join(root, 'store', 'deep', 'a'))).toEqual(['d.txt']);
    await store.deletePrefix('deep/');
    expect(readdirSync(path.join(root, 'store'))).not.toContain('deep');
  });
});
