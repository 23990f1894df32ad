/** Memoise a derived selector on the identity of its inputs (keeps zustand renders stable). */
export function memoSelector<S, A extends unknown[], R>(inputs: (s: S) => readonly [...A], compute: (...args: A) => R): (s: S) => R {
  let last: readonly unknown[] | null = null;
  let value: R;
  return (s: S) => {
    const next = inputs(s);
    if (last === null || next.length !== last.length || next.some((v, i) => !Object.is(v, (last as readonly unknown[])[i]))) {
      last = next;
      value = compute(...(next as A));
    }
    return value;
  };
}
