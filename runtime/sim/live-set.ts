// A set of slots 0..n-1 in a fixed order, each in or out, with the k-th member (in slot order) found in O(log n) —
// a Fenwick tree over 0/1 counts. Chaos uses it to pick "the k-th running worker in design order" without scanning
// every node per kill, so the victim (and the trace) is the same as with a scan.
export class LiveSet {
  private readonly tree: Int32Array;
  private readonly on: Uint8Array;
  private count = 0;
  /** Highest power of two ≤ n (the first step of the k-th search). */
  private readonly top: number;

  constructor(readonly capacity: number) {
    this.tree = new Int32Array(capacity + 1);
    this.on = new Uint8Array(capacity);
    let top = 1;
    while (top * 2 <= capacity) top *= 2;
    this.top = capacity === 0 ? 0 : top;
  }

  get size(): number {
    return this.count;
  }

  has(i: number): boolean {
    return this.on[i] === 1;
  }

  /** Put slot i in (true) or out (false); no-op when it already is. */
  set(i: number, inSet: boolean): void {
    const v = inSet ? 1 : 0;
    if (this.on[i] === v) return;
    this.on[i] = v;
    const d = inSet ? 1 : -1;
    this.count += d;
    for (let j = i + 1; j <= this.capacity; j += j & -j) this.tree[j] += d;
  }

  /** The slot of the k-th member (0-based, in slot order); -1 when k is out of range. */
  nth(k: number): number {
    if (k < 0 || k >= this.count) return -1;
    let pos = 0;
    let rest = k + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.capacity && this.tree[next] < rest) {
        pos = next;
        rest -= this.tree[next];
      }
    }
    return pos; // 1-based position pos + 1 → slot pos
  }
}
