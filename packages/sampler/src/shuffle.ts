import type { Rng } from './rng.js';

/** Shuffles `items` in place (Fisher-Yates) and returns it. */
export function shuffle<T extends { length: number; [i: number]: number }>(items: T, rng: Rng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = items[i] as number;
    items[i] = items[j] as number;
    items[j] = t;
  }
  return items;
}
