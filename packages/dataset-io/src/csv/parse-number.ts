// Exact decimal -> double conversion straight from bytes, with no string made per field.
//
// Clinger's fast path: a decimal mantissa of at most 15 significant digits is an exact
// double (< 2^53), and so is every power of ten up to 1e22; one IEEE multiplication or
// division of two exact doubles is correctly rounded, so `m * 10^e` (or `m / 10^-e`) is
// the double nearest to the decimal, bit for bit what `Number()` gives. Everything else
// (more digits, larger exponents, unusual spellings) falls back to `Number()` on the field.

const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

/** Returned by {@link parseNumber} when the field is not a number. */
export const NOT_A_NUMBER = Symbol('NOT_A_NUMBER');

const latin1 = new TextDecoder('latin1');
const NUMERIC_SPELLING = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const INFINITY_SPELLING = /^\s*[+-]?(inf|infinity)\s*$/i;

/**
 * Parses `bytes[start, end)` as a decimal number. Returns the double `Number()` would give,
 * or `NOT_A_NUMBER` for text that is not a plain decimal (hexadecimal and other spellings
 * that `Number()` accepts but CSV readers do not, are text here).
 */
export function parseNumber(bytes: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  let i = start;
  let negative = false;
  let c = bytes[i];
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    c = bytes[++i];
  }
  let mantissa = 0;
  let digits = 0; // significant digits accumulated in mantissa
  let dropped = false; // a nonzero digit did not fit in 15
  let scale = 0; // power of ten to apply
  let sawDigit = false;
  while (i < end && c !== undefined && c >= 48 && c <= 57) {
    sawDigit = true;
    if (digits < 15) {
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0) digits++;
    } else {
      scale++;
      if (c !== 48) dropped = true;
    }
    c = bytes[++i];
  }
  if (i < end && c === 46 /* . */) {
    c = bytes[++i];
    while (i < end && c !== undefined && c >= 48 && c <= 57) {
      sawDigit = true;
      if (digits < 15) {
        mantissa = mantissa * 10 + (c - 48);
        if (mantissa !== 0) digits++;
        scale--;
      } else if (c !== 48) dropped = true;
      c = bytes[++i];
    }
  }
  if (!sawDigit) return slowPath(bytes, start, end);
  if (i < end && (c === 101 || c === 69) /* e E */) {
    c = bytes[++i];
    let expNegative = false;
    if (c === 45 || c === 43) {
      expNegative = c === 45;
      c = bytes[++i];
    }
    let exponent = 0;
    let expDigits = 0;
    while (i < end && c !== undefined && c >= 48 && c <= 57) {
      if (exponent < 100000) exponent = exponent * 10 + (c - 48);
      expDigits++;
      c = bytes[++i];
    }
    if (expDigits === 0) return slowPath(bytes, start, end);
    scale += expNegative ? -exponent : exponent;
  }
  if (i !== end) return slowPath(bytes, start, end);
  if (dropped) return slowPath(bytes, start, end);
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale === 0) value = mantissa;
  else if (scale > 0 && scale <= 22) {
    value = mantissa * (POW10[scale] as number);
  } else if (scale < 0 && scale >= -22) value = mantissa / (POW10[-scale] as number);
  else return slowPath(bytes, start, end);
  return negative ? -value : value;
}

function slowPath(bytes: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  const text = latin1.decode(bytes.subarray(start, end));
  if (NUMERIC_SPELLING.test(text)) return Number(text);
  if (INFINITY_SPELLING.test(text)) return text.includes('-') ? -Infinity : Infinity;
  return NOT_A_NUMBER;
}

/** True when `bytes[start, end)` spells an integer (optional sign, digits only). */
export function isIntegerSpelling(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  const c = bytes[i];
  if (c === 45 || c === 43) i++;
  if (i >= end) return false;
  for (; i < end; i++) {
    const d = bytes[i] as number;
    if (d < 48 || d > 57) return false;
  }
  return true;
}
