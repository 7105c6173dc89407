import { type CommandSpec, formatCount } from '@dpp/cli-kit';
import { STORE_FLAGS, openStoreFromFlags, score } from '@dpp/pipeline';

export const scoreCommand: CommandSpec = {
  name: 'score',
  summary: 'Score batches of new borrowers with the champion (or a given model) and store the PDs.',
  description: [
    "Runs the model's ONNX file in onnxruntime-node over the batch, record batch by record batch,",
    'and writes test_sample_inference/<batch>/ (Parquet: id, pd, model_version, batch_id, scored_at),',
    'committed atomically. The batch must hold every column the model uses; extra columns are',
    'ignored and listed. A batch the same model already scored is left as it is.',
  ].join('\n'),
  flags: {
    ...STORE_FLAGS,
    batch: { type: 'string', placeholder: '<id>', description: 'The batch to score.' },
    pending: { type: 'boolean', description: 'Score every batch that has no scores yet.' },
    model: { type: 'string', placeholder: '<champion|VERSION>', default: 'champion', description: 'The model to score with.' },
  },
  examples: ['dpp-inference score --store ./dpp-store --batch batch-0001', 'dpp-inference score --store ./dpp-store --pending', 'dpp-inference score --store ./dpp-store --batch batch-0002 --model v0001'],
  async run(flags, context) {
    const store = await openStoreFromFlags(flags);
    const progress = context.progress('score', 'rows');
    const results = await score(store, {
      ...(flags.batch === undefined ? {} : { batch: flags.batch as string }),
      ...(flags.pending === true ? { pending: true } : {}),
      model: flags.model as string,
      command: context.commandLine,
      onRows: (rows) => progress.update(rows),
    });
    progress.done(`${formatCount(results.reduce((s, r) => s + (r.unchanged ? 0 : r.rows), 0))} rows scored`);
    if (results.length === 0) context.out('nothing to score: every batch has its scores');
    for (const r of results) {
      const ignored = r.ignored.length > 0 ? `; ${r.ignored.length} column(s) the model does not use were ignored (${r.ignored.slice(0, 5).join(', ')}${r.ignored.length > 5 ? ', ...' : ''})` : '';
      context.out(`${r.batch}: ${formatCount(r.rows)} rows ${r.unchanged ? `already scored by ${r.model}, left as they were` : `scored by ${r.model}`} -> ${store.url}/test_sample_inference/${r.batch}/${ignored}`);
    }
  },
};
