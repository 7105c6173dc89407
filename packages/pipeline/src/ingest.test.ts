import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordBatch, Vector } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@dpp/artifact-store';
import { collectBatches, openCsv } from '@dpp/dataset-io';
import { ingest, readDataset } from '@dpp/pipeline';
import { stratifiedSplit } from '@dpp/sampler';

const fixtures = fileURLToPath(new URL('../../../test-fixtures/dataset-io/', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'dpp-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const column = (batches: RecordBatch[], name: string) => batches.flatMap((b) => [...(b.getChildAt(b.schema.fields.findIndex((f) => f.name === name)) as Vector)] as unknown[]);

describe('ingest', () => {
  it('stores the split stratifiedSplit makes of the whole table, rows in source order, though it never holds the table', async () => {
    const file = path.join(fixtures, 'loans.csv');
    const store = await openStore(path.join(dir, 'store'));
    const result = await ingest(store, { source: file, seed: 7, command: 'test' });

    const whole = await collectBatches(await openCsv(file));
    const ids = column(whole.batches, 'id');
    const targets = Float64Array.from(column(whole.batches, 'loss'), (loss) => ((loss as number) > 0 ? 1 : 0));
    const split = stratifiedSplit(targets, { testFraction: 0.2, seed: 7 });
    const train = await collectBatches(await readDataset(store, 'train'));
    const test = await collectBatches(await readDataset(store, 'test'));
    expect(column(test.batches, 'id')).toEqual(Array.from(split.test, (i) => ids[i]));
    expect(column(train.batches, 'id')).toEqual(Array.from(split.train, (i) => ids[i]));
    expect(column(test.batches, 'target')).toEqual(Array.from(split.test, (i) => targets[i]));
    expect(result.test).toEqual({ rows: split.test.length, defaults: Array.from(split.test).reduce((s, i) => s + (targets[i] as number), 0) });
    // every source column is stored, with its values
    for (const name of ['f1', 'f4_huge', 'f5_code', 'status']) {
      const values = column(whole.batches, name);
      expect(column(train.batches, name).map(String), name).toEqual(Array.from(split.train, (i) => String(values[i])));
    }
  });
});
