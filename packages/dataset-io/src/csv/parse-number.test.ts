import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_A_NUMBER, parseNumber } from './parse-number.js';
import { FieldKind, parseBlock } from './parse-block.js';

const encoder = new TextEncoder();
const parse = (text: string) => {
  const bytes = encoder.encode(text);
  return parseNumber(bytes, 0, bytes.length);
};

// Decimal spellings of every shape a CSV writer produces: signs, leading zeros, long
// mantissas (past the 15-digit fast path), fractions, exponents near and past 1e±22.
const decimal = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^[0-9]{1,25}$/),
    fc.option(fc.stringMatching(/^[0-9]{0,20}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 330 })), { nil: undefined }),
  )
  .map(([sign, int, frac, exp]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp === undefined ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`);

describe('parseNumber', () => {
  it('gives the same double as Number(), bit for bit, for any decimal spelling', () => {
    fc.assert(
      fc.property(decimal, (text) => {
        expect(Object.is(parse(text), Number(text))).toBe(true);
      }),
      { numRuns: 20_000, seed: 7 },
    );
  });

  it('agrees with Number() on random doubles printed by JavaScript', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(x);
        expect(Object.is(parse(text), Number(text))).toBe(true);
      }),
      { numRuns: 20_000, seed: 11 },
    );
  });

  it('reads integers of 20 and more digits as the nearest double', () => {
    expect(parse('419515464613346388049867')).toBe(419515464613346388049867);
    expect(parse('-12345678901234567890')).toBe(-12345678901234567890);
  });

  it('keeps the sign of zero and accepts spellings CSV writers use', () => {
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(parse('.5')).toBe(0.5);
    expect(parse('5.')).toBe(5);
    expect(parse(' 7 ')).toBe(7);
    expect(parse('inf')).toBe(Infinity);
    expect(parse('-Infinity')).toBe(-Infinity);
  });

  it('rejects text, including spellings Number() accepts but CSV readers do not', () => {
    for (const text of ['abc', '1e', '-', '.', '0x1F', '1_000', '1,5', '--1', '1e5e5']) {
      expect(parse(text), text).toBe(NOT_A_NUMBER);
    }
  });
});

describe('parseBlock number fields', () => {
  it('parses every field of a block exactly as Number() does', () => {
    fc.assert(
      fc.property(fc.array(fc.array(decimal, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, crlf) => {
        const text = rows.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n');
        const block = parseBlock(encoder.encode(text), { delimiter: 44, kinds: new Uint8Array(3).fill(FieldKind.Number), missing: [], newlinesInValues: false }, 4);
        expect(block.problem).toBeUndefined();
        expect(block.rows).toBe(rows.length);
        rows.forEach((r, i) =>
          r.forEach((field, c) => {
            const column = block.columns[c];
            if (column?.kind !== FieldKind.Number) throw new Error('number column expected');
            expect(Object.is(column.values[i], Number(field))).toBe(true);
          }),
        );
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
