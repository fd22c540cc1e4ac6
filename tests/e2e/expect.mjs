// A tiny assertion helper for the e2e specs (no test framework).
//
//   expect(actual, 'what it is').toBe(expected)         strict equality
//   .toEqual(expected)                                   deep (JSON) equality
//   .toBeTruthy() / .toBeFalsy()
//   .toContain(item)                                     string or array
//   .toMatch(/re/)
//   .toBeGreaterThan(n) / .toBeGreaterThanOrEqual(n) / .toHaveLength(n)
//   .toSatisfy(predicate, 'description')                 predicate(actual) is truthy
//   .not.<any of the above>
//   await expect.poll(() => value, { timeout, message }).toBe(...)
//       re-evaluates the (async) function until the matcher passes or the
//       timeout (default 10 s) elapses, then fails with the last mismatch.
//   expect.fail('reason')
//
// A failed assertion throws AssertionError with a one-line message.

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

function show(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 300 ? s.slice(0, 300) + '…' : s;
  } catch {
    return String(value);
  }
}

const checks = {
  toBe: (a, e) => [Object.is(a, e), `to be ${show(e)}`],
  toEqual: (a, e) => [show(a) === show(e), `to equal ${show(e)}`],
  toBeTruthy: (a) => [!!a, 'to be truthy'],
  toBeFalsy: (a) => [!a, 'to be falsy'],
  toContain: (a, e) => [a != null && typeof a.includes === 'function' && a.includes(e), `to contain ${show(e)}`],
  toMatch: (a, re) => [typeof a === 'string' && re.test(a), `to match ${re}`],
  toBeGreaterThan: (a, n) => [a > n, `to be > ${n}`],
  toBeGreaterThanOrEqual: (a, n) => [a >= n, `to be >= ${n}`],
  toHaveLength: (a, n) => [a != null && a.length === n, `to have length ${n}`],
  toSatisfy: (a, predicate, description = 'to satisfy the predicate') => [!!predicate(a), description],
};

function matchers(actual, label, negate, onFail) {
  const out = {};
  for (const [name, check] of Object.entries(checks)) {
    out[name] = (...expected) => {
      const [pass, description] = check(actual, ...expected);
      if (pass === negate) {
        const what = label ? `${label}: ` : '';
        return onFail(`${what}expected ${show(actual)} ${negate ? 'not ' : ''}${description}`);
      }
      return undefined;
    };
  }
  return out;
}

function fail(message) {
  throw new AssertionError(message);
}

export function expect(actual, label) {
  const m = matchers(actual, label, false, fail);
  m.not = matchers(actual, label, true, fail);
  return m;
}

expect.fail = fail;

expect.poll = (fn, { timeout = 10_000, interval = 100, message } = {}) => {
  const build = (negate) => {
    const out = {};
    for (const name of Object.keys(checks)) {
      out[name] = async (...expected) => {
        const deadline = Date.now() + timeout;
        let last = '';
        for (;;) {
          let value;
          try {
            value = await fn();
            let failure = null;
            matchers(value, message, negate, (msg) => (failure = msg))[name](...expected);
            if (failure === null) return value;
            last = failure;
          } catch (err) {
            last = `${message ? message + ': ' : ''}${err?.message ?? err}`;
          }
          if (Date.now() >= deadline) fail(`${last} (after ${timeout} ms)`);
          await new Promise((r) => setTimeout(r, interval));
        }
      };
    }
    return out;
  };
  const m = build(false);
  m.not = build(true);
  return m;
};
