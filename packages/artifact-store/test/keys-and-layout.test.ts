import { describe, expect, it } from 'vitest';
import { StoreError, StoreIdError, StoreKeyError, checkId, checkKey, checkPrefix, layout } from '@dpp/artifact-store';

describe('checkKey', () => {
  it('accepts relative /-separated keys', () => {
    for (const key of ['a', 'a/b.c', 'train/part-x-00000.parquet', 'a/.hidden', 'a/..b', 'é/ü']) expect(checkKey(key)).toBe(key);
  });

  it('refuses keys that could escape the store, with a StoreKeyError naming the key and the reason', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['/etc/passwd', /starts with \//],
      ['a\\b', /backslash/],
      ['a//b', /empty segment/],
      ['a/', /empty segment/],
      ['../x', /'\.\.' segment/],
      ['a/./b', /'\.' segment/],
      ['a\nb', /control character/],
    ];
    for (const [key, why] of cases) {
      const error = (() => {
        try {
          checkKey(key);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, JSON.stringify(key)).toBeInstanceOf(StoreKeyError);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ name: 'StoreKeyError', code: 'BAD_KEY', key });
      expect((error as Error).message).toMatch(why);
    }
  });

  it('takes a prefix with or without a trailing slash, or nothing', () => {
    expect(checkPrefix('')).toBe('');
    expect(checkPrefix('train/')).toBe('train/');
    expect(checkPrefix('train')).toBe('train');
    expect(() => checkPrefix('/')).toThrow(StoreKeyError);
    expect(() => checkPrefix('../')).toThrow(StoreKeyError);
  });
});

describe('layout', () => {
  it('names the folders of DESIGN.md', () => {
    expect([layout.train, layout.test, layout.testSamples, layout.runs, layout.models, layout.champion]).toEqual(['train', 'test', 'test_sample', 'artifacts/runs', 'artifacts/models', 'artifacts/champion.json']);
    expect(layout.testSample('2026-11-25.b1')).toBe('test_sample/2026-11-25.b1');
    expect(layout.trainSup('v0003')).toBe('train_sup/v0003');
    expect(layout.testSampleInference('b1')).toBe('test_sample_inference/b1');
    expect(layout.testSampleOutcomes('b1')).toBe('test_sample_outcomes/b1');
    expect(layout.run('run_7')).toBe('artifacts/runs/run_7');
    expect(layout.model('v1')).toBe('artifacts/models/v1');
    expect(layout.modelInfo('v1')).toBe('artifacts/models/v1/model-info.json');
  });

  it('refuses ids that are not one safe segment, with a StoreIdError naming the id and its kind', () => {
    for (const id of ['', '.hidden', '-x', 'a/b', '..', 'a b', 'x'.repeat(129), 'ü']) {
      expect(() => layout.testSample(id), JSON.stringify(id)).toThrow(StoreIdError);
    }
    expect(checkId('run', 'x'.repeat(128))).toHaveLength(128);
    expect(() => layout.trainSup('../../etc')).toThrow(expect.objectContaining({ name: 'StoreIdError', code: 'BAD_ID', kind: 'version', id: '../../etc' }));
    expect(() => layout.run('a/b')).toThrow(/'a\/b' is not a valid run id/);
  });
});
