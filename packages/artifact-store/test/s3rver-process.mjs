// Runs s3rver on 127.0.0.1 (a free port) in its own Node process, started by s3-servers.ts.
// Why a process of its own: s3rver 3.7 makes ListObjectsV2 continuation tokens with DES,
// which OpenSSL 3 (Node >= 17) only offers with --openssl-legacy-provider; without it every
// listing of more than 1000 keys fails with InternalError. The flag is given to this process
// only, not to the tests. Prints {"port":N} on stdout when ready; exits when stdin closes
// (the test process ended or closed it).
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
const stop = async () => {
  await server.close().catch(() => undefined);
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
