import { type CommandSpec, formatCount, formatTable } from '@dpp/cli-kit';
import { STORE_FLAGS, openStoreFromFlags, retrain } from '@dpp/pipeline';

export const retrainCommand: CommandSpec = {
  name: 'retrain',
  summary: 'Grow the training set with the batches whose outcomes arrived, train a challenger, keep the better model.',
  description: [
    "Builds train_sup/<version>/ from the champion's training table plus every batch whose outcomes",
    'arrived (deduplicated by id), trains a challenger with the same pipeline, and compares both on',
    'the test-pool rows neither trained on (AUC, Gini, KS with bootstrap intervals, DeLong test).',
    'The challenger becomes champion when it wins by --min-auc-gain with a DeLong p-value under',
    '--max-p-value. Leak guard: batch rows the champion already trained on (same id or identical',
    'features) are reported as a leak and never enter the comparison. Every decision is appended to',
    'artifacts/promotions.json.',
  ].join('\n'),
  flags: {
    ...STORE_FLAGS,
    'min-auc-gain': { type: 'number', placeholder: '<auc>', default: 0.0005, description: "The challenger's AUC must beat the champion's by at least this." },
    'max-p-value': { type: 'number', placeholder: '<p>', default: 0.05, description: "DeLong's two-sided p-value must be below this." },
    selection: { type: 'boolean', default: true, description: 'Select features for the challenger (--no-selection: a plain fit).' },
    iterations: { type: 'number', placeholder: '<n>', description: 'Boosting rounds at most for the challenger.' },
    seed: { type: 'number', placeholder: '<n>', default: 42, description: 'Seed of the challenger fit.' },
  },
  examples: ['dpp-trainer retrain --store ./dpp-store', 'dpp-trainer retrain --store ./dpp-store --min-auc-gain 0.002 --max-p-value 0.01'],
  async run(flags, context) {
    const store = await openStoreFromFlags(flags);
    let progress = context.progress('retrain', 'iterations');
    const p = await retrain(store, {
      command: context.commandLine,
      rule: { minAucGain: flags['min-auc-gain'] as number, maxPValue: flags['max-p-value'] as number },
      selection: flags.selection !== false,
      seed: flags.seed as number,
      ...(flags.iterations === undefined ? {} : { engine: { iterations: flags.iterations as number } }),
      onStage: (stage) => {
        if (stage === 'train' || stage === 'fit') progress = context.progress('retrain', 'iterations');
        else context.err(`retrain: ${stage}`);
      },
      onIteration: (it) => progress.update(it.iteration),
    });
    progress.done('challenger trained');
    const { leak } = p;
    const leaked = leak.sameId + leak.identicalFeatures;
    if (leaked > 0 || leak.repeated > 0) context.out(`leak: ${formatCount(leak.sameId)} batch rows the champion trained on (same id), ${formatCount(leak.identicalFeatures)} with identical features, ${formatCount(leak.repeated)} repeated rows; none of them counted in the comparison`);
    context.out(`compared on ${formatCount(p.comparisonRows)} test-pool rows neither model trained on (${formatCount(leak.comparisonExcluded)} left out):`);
    const row = (name: string, m: typeof p.metrics.champion) => [name, m.auc.toFixed(4), `[${m.aucCi.lower.toFixed(4)}, ${m.aucCi.upper.toFixed(4)}]`, m.gini.toFixed(4), m.ks.toFixed(4)];
    context.out(formatTable(['model', 'AUC', `${Math.round(p.metrics.champion.aucCi.level * 100)}% interval`, 'Gini', 'KS'], [row(`${p.champion} (champion)`, p.metrics.champion), row(`${p.challenger} (challenger)`, p.metrics.challenger)]));
    context.out(`DeLong: difference ${p.delong.diff.toFixed(4)}, z ${p.delong.z.toFixed(2)}, p ${p.delong.pValue.toPrecision(3)}`);
    context.out(`decision: ${p.decision === 'promoted' ? `${p.challenger} is the new champion` : `${p.champion} stays champion`} (${p.reason})`);
    context.out(`report: ${store.url}/${p.report}`);
  },
};
