import { type CommandSpec, formatCount } from '@dpp/cli-kit';
import { STORE_FLAGS, feedback, openStoreFromFlags } from '@dpp/pipeline';

export const feedbackCommand: CommandSpec = {
  name: 'feedback',
  summary: "The true outcomes of a batch arrive: make them available for retraining.",
  description: 'Copies the withheld outcomes of the batch to test_sample_outcomes/<batch>/. Running it again rewrites the same content.',
  flags: {
    ...STORE_FLAGS,
    batch: { type: 'string', placeholder: '<id>', required: true, description: 'The batch whose outcomes arrived.' },
  },
  examples: ['dpp-inference feedback --store ./dpp-store --batch batch-0001'],
  async run(flags, context) {
    const store = await openStoreFromFlags(flags);
    const result = await feedback(store, { batch: flags.batch as string, command: context.commandLine });
    context.out(`outcomes of ${result.batch} arrived: ${formatCount(result.rows)} rows, ${formatCount(result.defaults)} defaults -> ${store.url}/test_sample_outcomes/${result.batch}/`);
  },
};
