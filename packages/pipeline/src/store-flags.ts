import { type Store, openStore } from '@dpp/artifact-store';

/** The store used when neither `--store` nor `DPP_STORE` names one: a local folder. */
export const DEFAULT_STORE = './dpp-store';

/**
 * The flags every command that works on a store takes (the shape of `@dpp/cli-kit`'s
 * FlagSpec). S3 credentials come from the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, or any source of the AWS SDK's default chain).
 */
export const STORE_FLAGS = {
  store: {
    type: 'string',
    placeholder: '<root>',
    description: `The store: a local folder, or s3://bucket/prefix. Defaults to $DPP_STORE, else ${DEFAULT_STORE}.`,
  },
  endpoint: {
    type: 'string',
    placeholder: '<url>',
    description: 'S3 endpoint for an S3-compatible store, e.g. https://storage.yandexcloud.net. Defaults to $DPP_S3_ENDPOINT or $AWS_ENDPOINT_URL.',
  },
  region: {
    type: 'string',
    placeholder: '<region>',
    description: 'S3 region, e.g. ru-central1. Defaults to $AWS_REGION, else us-east-1.',
  },
} as const;

/** Opens the store the flags name (see {@link STORE_FLAGS}). */
export async function openStoreFromFlags(flags: Record<string, unknown>): Promise<Store> {
  const url = (flags.store as string | undefined) ?? process.env.DPP_STORE ?? DEFAULT_STORE;
  const s3: Record<string, string> = {};
  if (typeof flags.endpoint === 'string') s3.endpoint = flags.endpoint;
  if (typeof flags.region === 'string') s3.region = flags.region;
  return openStore(url, Object.keys(s3).length > 0 ? { s3 } : {});
}
