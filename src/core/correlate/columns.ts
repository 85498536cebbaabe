// Growable typed-array columns: millions of events or accounts cost a few bytes each, in a handful
// of buffers the garbage collector never walks, instead of millions of small arrays and objects.

type Typed = Float64Array | Int32Array | Uint32Array;

abstract class Column<T extends Typed> {
  length = 0;
  protected data: T;

  protected constructor(initial: T) {
    this.data = initial;
  }

  protected abstract allocate(size: number): T;

  /** The values so far (a view: it changes when the column grows). */
  get view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  push(value: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length] = value;
    return this.length++;
  }

  /** Makes room for `size` values, filled with 0. */
  resize(size: number): void {
    if (size > this.data.length) this.grow(size);
    this.length = size;
  }

  private grow(needed: number): void {
    const next = this.allocate(Math.max(needed, this.data.length * 2, 16));
    next.set(this.data);
    this.data = next;
  }
}

export class Float64Column extends Column<Float64Array> {
  constructor(capacity = 16) {
    super(new Float64Array(capacity));
  }

  protected allocate(size: number): Float64Array {
    return new Float64Array(size);
  }
}

export class Int32Column extends Column<Int32Array> {
  constructor(capacity = 16) {
    super(new Int32Array(capacity));
  }

  protected allocate(size: number): Int32Array {
    return new Int32Array(size);
  }
}

/**
 * The indexes 0..count-1 grouped by `groupOf[i]` (a counting sort): `order[start[g] .. start[g + 1])`
 * are the indexes of group g, in increasing order.
 */
export function groupIndexes(groupOf: ArrayLike<number>, count: number, groups: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < count; i++) {
    const slot = (groupOf[i] as number) + 1;
    start[slot] = (start[slot] as number) + 1;
  }
  for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
  const next = start.slice(0, groups);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const g = groupOf[i] as number;
    order[next[g] as number] = i;
    next[g] = (next[g] as number) + 1;
  }
  return { start, order };
}
