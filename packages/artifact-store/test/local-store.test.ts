import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStore, openStore } from '@dpp/artifact-store';
import { storeContract } from './store-contract.js';

const root = mkdtempSync(path.join(tmpdir(), 'dpp-local-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = createLocalStore(root);

storeContract('local folder', () => store, { largeObjectBytes: 20 << 20 });

describe('local folder', () => {
  it('opens from a path or a file:// URL, and never loads the AWS SDK for it', async () => {
    // A resolve hook records every module specifier that names the AWS SDK; opening an S3
    // store afterwards is the control that shows the hook sees the SDK's import.
    const hooks = path.join(root, 'record-aws.mjs');
    // (hooks run on their own thread: they report through a file)
    const seen = path.join(root, 'seen-aws.txt');
    writeFileSync(seen, '');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        if (specifier.includes('@aws-sdk')) appendFileSync(${JSON.stringify(seen)}, specifier + ';');
        return next(specifier, context);
      }`);
    const probe = `
      import { register } from 'node:module';
      register(${JSON.stringify(pathToFileURL(hooks).href)});
      const { openStore } = await import('@dpp/artifact-store');
      const store = await openStore(${JSON.stringify(`file://${root}`)});
      await store.put('probe.txt', 'x');
      const { readFileSync } = await import('node:fs');
      const local = readFileSync(${JSON.stringify(seen)}, 'utf8');
      await openStore('s3://control-bucket/x', { s3: { region: 'us-east-1' } });
      console.log(JSON.stringify({ url: store.url, local, afterS3: readFileSync(${JSON.stringify(seen)}, 'utf8') }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })) as { url: string; local: string; afterS3: string };
    expect(out.url).toBe(`file://${root}`);
    expect(out.local).toBe('');
    expect(out.afterS3).toContain('@aws-sdk/client-s3');
    expect((await openStore(root)).url).toBe(out.url);
  });

  it('leaves no temporary file behind and lists none while writing', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('race/same.txt', `writer ${i}`)));
    expect(await store.list('race/')).toEqual(['race/same.txt']);
    expect(String(execFileSync('ls', ['-A', path.join(root, 'race')])).trim()).toBe('same.txt');
  });
});
