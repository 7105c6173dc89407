// Real S3-protocol servers for the integration tests, started on loopback (127.0.0.1, a free
// port) by the tests themselves and stopped afterwards:
// - s3rver, an npm devDependency of the monorepo root: always there after `npm ci`
//   (run in a Node process of its own, see s3rver-process.mjs);
// - moto's server (python3 -m moto.server), when this machine's python3 has moto: a second,
//   stricter implementation (it refuses multipart parts under 5 MiB, as AWS does).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3TestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** Credentials the server accepts. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Environment for a child process that should use this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts s3rver (see s3rver-process.mjs for why in a process of its own) with the buckets made. */
export async function startS3rver(buckets: readonly string[]): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(tmpdir(), 'dpp-s3rver-'));
  const script = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, directory, ...buckets], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /\{"port":(\d+)\}/.exec(out);
      if (line !== null) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with code ${code} before it listened: ${stderr}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    credentials,
    env: envFor(endpoint, credentials),
    async close() {
      child.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Whether this machine's python3 can run moto's server, and if not, why. */
export function motoAvailability(python = process.env.DPP_TEST_PYTHON ?? 'python3'): { ok: true } | { ok: false; why: string } {
  const probe = spawnSync(python, ['-c', 'import moto.server, flask, werkzeug'], { encoding: 'utf8' });
  if (probe.error !== undefined) return { ok: false, why: `${python} not found (${probe.error.message})` };
  if (probe.status !== 0) return { ok: false, why: `${python} has no moto server (pip install 'moto[server]'): ${probe.stderr.trim().split('\n').pop() ?? ''}` };
  return { ok: true };
}

export async function startMoto(buckets: readonly string[], python = process.env.DPP_TEST_PYTHON ?? 'python3'): Promise<S3TestServer> {
  const available = motoAvailability(python);
  if (!available.ok) throw new Error(`cannot start moto's S3 server: ${available.why}`);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto's S3 server exited with code ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${endpoint}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`moto's S3 server did not answer on ${endpoint} within 20 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  for (const Bucket of buckets) await client.send(new CreateBucketCommand({ Bucket }));
  client.destroy();
  return { endpoint, credentials, env: envFor(endpoint, credentials), close };
}

function envFor(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): Record<string, string> {
  return { DPP_S3_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1' };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
