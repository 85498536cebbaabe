// Counting the ways a sub-pattern matches c^k for short runs of one character c, as bit masks:
// enough to see two loops or two alternatives collide, without allocating per length.

/** Runs of c up to this length are counted exactly; enough to expose collisions of short loops. */
const WINDOW = 24;

/**
 * How many ways a node matches c^k for k = 0..WINDOW, counted as 0, 1 or "2 or more", as two bit
 * masks: bit k of `one` is set when there is at least one way, of `two` when there are two or more.
 */
export interface Ways {
  one: number;
  two: number;
}

const WINDOW_MASK = 2 ** (WINDOW + 1) - 1;
/** No match at any length; one match, of the empty run only; one match, of one character. */
export const ZERO_WAYS: Ways = Object.freeze({ one: 0, two: 0 });
export const UNIT_WAYS: Ways = Object.freeze({ one: 1, two: 0 });
export const ONE_CHAR_WAYS: Ways = Object.freeze({ one: 2, two: 0 });
/** Whether some non-empty run has two or more matches. */
export const isWindowAmbiguous = (ways: Ways): boolean => (ways.two & ~1) !== 0;

/** Ways of matching c^k as a then b: sums over the splits of k, capped at 2. */
export function convolve(a: Ways, b: Ways): Ways {
  if (a.one === 0 || b.one === 0) return ZERO_WAYS;
  if (a === UNIT_WAYS) return b;
  if (b === UNIT_WAYS) return a;
  let one = 0;
  let two = 0;
  for (let i = 0, rest = a.one; rest !== 0; i++, rest >>>= 1) {
    if ((rest & 1) === 0) continue;
    const shifted = (b.one << i) & WINDOW_MASK;
    // A length reached by a second split, or by a split where either side has two ways, has two.
    two |= (one & shifted) | ((b.two << i) & WINDOW_MASK) | ((a.two >>> i) & 1 ? shifted : 0);
    one |= shifted;
  }
  return { one, two };
}

export function addWays(a: Ways, b: Ways): Ways {
  if (b.one === 0) return a;
  if (a.one === 0) return b;
  return { one: a.one | b.one, two: a.two | b.two | (a.one & b.one) };
}

/** How many ways `min` to `max` iterations match c^k, given how one iteration does. */
export function repeatWays(body: Ways, min: number, max: number): Ways {
  if (body.one === 0) return min === 0 ? UNIT_WAYS : ZERO_WAYS;
  // The common case, one character per iteration (`.{0,40}`, `\w*`), has exactly one way per length.
  if (body.one === 2 && body.two === 0) return { one: lengthsBetween(min, max), two: 0 };
  // V8 rejects an empty iteration once the minimum is met, so only the mandatory ones may be empty.
  let ways = UNIT_WAYS;
  for (let n = 0; n < Math.min(min, WINDOW + 2); n++) ways = convolve(ways, body);
  const nonEmptyBody = { one: body.one & ~1, two: body.two & ~1 };
  let current = ways;
  // Once no length fits the window, further iterations add nothing.
  for (let n = min; n < Math.min(max, min + WINDOW + 1) && current.one !== 0; n++) {
    current = convolve(current, nonEmptyBody);
    ways = addWays(ways, current);
  }
  return ways;
}

/** Bits min..max of the window. */
function lengthsBetween(min: number, max: number): number {
  if (min > WINDOW) return 0;
  const upTo = max >= WINDOW ? WINDOW_MASK : 2 ** (max + 1) - 1;
  return upTo & ~(2 ** min - 1);
}
