import { describe, expect, it } from 'vitest';
import { resolveS3Config } from '@dpp/artifact-store/s3';

describe('resolveS3Config', () => {
  it('takes the bucket and prefix from the URL', () => {
    expect(resolveS3Config('s3://my-bucket/a/b/', {}, {})).toMatchObject({ bucket: 'my-bucket', prefix: 'a/b/' });
    expect(resolveS3Config('s3://my-bucket', {}, {})).toMatchObject({ bucket: 'my-bucket', prefix: '' });
    expect(resolveS3Config('s3://my.bucket-1/x', {}, {})).toMatchObject({ bucket: 'my.bucket-1', prefix: 'x/' });
    for (const url of ['s3://B_ad/x', 's3://ab', 'http://bucket/x', 's3://bucket/a/../b', 's3://bucket/a//b']) {
      expect(() => resolveS3Config(url, {}, {}), url).toThrow(expect.objectContaining({ code: 'BAD_URL' }));
    }
  });

  it('defaults to AWS: us-east-1, virtual-hosted style, the default credential chain', () => {
    expect(resolveS3Config('s3://b-1', {}, {})).toEqual({
      bucket: 'b-1',
      prefix: '',
      endpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: undefined,
      multipartThreshold: 16 << 20,
      partSize: 8 << 20,
      maxAttempts: 5,
      retryMode: 'standard',
    });
  });

  it('reads the environment: Yandex Object Storage', () => {
    const env = { DPP_S3_ENDPOINT: 'https://storage.yandexcloud.net', AWS_REGION: 'ru-central1' };
    expect(resolveS3Config('s3://dpp', {}, env)).toMatchObject({ endpoint: 'https://storage.yandexcloud.net', region: 'ru-central1', forcePathStyle: true });
  });

  it('ranks options over DPP_S3_ENDPOINT over AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL', () => {
    const env = { DPP_S3_ENDPOINT: 'http://dpp:1', AWS_ENDPOINT_URL_S3: 'http://s3:2', AWS_ENDPOINT_URL: 'http://any:3' };
    expect(resolveS3Config('s3://bbb', { endpoint: 'http://opt:0' }, env).endpoint).toBe('http://opt:0');
    expect(resolveS3Config('s3://bbb', {}, env).endpoint).toBe('http://dpp:1');
    expect(resolveS3Config('s3://bbb', {}, { ...env, DPP_S3_ENDPOINT: '' }).endpoint).toBe('http://s3:2');
    expect(resolveS3Config('s3://bbb', {}, { AWS_ENDPOINT_URL: 'http://any:3' }).endpoint).toBe('http://any:3');
    expect(() => resolveS3Config('s3://bbb', { endpoint: 'storage.yandexcloud.net' }, {})).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
  });

  it('ranks region and path style the same way', () => {
    expect(resolveS3Config('s3://bbb', {}, { AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
    expect(resolveS3Config('s3://bbb', {}, { AWS_REGION: 'eu-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-2');
    expect(resolveS3Config('s3://bbb', { region: 'ru-central1' }, { AWS_REGION: 'eu-west-2' }).region).toBe('ru-central1');
    const custom = { DPP_S3_ENDPOINT: 'http://127.0.0.1:9000' };
    expect(resolveS3Config('s3://bbb', {}, { ...custom, DPP_S3_FORCE_PATH_STYLE: 'false' }).forcePathStyle).toBe(false);
    expect(resolveS3Config('s3://bbb', {}, { DPP_S3_FORCE_PATH_STYLE: '1' }).forcePathStyle).toBe(true);
    expect(resolveS3Config('s3://bbb', { forcePathStyle: false }, custom).forcePathStyle).toBe(false);
    expect(() => resolveS3Config('s3://bbb', {}, { DPP_S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/DPP_S3_FORCE_PATH_STYLE/);
  });

  it('checks multipart sizes and retries', () => {
    expect(resolveS3Config('s3://bbb', { partSize: 5 << 20, multipartThreshold: 1 }, {})).toMatchObject({ partSize: 5 << 20, multipartThreshold: 5 << 20 });
    expect(() => resolveS3Config('s3://bbb', { partSize: 1 << 20 }, {})).toThrow(/partSize must be .* >= 5 MiB/);
    expect(resolveS3Config('s3://bbb', {}, { AWS_MAX_ATTEMPTS: '9', AWS_RETRY_MODE: 'adaptive' })).toMatchObject({ maxAttempts: 9, retryMode: 'adaptive' });
    expect(resolveS3Config('s3://bbb', { maxAttempts: 2, retryMode: 'standard' }, { AWS_MAX_ATTEMPTS: '9', AWS_RETRY_MODE: 'adaptive' })).toMatchObject({ maxAttempts: 2, retryMode: 'standard' });
    expect(() => resolveS3Config('s3://bbb', { maxAttempts: 0 }, {})).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
    expect(() => resolveS3Config('s3://bbb', {}, { AWS_RETRY_MODE: 'legacy' })).toThrow(/retryMode/);
  });
});
