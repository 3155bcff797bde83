// The JS Map side of `goemu bench`: the same workloads on a JS Map in the same process, with the
// same keys in the same order. int64 keys are numbers (all below 2^53); string keys are JS strings
// (the lookups use a second set of freshly built equal strings); [2]int64 keys, which a JS Map
// cannot compare by value, are the strings "i,^i"; interface{} keys mix numbers and strings.

import { BenchOp, KeyKind, strKey } from './workloads';
import { fullGC, nowNs } from './goemu';

type Key = number | string;

export class JsMapBench {
  private readonly keys: Key[];
  private readonly keys2: Key[];
  private readonly miss: Key[];
  private built: Map<Key, unknown> | null = null;
  /** Sink for read results. */
  sink = 0;

  constructor(readonly key: KeyKind, readonly n: number) {
    this.keys = this.build(0);
    this.keys2 = key === 'str' || key === 'any' ? this.build(0) : this.keys;
    this.miss = this.build(n);
  }

  private build(from: number): Key[] {
    const out: Key[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const j = from + i;
      switch (this.key) {
        case 'int64': out[i] = j; break;
        case 'str': out[i] = strKey(j); break;
        case 'arr2': out[i] = j + ',' + ~j; break;
        case 'any': out[i] = j % 2 === 0 ? j : strKey(j); break;
      }
    }
    return out;
  }

  private make(hint: number): Map<Key, unknown> {
    void hint; // JS Map has no size hint
    return new Map<Key, unknown>();
  }

  private fill(m: Map<Key, unknown>): void {
    const keys = this.keys, n = this.n;
    if (this.key === 'arr2') {
      for (let i = 0; i < n; i++) m.set(keys[i], 'value');
    } else {
      for (let i = 0; i < n; i++) m.set(keys[i], i);
    }
  }

  private lookup(m: Map<Key, unknown>, miss: boolean): number {
    const keys = miss ? this.miss : this.keys2, n = this.n;
    let s = 0;
    if (this.key === 'arr2') {
      for (let i = 0; i < n; i++) {
        const v = m.get(keys[i]) as string | undefined;
        if (v !== undefined) s += v.length;
      }
      return s;
    }
    for (let i = 0; i < n; i++) {
      const v = m.get(keys[i]) as number | undefined;
      if (v !== undefined) s += v;
    }
    return s;
  }

  private del(m: Map<Key, unknown>): void {
    const keys = this.keys2, n = this.n;
    for (let i = 0; i < n; i++) m.delete(keys[i]);
  }

  private iter(m: Map<Key, unknown>): number {
    let s = 0, c = 0;
    if (this.key === 'arr2') {
      for (const v of m.values()) {
        s += (v as string).length;
        c++;
      }
    } else {
      for (const v of m.values()) {
        s += v as number;
        c++;
      }
    }
    this.sink += s;
    return c;
  }

  private lookupMap(): Map<Key, unknown> {
    if (this.built === null) {
      this.built = this.make(-1);
      this.fill(this.built);
    }
    return this.built;
  }

  /** One timed repetition (op `iters` times): nanoseconds per operation. */
  rep(op: BenchOp, iters: number): number {
    const n = this.n;
    switch (op) {
      case 'grow':
      case 'hint': {
        const ms: Map<Key, unknown>[] = [];
        fullGC();
        this.fill(this.make(op === 'hint' ? n : -1)); // warm-up after the GC
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) {
          const m = this.make(op === 'hint' ? n : -1);
          this.fill(m);
          ms.push(m);
        }
        return (nowNs() - t0) / (iters * n);
      }
      case 'hit':
      case 'miss': {
        const m = this.lookupMap();
        fullGC();
        this.sink += this.lookup(m, op === 'miss'); // warm-up after the GC
        let s = 0;
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) s += this.lookup(m, op === 'miss');
        const dt = nowNs() - t0;
        this.sink += s;
        return dt / (iters * n);
      }
      case 'delete': {
        const ms: Map<Key, unknown>[] = [];
        for (let r = 0; r <= iters; r++) {
          const m = this.make(-1);
          this.fill(m);
          ms.push(m);
        }
        fullGC();
        this.del(ms[iters]); // warm-up after the GC
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) this.del(ms[r]);
        return (nowNs() - t0) / (iters * n);
      }
      case 'range': {
        const m = this.lookupMap();
        fullGC();
        this.iter(m); // warm-up after the GC
        let c = 0;
        const t0 = nowNs();
        for (let r = 0; r < iters; r++) c += this.iter(m);
        return (nowNs() - t0) / c;
      }
    }
  }
}
