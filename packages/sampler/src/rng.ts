/** A seeded source of random numbers. */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/**
 * Mixes a seed (a number or a string) into 32 bits with MurmurHash3's finalizer over its
 * characters; the same seed gives the same state on every platform.
 */
export function hashSeed(seed: number | string, salt = 0): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let h = (0x9e3779b9 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) h = fmix32(h ^ Math.imul(text.charCodeAt(i), 0x85ebca6b));
  return fmix32(h ^ text.length);
}

/** MurmurHash3's 32-bit finalizer: every input bit flips about half of the output bits. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seeded generator: SFC32 (Chris Doty-Humphrey's Small Fast Counting generator, 128
 * bits of state, passes PractRand), its state filled from the seed by {@link hashSeed}.
 */
export function createRng(seed: number | string): Rng {
  return sfc32(hashSeed(seed, 1), hashSeed(seed, 2), hashSeed(seed, 3), hashSeed(seed, 4));
}

/** SFC32 from four 32-bit words, warmed up by 12 rounds as its author recommends. */
export function sfc32(a0: number, b0: number, c0: number, d0: number): Rng {
  let a = a0 | 0;
  let b = b0 | 0;
  let c = c0 | 0;
  let d = d0 | 0;
  let spare = Number.NaN;
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32();
  const next = () => nextU32() / 4294967296;
  return {
    next,
    nextInt: (n) => Math.floor(next() * n),
    normal() {
      if (spare === spare) {
        const s = spare;
        spare = Number.NaN;
        return s;
      }
      let u = next();
      while (u === 0) u = next();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}
