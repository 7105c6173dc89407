#!/usr/bin/env node
// Installs the workspace's dependencies when they are missing or older than the lockfile,
// so that `npm test`, `npm run demo` and `npm run bench` work on a fresh clone with nothing
// installed first. Uses only Node built-ins: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const upToDate =
  existsSync(installed) && existsSync(lock) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;

if (!upToDate) {
  const command = existsSync(lock) ? 'ci' : 'install';
  console.log(`dpp setup: npm ${command} (dependencies missing or older than package-lock.json)`);
  const result = spawnSync('npm', [command, '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    // onnxruntime-node's install script would download GPU binaries from a host this
    // machine cannot reach; its CPU binary ships inside the package.
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  if (result.status !== 0) {
    console.error(`dpp setup: npm ${command} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}
