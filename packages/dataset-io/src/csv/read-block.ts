import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type BlockPlan, type ParsedBlock, parseBlock } from './parse-block.js';

/** One block of a CSV file: the rows that start in bytes `[start, end)` of the file. */
export interface BlockTask {
  path: string;
  /** Where data rows begin (after the header line). */
  dataStart: number;
  start: number;
  end: number;
  plan: BlockPlan;
  expectedRows: number;
}

const LF = 10;

/**
 * Reads and parses one block. A block owns the rows that begin inside it: it skips the tail
 * of a row begun in the previous block and reads past its end to finish its last row.
 * Both sides compute the same boundary, so every row is parsed exactly once.
 */
export function readBlock(task: BlockTask): ParsedBlock {
  const fd = openSync(task.path, 'r');
  try {
    const size = fstatSync(fd).size;
    const from = task.start === task.dataStart ? task.start : task.start - 1;
    let margin = 1 << 16;
    for (;;) {
      const to = Math.min(size, task.end + margin);
      const bytes = new Uint8Array(to - from);
      readSync(fd, bytes, 0, bytes.length, from);
      const begin = task.start === task.dataStart ? 0 : rowStartAtOrAfter(bytes, task.start - from);
      const finish = task.end >= size ? bytes.length : rowStartAtOrAfter(bytes, task.end - from);
      if (finish < 0 && to < size) {
        margin *= 4;
        continue;
      }
      if (begin < 0 || begin >= (finish < 0 ? bytes.length : finish)) return { rows: 0, columns: emptyColumns(task.plan), problem: undefined };
      return parseBlock(bytes.subarray(begin, finish < 0 ? bytes.length : finish), task.plan, task.expectedRows);
    }
  } finally {
    closeSync(fd);
  }
}

/** The index of the first row start at or after `at`: `at` itself if the byte before it is LF. */
function rowStartAtOrAfter(bytes: Uint8Array, at: number): number {
  if (at > 0 && bytes[at - 1] === LF) return at;
  const lf = bytes.indexOf(LF, at);
  return lf < 0 ? -1 : lf + 1;
}

function emptyColumns(plan: BlockPlan): ParsedBlock['columns'] {
  return parseBlock(new Uint8Array(0), plan, 0).columns;
}
