// DOM helpers of the viewer: element construction and a virtualised list (only the rows in view
// exist in the DOM, so a 1,000-bucket array or a 100,000-event timeline costs a screenful).

namespace GoemuView {
  export type Kid = Node | string | null | undefined | false;

  /** An element with attributes (`class`, `data-*`, `title`, …) and children. */
  export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | number | boolean | null | undefined> | null, ...kids: Kid[]): HTMLElementTagNameMap[K] {
    const el = document.createElement(tag);
    if (attrs) {
      for (const k in attrs) {
        const v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') el.className = String(v);
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of kids) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  export function clear(el: HTMLElement): HTMLElement {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  /**
   * A scrolling list of rows, of one height or each its own (`reset` with heights: a bucket row
   * as tall as its wrapped chain). Lists of up to `allAt` rows are rendered whole; longer ones
   * render the rows in view (and a margin) and follow the scroll position.
   */
  export class VirtualList {
    readonly el: HTMLElement;
    private readonly inner: HTMLElement;
    private rows = new Map<number, HTMLElement>();
    private count = 0;
    /** with rows of their own heights: tops[i] is row i's offset, tops[count] the total */
    private tops: number[] | null = null;
    private pending = false;
    // The scroll position and height, read only after a scroll or resize: reading them right after
    // a DOM change would force a layout on every step.
    private top = 0;
    private viewH = 0;
    private measured = false;
    private scrollPending = false;

    constructor(cls: string, private rowH: number, private readonly render: (i: number) => HTMLElement, private readonly allAt = 64) {
      this.inner = h('div', { class: 'vinner' });
      this.el = h('div', { class: 'vlist ' + cls }, this.inner);
      this.el.addEventListener('scroll', () => {
        if (this.pending) return;
        this.pending = true;
        window.requestAnimationFrame(() => {
          this.pending = false;
          this.measure();
          this.fill();
        });
      });
    }

    get size(): number {
      return this.count;
    }

    /** Reads the scroll position and height (after a scroll, a resize, or when first needed). */
    measure(): void {
      this.top = this.el.scrollTop;
      this.viewH = this.el.clientHeight || window.innerHeight;
      this.measured = true;
    }

    private topOf(i: number): number {
      return this.tops ? this.tops[i] : i * this.rowH;
    }

    private heightOf(i: number): number {
      return this.tops ? this.tops[i + 1] - this.tops[i] : this.rowH;
    }

    /** The row at offset y (px from the top), clamped to 0..count. */
    private indexAt(y: number): number {
      if (!this.tops) return Math.floor(y / this.rowH);
      let lo = 0, hi = this.count;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.tops[mid] <= y) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    }

    /**
     * Replaces every row: count rows of the given width (px, or 0 for the list's own), all rowH
     * high or, with heights, each its own.
     */
    reset(count: number, width: number, rowH?: number, heights?: number[]): void {
      if (rowH !== undefined) this.rowH = rowH;
      this.count = count;
      if (heights) {
        const tops = new Array<number>(count + 1);
        tops[0] = 0;
        for (let i = 0; i < count; i++) tops[i + 1] = tops[i] + heights[i];
        this.tops = tops;
      } else {
        this.tops = null;
      }
      const total = this.topOf(count);
      this.inner.style.height = total + 'px';
      this.inner.style.width = width > 0 ? width + 'px' : '';
      this.el.setAttribute('data-rows', String(count));
      for (const r of this.rows.values()) r.remove();
      this.rows.clear();
      if (count > this.allAt) this.measure();
      this.top = Math.max(0, Math.min(this.top, total - this.viewH));
      this.fill();
    }

    /** Renders one row again (its data changed). */
    refresh(i: number): void {
      const old = this.rows.get(i);
      if (!old) return;
      const r = this.make(i);
      old.replaceWith(r);
      this.rows.set(i, r);
    }

    row(i: number): HTMLElement | undefined {
      return this.rows.get(i);
    }

    /** Scrolls so that row i is in view (no scrolling when it already is). */
    show(i: number): void {
      if (!this.measured) this.measure();
      const top = this.topOf(i), rh = this.heightOf(i);
      let to = this.top;
      if (top < this.top) to = top;
      else if (top + rh > this.top + this.viewH) to = Math.min(top, top + rh - this.viewH);
      if (to !== this.top) {
        // Scrolled at the next frame: writing scrollTop now would force a layout on every step.
        this.top = to;
        if (!this.scrollPending) {
          this.scrollPending = true;
          window.requestAnimationFrame(() => {
            this.scrollPending = false;
            this.el.scrollTop = this.top;
          });
        }
      }
      this.fill();
    }

    private make(i: number): HTMLElement {
      const r = this.render(i);
      r.style.top = this.topOf(i) + 'px';
      r.style.height = this.heightOf(i) + 'px';
      r.setAttribute('data-row', String(i));
      return r;
    }

    fill(): void {
      let from = 0, to = this.count;
      if (this.count > this.allAt) {
        const margin = 8;
        from = Math.max(0, this.indexAt(this.top) - margin);
        to = Math.min(this.count, this.indexAt(this.top + (this.viewH || window.innerHeight)) + 1 + margin);
      }
      for (const [i, r] of this.rows) {
        if (i < from || i >= to) {
          r.remove();
          this.rows.delete(i);
        }
      }
      const frag = document.createDocumentFragment();
      for (let i = from; i < to; i++) {
        if (this.rows.has(i)) continue;
        const r = this.make(i);
        this.rows.set(i, r);
        frag.appendChild(r);
      }
      this.inner.appendChild(frag);
    }
  }
}
