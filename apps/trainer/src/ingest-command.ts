import { type CommandSpec, formatCount } from '@dpp/cli-kit';
import { STORE_FLAGS, ingest, openStoreFromFlags } from '@dpp/pipeline';

export const ingestCommand: CommandSpec = {
  name: 'ingest',
  summary: 'Read a loan table (CSV, Parquet or synthetic), derive the target, split it into train/ and test/.',
  description: [
    'Reads the whole table, derives a binary `target` column (1 = default) by the target rule,',
    'checks the ids and the target, splits the rows and stores train/ and test/ as Parquet with',
    'manifests. Every other source column is kept. Nothing is written unless every check passes.',
  ].join('\n'),
  flags: {
    ...STORE_FLAGS,
    source: { type: 'string', placeholder: '<file.csv|file.parquet|synthetic:ROWS>', required: true, description: 'The table to load; synthetic:ROWS generates the synthetic loan table with ROWS rows.' },
    target: { type: 'string', placeholder: '<column>', default: 'loss', description: 'The source column the target comes from.' },
    'positive-when': { type: 'string', placeholder: "'>0'", description: "Default when the target column is numeric: a comparison that marks a default (default: '>0')." },
    'positive-value': { type: 'string', placeholder: '<value>', description: 'Default when the target column is text: the value that marks a default, e.g. bad.' },
    id: { type: 'string', placeholder: '<column>', default: 'id', description: 'The id column; ids must be unique.' },
    'test-fraction': { type: 'number', placeholder: '<share>', default: 0.2, description: 'Share of rows held out as the test pool.' },
    split: { type: 'string', default: 'stratified', choices: ['stratified', 'random', 'ordered'], description: 'How rows are split: stratified by target, random, or ordered by id (the last ids are the test pool).' },
    seed: { type: 'number', placeholder: '<n>', default: 42, description: 'Seed of the split and of the synthetic table.' },
  },
  examples: [
    'dpp-trainer ingest --store ./dpp-store --source synthetic:30000',
    "dpp-trainer ingest --store s3://bucket/dpp --source train_v2.csv --target loss --positive-when '>0'",
    'dpp-trainer ingest --source loans.parquet --target status --positive-value bad --id customer_id',
  ],
  async run(flags, context) {
    const store = await openStoreFromFlags(flags);
    const progress = context.progress('ingest', 'rows');
    const result = await ingest(store, {
      source: flags.source as string,
      target: flags.target as string,
      positiveWhen: flags['positive-when'] as string | undefined,
      positiveValue: flags['positive-value'] as string | undefined,
      id: flags.id as string,
      testFraction: flags['test-fraction'] as number,
      split: flags.split as 'stratified' | 'random' | 'ordered',
      seed: flags.seed as number,
      command: context.commandLine,
      onRows: (rows) => progress.update(rows),
    });
    progress.done(`${formatCount(result.train.rows + result.test.rows)} rows read, checked and stored`);
    const rate = (part: { rows: number; defaults: number }) => `${((100 * part.defaults) / part.rows).toFixed(2)}% defaults`;
    context.out(`ingested ${result.source} into ${store.url}: ${result.columns} source columns`);
    context.out(`  train/  ${formatCount(result.train.rows)} rows, ${rate(result.train)}`);
    context.out(`  test/   ${formatCount(result.test.rows)} rows, ${rate(result.test)}`);
  },
};
