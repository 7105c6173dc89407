// The same contract against moto's S3 server (python3 -m moto.server), a second and stricter
// implementation of the protocol (it refuses multipart parts under 5 MiB, as AWS does). It runs
// when this machine's python3 has moto; otherwise it is skipped with the reason, unless
// DPP_TEST_MOTO=1 demands it, in which case it fails with that reason.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createS3Store } from '@dpp/artifact-store/s3';
import { type S3TestServer, motoAvailability, startMoto } from './s3-servers.js';
import { storeContract } from './store-contract.js';

const availability = motoAvailability();
const required = process.env.DPP_TEST_MOTO === '1';

if (availability.ok || required) {
  let server: S3TestServer;
  beforeAll(async () => {
    server = await startMoto(['dpp-contract']);
  }, 60_000);
  afterAll(async () => server?.close());
  storeContract(
    's3 (moto on loopback)',
    () => createS3Store('s3://dpp-contract/moto', { endpoint: server.endpoint, credentials: server.credentials, partSize: 5 << 20, multipartThreshold: 6 << 20 }),
    { largeObjectBytes: 20 << 20, manyKeys: 1100 },
  );
} else {
  describe('s3 (moto on loopback)', () => {
    it.skip(`skipped: ${availability.why} (set DPP_TEST_MOTO=1 to require it)`, () => undefined);
  });
}
