/** @throws RangeError unless `value` is a fraction strictly between 0 and 1. */
export function checkFraction(name: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`${name} must be between 0 and 1 (exclusive), got ${value}`);
}

/** @throws RangeError unless `value` is a whole number >= `min`. */
export function checkCount(name: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`);
}

/**
 * @throws RangeError naming the first index whose label is not 0 or 1.
 */
export function checkBinaryLabels(labels: ArrayLike<number>): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new RangeError(`labels[${i}] is ${v}; labels must be 0 or 1`);
  }
}
