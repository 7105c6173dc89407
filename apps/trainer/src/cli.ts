#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { type ProgramSpec, runCli } from '@dpp/cli-kit';
import { ingestCommand } from './ingest-command.js';
import { retrainCommand } from './retrain-command.js';
import { statusCommand } from './status-command.js';
import { trainCommand } from './train-command.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program: ProgramSpec = {
  name: 'dpp-trainer',
  version,
  summary: 'load loan tables into a dpp store, train default-prediction models, report',
  commands: [ingestCommand, trainCommand, retrainCommand, statusCommand],
};

process.exitCode = await runCli(program, { argv: process.argv.slice(2) });
