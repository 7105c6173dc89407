#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { type ProgramSpec, runCli } from '@dpp/cli-kit';
import { feedbackCommand } from './feedback-command.js';
import { sampleCommand } from './sample-command.js';
import { scoreCommand } from './score-command.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program: ProgramSpec = {
  name: 'dpp-inference',
  version,
  summary: 'draw batches of new borrowers from a dpp store, score them, bring their outcomes back',
  commands: [sampleCommand, scoreCommand, feedbackCommand],
};

process.exitCode = await runCli(program, { argv: process.argv.slice(2) });
