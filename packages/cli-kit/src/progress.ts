export interface Progress {
  /** Sets how much is done (in the unit given), and optionally a note shown beside it. */
  update(done: number, note?: string): void;
  /** Ends the progress display with a summary line. */
  done(summary?: string): void;
}

export interface ProgressOptions {
  label: string;
  /** The total, when known: shows a bar and a percentage. */
  total?: number;
  /** What is counted, e.g. 'rows'. */
  unit: string;
  /** A terminal gets a bar redrawn in place; a log gets a plain line at most every `logEvery` ms. */
  interactive: boolean;
  write: (text: string) => void;
  /** Default 5,000 ms. */
  logEvery?: number;
  now?: () => number;
}

/** Progress of a long step, with its rate in units per second. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastLog = started;
  let lastDraw = 0;
  const logEvery = options.logEvery ?? 5000;
  const describe = (done: number, note?: string) => {
    const seconds = Math.max(1e-9, (now() - started) / 1000);
    const rate = `${formatCount(done / seconds)} ${options.unit}/s`;
    const amount = options.total ? `${formatCount(done)}/${formatCount(options.total)} ${options.unit}` : `${formatCount(done)} ${options.unit}`;
    return `${amount}, ${rate}${note ? `, ${note}` : ''}`;
  };
  return {
    update(done, note) {
      const t = now();
      if (options.interactive) {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        const fraction = options.total ? Math.min(1, done / options.total) : undefined;
        const bar = fraction === undefined ? '' : `[${'#'.repeat(Math.round(fraction * 24)).padEnd(24, '.')}] ${(fraction * 100).toFixed(0).padStart(3)}% `;
        options.write(`\r\x1b[2K${options.label} ${bar}${describe(done, note)}`);
      } else if (t - lastLog >= logEvery) {
        lastLog = t;
        options.write(`${options.label}: ${describe(done, note)}\n`);
      }
    },
    done(summary) {
      const seconds = (now() - started) / 1000;
      const line = `${options.label}: ${summary ?? 'done'} in ${seconds.toFixed(1)} s`;
      options.write(options.interactive ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}

/** 1234567 -> '1,234,567'; rates keep one decimal under 100. */
export function formatCount(value: number): string {
  if (value < 100 && !Number.isInteger(value)) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}
