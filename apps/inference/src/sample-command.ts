import { type CommandSpec, formatCount } from '@dpp/cli-kit';
import { STORE_FLAGS, openStoreFromFlags, sample } from '@dpp/pipeline';

export const sampleCommand: CommandSpec = {
  name: 'sample',
  summary: 'Draw a batch of new borrowers from the test pool, without their outcomes.',
  description: [
    'Writes test_sample/<batch>/ with the features and ids of the drawn rows; their outcomes are',
    'withheld until `dpp-inference feedback`. Drawing with replacement repeats rows on purpose:',
    'it shows how a leak inflates metrics, which retraining detects.',
  ].join('\n'),
  flags: {
    ...STORE_FLAGS,
    fraction: { type: 'number', placeholder: '<share>', default: 0.1, description: 'Share of the test pool to draw.' },
    size: { type: 'number', placeholder: '<rows>', description: 'Draw exactly this many rows instead of a fraction.' },
    'with-replacement': { type: 'boolean', description: 'Draw with replacement (rows may repeat).' },
    batch: { type: 'string', placeholder: '<id>', description: 'The batch id (letters, digits, . _ -). Default: batch-NNNN, the next number.' },
    seed: { type: 'number', placeholder: '<n>', description: "Seed of the draw. Default: the batch's number, so a rerun draws the same rows." },
  },
  examples: ['dpp-inference sample --store ./dpp-store --fraction 0.1', 'dpp-inference sample --store ./dpp-store --batch leak-1 --fraction 0.5 --with-replacement'],
  async run(flags, context) {
    const store = await openStoreFromFlags(flags);
    const result = await sample(store, {
      fraction: flags.fraction as number,
      size: flags.size as number | undefined,
      withReplacement: flags['with-replacement'] === true,
      batch: flags.batch as string | undefined,
      seed: flags.seed as number | undefined,
      command: context.commandLine,
    });
    const repeats = result.rows - result.distinctRows;
    context.out(`sampled ${result.batch}: ${formatCount(result.rows)} rows${repeats > 0 ? ` (${formatCount(repeats)} repeated draws)` : ''}, seed ${result.seed} -> ${store.url}/test_sample/${result.batch}/`);
  },
};
