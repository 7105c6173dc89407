import { type Store, layout, listBatches, readManifest } from '@dpp/artifact-store';
import { PipelineError } from './errors.js';
import { readDataset, writeDataset } from './stored-dataset.js';

export interface FeedbackResult {
  batch: string;
  rows: number;
  defaults: number;
}

/**
 * The true outcomes of a batch arrive: copies its withheld outcomes (id, target and the
 * column the target came from) to `test_sample_outcomes/<batch>/`, where retraining finds
 * them. Running it again rewrites the same content.
 */
export async function feedback(store: Store, options: { batch: string; command: string }): Promise<FeedbackResult> {
  const { batch } = options;
  await readManifest(store, layout.testSample(batch)).catch(async (cause: unknown) => {
    const known = (await listBatches(store)).map((b) => b.id);
    throw new PipelineError('NO_BATCH', `${store.url}: no batch '${batch}' (batches: ${known.length > 0 ? known.join(', ') : 'none; run dpp-inference sample first'})`, { cause });
  });
  const withheld = await readDataset(store, layout.withheld(batch));
  const batches = [];
  let defaults = 0;
  for await (const b of withheld.batches()) {
    batches.push(b);
    const target = b.getChild('target');
    if (target !== null) for (const v of target) defaults += v as number;
  }
  const { rows } = await writeDataset(store, layout.testSampleOutcomes(batch), withheld.schema, batches, { command: options.command, compression: 'none', extra: { batch, defaults } });
  return { batch, rows, defaults };
}
