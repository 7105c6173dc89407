import { type CommandSpec, formatCount, formatTable } from '@dpp/cli-kit';
import { STORE_FLAGS, type StoreStatus, openStoreFromFlags, status } from '@dpp/pipeline';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'Show what the store holds: datasets, batches, models and the champion.',
  flags: {
    ...STORE_FLAGS,
    json: { type: 'boolean', description: 'Print one JSON object instead of a summary.' },
  },
  examples: ['dpp-trainer status --store ./dpp-store', 'dpp-trainer status --store ./dpp-store --json'],
  async run(flags, context) {
    const state = await status(await openStoreFromFlags(flags));
    context.out(flags.json ? JSON.stringify(state) : summary(state));
  },
};

function summary(state: StoreStatus): string {
  const lines = [`store ${state.store}`];
  for (const name of ['train', 'test'] as const) {
    const d = state.datasets[name];
    lines.push(d === null ? `  ${name}/ (none: run dpp-trainer ingest)` : `  ${name}/ ${formatCount(d.rows)} rows x ${d.columns} columns${d.defaults === undefined ? '' : `, ${((100 * d.defaults) / d.rows).toFixed(2)}% defaults`}, ${d.createdAt}`);
  }
  lines.push('');
  lines.push(state.batches.length === 0 ? 'batches: none (dpp-inference sample draws one)' : formatTable(['batch', 'rows', 'scored', 'labeled', 'created'], state.batches.map((b) => [b.id, b.rows, b.scored ? 'yes' : 'no', b.labeled ? 'yes' : 'no', b.createdAt])));
  lines.push('');
  lines.push(
    state.models.length === 0
      ? 'models: none'
      : formatTable(['model', 'auc', 'gini', 'ks', 'trained on'], state.models.map((m) => [`${m.version}${m.version === state.champion ? ' (champion)' : ''}`, m.metrics.auc?.toFixed(4) ?? '-', m.metrics.gini?.toFixed(4) ?? '-', m.metrics.ks?.toFixed(4) ?? '-', m.trainedOn ?? '-'])),
  );
  return lines.join('\n');
}
