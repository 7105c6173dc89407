import { type CommandSpec, UsageError, formatCount } from '@dpp/cli-kit';
import { STORE_FLAGS, openStoreFromFlags, trainModel } from '@dpp/pipeline';

export const trainCommand: CommandSpec = {
  name: 'train',
  summary: 'Train a default-prediction model on the stored training table and register it.',
  description: [
    'Fits the preprocessing (column kinds, missing values, categorical encodings) and a gradient-',
    'boosted tree model, stopping early on a stratified hold-out of the training rows, then scores',
    'the stored test table. Writes artifacts/models/<version>/ (model.json, model.onnx, features,',
    'preprocessing, metrics); the first model becomes champion. With --no-selection every feature',
    'is used at the settings given.',
  ].join('\n'),
  flags: {
    ...STORE_FLAGS,
    from: { type: 'string', placeholder: '<train|train_sup/VERSION>', default: 'train', description: 'The stored table to train on.' },
    selection: { type: 'boolean', default: true, description: 'Select features before the final fit; --no-selection fits on every feature.' },
    iterations: { type: 'number', placeholder: '<n>', default: 500, description: 'Boosting rounds at most (early stopping may keep fewer).' },
    depth: { type: 'number', placeholder: '<d>', default: 6, description: 'Depth of each (oblivious) tree.' },
    'learning-rate': { type: 'number', placeholder: '<rate>', default: 0.05, description: 'Shrinkage of each tree.' },
    grow: { type: 'string', default: 'oblivious', choices: ['oblivious', 'leafwise'], description: 'Tree shape: oblivious (symmetric, as CatBoost) or leafwise (as LightGBM).' },
    'validation-fraction': { type: 'number', placeholder: '<share>', default: 0.1, description: 'Share of the training rows held out for early stopping.' },
    seed: { type: 'number', placeholder: '<n>', default: 42, description: 'Seed of the hold-out, the encodings and the engine.' },
    threads: { type: 'number', placeholder: '<n>', description: 'Threads for the engine (default: the cores available); the model is the same for any count.' },
  },
  examples: ['dpp-trainer train --store ./dpp-store --no-selection', 'dpp-trainer train --store ./dpp-store --no-selection --iterations 300 --depth 6 --learning-rate 0.08'],
  async run(flags, context) {
    if (flags.selection !== false) throw new UsageError('feature selection is not built yet: pass --no-selection for a plain fit on every feature');
    const store = await openStoreFromFlags(flags);
    const iterations = flags.iterations as number;
    let progress = context.progress('train', 'iterations', iterations);
    let last = '';
    const result = await trainModel(store, {
      from: flags.from as string,
      engine: {
        iterations,
        depth: flags.depth as number,
        learningRate: flags['learning-rate'] as number,
        grow: flags.grow as 'oblivious' | 'leafwise',
        ...(flags.threads === undefined ? {} : { threads: flags.threads as number }),
      },
      validationFraction: flags['validation-fraction'] as number,
      seed: flags.seed as number,
      command: context.commandLine,
      onStage: (stage) => {
        if (stage !== 'train') context.err(`train: ${stage}`);
        else progress = context.progress('train', 'iterations', iterations);
      },
      onIteration: (p) => {
        last = `train loss ${p.trainLoss.toFixed(4)}${p.validLoss === undefined ? '' : `, validation loss ${p.validLoss.toFixed(4)}`}, ${formatCount(p.rowsPerSecond)} rows/s`;
        progress.update(p.iteration, last);
      },
    });
    progress.done(`${result.iterations} trees kept (${last})`);
    context.out(`model ${result.version}${result.champion ? ' (champion)' : ''}: ${result.features.length} features used, ${result.iterations} trees`);
    context.out(`  test AUC ${result.metrics.auc.toFixed(4)}, Gini ${result.metrics.gini.toFixed(4)}, KS ${result.metrics.ks.toFixed(4)} on ${formatCount(result.metrics.testRows)} rows`);
  },
};
