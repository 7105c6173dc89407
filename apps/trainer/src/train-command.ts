import { type CommandSpec, formatCount } from '@dpp/cli-kit';
import { STORE_FLAGS, openStoreFromFlags, trainModel } from '@dpp/pipeline';

export const trainCommand: CommandSpec = {
  name: 'train',
  summary: 'Train a default-prediction model on the stored training table and register it.',
  description: [
    'Fits the preprocessing (column kinds, missing values, categorical encodings) and a gradient-',
    'boosted tree model, stopping early on a stratified hold-out of the training rows, then scores',
    'the stored test table. Writes artifacts/models/<version>/ (model.json, model.onnx, features,',
    'preprocessing, metrics); the first model becomes champion. With --no-selection every feature',
    'is used at the settings given. By default, features are selected first: an importance ranking',
    'averaged over quick models with different seeds, the top of it, differences and ratios of top',
    'numeric pairs, greedy forward selection with each step cross-validated, a final stratified',
    'K-fold cross-validation (AUC, Gini, KS), and the final fit on every training row.',
  ].join('\n'),
  flags: {
    ...STORE_FLAGS,
    from: { type: 'string', placeholder: '<train|train_sup/VERSION>', default: 'train', description: 'The stored table to train on.' },
    selection: { type: 'boolean', default: true, description: 'Select features before the final fit; --no-selection fits on every feature.' },
    folds: { type: 'number', placeholder: '<k>', default: 5, description: 'Folds of the final cross-validation (selection steps use 3).' },
    top: { type: 'number', placeholder: '<k>', default: 30, description: 'Length of the short list taken from the importance ranking.' },
    tolerance: { type: 'number', placeholder: '<auc>', default: 0.0005, description: 'Forward selection stops when a step gains less cross-validated AUC than this.' },
    iterations: { type: 'number', placeholder: '<n>', description: 'Boosting rounds at most (early stopping may keep fewer). Default 500 with --no-selection, 600 with selection.' },
    depth: { type: 'number', placeholder: '<d>', default: 6, description: 'Depth of each (oblivious) tree.' },
    'learning-rate': { type: 'number', placeholder: '<rate>', description: 'Shrinkage of each tree. Default 0.05 with --no-selection, 0.08 with selection.' },
    grow: { type: 'string', default: 'oblivious', choices: ['oblivious', 'leafwise'], description: 'Tree shape: oblivious (symmetric, as CatBoost) or leafwise (as LightGBM).' },
    'validation-fraction': { type: 'number', placeholder: '<share>', default: 0.1, description: 'Share of the training rows held out for early stopping.' },
    seed: { type: 'number', placeholder: '<n>', default: 42, description: 'Seed of the hold-out, the encodings and the engine.' },
    threads: { type: 'number', placeholder: '<n>', description: 'Threads for the engine (default: the cores available); the model is the same for any count.' },
  },
  examples: [
    'dpp-trainer train --store ./dpp-store',
    'dpp-trainer train --store ./dpp-store --from train_sup/v0002',
    'dpp-trainer train --store ./dpp-store --no-selection --iterations 300 --depth 6 --learning-rate 0.08',
  ],
  async run(flags, context) {
    const selection = flags.selection !== false;
    const store = await openStoreFromFlags(flags);
    const iterations = (flags.iterations as number | undefined) ?? (selection ? 600 : 500);
    const learningRate = (flags['learning-rate'] as number | undefined) ?? (selection ? 0.08 : 0.05);
    let progress = context.progress('train', 'iterations', iterations);
    let last = '';
    const result = await trainModel(store, {
      from: flags.from as string,
      selection,
      pipeline: { folds: flags.folds as number, top: flags.top as number, tolerance: flags.tolerance as number },
      engine: {
        iterations,
        depth: flags.depth as number,
        learningRate,
        grow: flags.grow as 'oblivious' | 'leafwise',
        ...(flags.threads === undefined ? {} : { threads: flags.threads as number }),
      },
      validationFraction: flags['validation-fraction'] as number,
      seed: flags.seed as number,
      command: context.commandLine,
      onStage: (stage) => {
        if (stage === 'train' || stage === 'fit') progress = context.progress('train', 'iterations', iterations);
        else context.err(`train: ${stage}`);
      },
      onStep: (step) => context.err(`train: selection step ${step.step}: + ${step.added}, CV AUC ${step.auc.mean.toFixed(4)} ± ${step.auc.std.toFixed(4)} (+${step.gain.toFixed(4)})`),
      onIteration: (p) => {
        last = `train loss ${p.trainLoss.toFixed(4)}${p.validLoss === undefined ? '' : `, validation loss ${p.validLoss.toFixed(4)}`}, ${formatCount(p.rowsPerSecond)} rows/s`;
        progress.update(p.iteration, last);
      },
    });
    const what = result.kind === 'trees' ? `${result.iterations} trees` : 'a logistic regression';
    progress.done(result.kind === 'trees' ? `${result.iterations} trees kept (${last})` : 'a logistic regression, chosen by cross-validation');
    context.out(`model ${result.version}${result.champion ? ' (champion)' : ''}: ${result.features.length} features used, ${what}`);
    if (result.selection) {
      const { cv, selected, generated } = result.selection;
      context.out(`  selected ${selected.length}: ${selected.join(', ')}${generated.length > 0 ? ` (generated: ${generated.join(', ')})` : ''}`);
      context.out(`  ${cv.folds}-fold CV AUC ${cv.auc.mean.toFixed(4)} ± ${cv.auc.std.toFixed(4)}, Gini ${cv.gini.mean.toFixed(4)}, KS ${cv.ks.mean.toFixed(4)}`);
    }
    context.out(`  test AUC ${result.metrics.auc.toFixed(4)}, Gini ${result.metrics.gini.toFixed(4)}, KS ${result.metrics.ks.toFixed(4)} on ${formatCount(result.metrics.testRows)} rows`);
    context.out(`  report: ${store.url}/${result.report}`);
  },
};
