// The three-cycle run (sample, score, feedback, retrain) shared by the local and S3 tests.
import { expect } from 'vitest';
import { type RunResult, cli } from './cli-support.js';

export interface Promotion {
  champion: string;
  challenger: string;
  decision: 'promoted' | 'kept';
  comparisonRows: number;
  leak: { sameId: number; identicalFeatures: number; repeated: number; comparisonExcluded: number };
  metrics: { champion: { auc: number }; challenger: { auc: number } };
  delong: { pValue: number };
  rule: { minAucGain: number; maxPValue: number };
}

export async function ok(program: 'dpp-trainer' | 'dpp-inference', args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const result = await cli(program, args, env);
  expect(result.code, `${program} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

/** Three cycles on a store that holds a champion: each samples a batch, scores it, brings its outcomes, retrains. */
export async function threeCycles(store: string, env: Record<string, string> = {}, retrainFlags: string[] = ['--no-selection', '--iterations', '150']): Promise<void> {
  for (let cycle = 1; cycle <= 3; cycle++) {
    const batch = `batch-000${cycle}`;
    await ok('dpp-inference', ['sample', '--store', store, '--batch', batch, '--fraction', '0.3', '--seed', String(cycle)], env);
    const scored = await ok('dpp-inference', ['score', '--store', store, '--batch', batch], env);
    expect(scored.stdout).toMatch(new RegExp(`${batch}: [\\d,]+ rows scored by v\\d{4}`));
    await ok('dpp-inference', ['feedback', '--store', store, '--batch', batch], env);
    const retrained = await ok('dpp-trainer', ['retrain', '--store', store, ...retrainFlags], env);
    expect(retrained.stdout).toMatch(/decision: (v\d{4} is the new champion|v\d{4} stays champion)/);
  }
}

/** Every decision follows the rule, and no worse challenger ever replaced a champion. */
export function checkDecisions(history: Promotion[]): void {
  for (const p of history) {
    const gain = p.metrics.challenger.auc - p.metrics.champion.auc;
    const wins = gain >= p.rule.minAucGain && p.delong.pValue < p.rule.maxPValue;
    expect(p.decision).toBe(wins ? 'promoted' : 'kept');
    if (p.decision === 'promoted') expect(gain).toBeGreaterThanOrEqual(0);
    expect(p.comparisonRows).toBeGreaterThan(0);
  }
}
