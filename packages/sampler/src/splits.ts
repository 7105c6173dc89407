import { checkBinaryLabels, checkCount, checkFraction } from './check.js';
import { createRng } from './rng.js';
import { shuffle } from './shuffle.js';

/** Row indices of the two parts of a split, each sorted ascending. */
export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

function fromMask(inTest: Uint8Array): Split {
  let tests = 0;
  for (const m of inTest) tests += m;
  const train = new Uint32Array(inTest.length - tests);
  const test = new Uint32Array(tests);
  for (let i = 0, a = 0, b = 0; i < inTest.length; i++) {
    if (inTest[i] === 1) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/**
 * Puts `round(n * testFraction)` rows, drawn at random, in `test`.
 *
 * @example randomSplit(1000, { testFraction: 0.2, seed: 42 }).test.length // 200
 */
export function randomSplit(n: number, options: { testFraction: number; seed: number | string }): Split {
  checkCount('n', n);
  checkFraction('testFraction', options.testFraction);
  const order = shuffle(Uint32Array.from({ length: n }, (_, i) => i), createRng(options.seed));
  const inTest = new Uint8Array(n);
  const tests = Math.round(n * options.testFraction);
  for (let i = 0; i < tests; i++) inTest[order[i] as number] = 1;
  return fromMask(inTest);
}

/**
 * Splits each class apart, `round(count * testFraction)` of its rows to `test`, so that
 * both parts keep the default rate.
 *
 * @throws RangeError naming the first label that is not 0 or 1.
 */
export function stratifiedSplit(labels: ArrayLike<number>, options: { testFraction: number; seed: number | string }): Split {
  checkFraction('testFraction', options.testFraction);
  checkBinaryLabels(labels);
  const rng = createRng(options.seed);
  const inTest = new Uint8Array(labels.length);
  for (const cls of [0, 1]) {
    const rows = Uint32Array.from(indicesOf(labels, cls));
    shuffle(rows, rng);
    const tests = Math.round(rows.length * options.testFraction);
    for (let i = 0; i < tests; i++) inTest[rows[i] as number] = 1;
  }
  return fromMask(inTest);
}

/**
 * Orders rows by id (numbers numerically, strings by code unit) and puts the last
 * `round(n * testFraction)` in `test`: a split in time when ids grow with time.
 */
export function orderedSplit(ids: ArrayLike<number | string>, options: { testFraction: number }): Split {
  checkFraction('testFraction', options.testFraction);
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => {
    const x = ids[a] as number | string;
    const y = ids[b] as number | string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const inTest = new Uint8Array(ids.length);
  const tests = Math.round(ids.length * options.testFraction);
  for (let i = ids.length - tests; i < ids.length; i++) inTest[order[i] as number] = 1;
  return fromMask(inTest);
}

/**
 * Assigns each row to one of `folds` folds, class by class in a shuffled round robin, so
 * that every fold keeps the default rate and fold sizes differ by at most one per class.
 *
 * @returns the fold (0..folds-1) of each row.
 */
export function stratifiedKFold(labels: ArrayLike<number>, options: { folds: number; seed: number | string }): Uint8Array {
  checkCount('folds', options.folds, 2);
  if (options.folds > 255) throw new RangeError(`folds must be at most 255, got ${options.folds}`);
  checkBinaryLabels(labels);
  const rng = createRng(options.seed);
  const fold = new Uint8Array(labels.length);
  let start = 0;
  for (const cls of [0, 1]) {
    const rows = shuffle(Uint32Array.from(indicesOf(labels, cls)), rng);
    // continue the round robin where the previous class stopped, to balance total sizes
    for (let i = 0; i < rows.length; i++) fold[rows[i] as number] = (start + i) % options.folds;
    start = (start + rows.length) % options.folds;
  }
  return fold;
}

function* indicesOf(labels: ArrayLike<number>, cls: number): Generator<number> {
  for (let i = 0; i < labels.length; i++) if (labels[i] === cls) yield i;
}
