// A hand-written SVG line chart: bytes per entry against N on a log x axis, one line per series.
// No plotting dependency: the chart is a few dozen elements.

export interface Series {
  name: string;
  points: { n: number; y: number }[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function plotSVG(title: string, series: Series[]): string {
  const W = 720, H = 420, ml = 70, mr = 150, mt = 40, mb = 55;
  const pw = W - ml - mr, ph = H - mt - mb;
  const all = series.flatMap((s) => s.points).filter((p) => p.n >= 1);
  const nmin = Math.min(...all.map((p) => p.n)), nmax = Math.max(...all.map((p) => p.n));
  const lx0 = Math.floor(Math.log10(nmin)), lx1 = Math.max(lx0 + 1, Math.ceil(Math.log10(nmax)));
  const ymax0 = Math.max(...all.map((p) => p.y));
  const ystep = niceStep(ymax0 / 6);
  const ymax = Math.ceil(ymax0 / ystep) * ystep;
  const x = (n: number): number => ml + ((Math.log10(n) - lx0) / (lx1 - lx0)) * pw;
  const y = (v: number): number => mt + ph - (v / ymax) * ph;
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  o.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  o.push(`<text x="${ml + pw / 2}" y="22" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  for (let e = lx0; e <= lx1; e++) {
    const px = x(10 ** e).toFixed(1);
    o.push(`<line x1="${px}" y1="${mt}" x2="${px}" y2="${mt + ph}" stroke="#ddd"/>`);
    o.push(`<text x="${px}" y="${mt + ph + 16}" text-anchor="middle">${(10 ** e).toLocaleString('en-US')}</text>`);
  }
  for (let v = 0; v <= ymax + 1e-9; v += ystep) {
    const py = y(v).toFixed(1);
    o.push(`<line x1="${ml}" y1="${py}" x2="${ml + pw}" y2="${py}" stroke="#ddd"/>`);
    o.push(`<text x="${ml - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${+v.toFixed(6)}</text>`);
  }
  o.push(`<rect x="${ml}" y="${mt}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  o.push(`<text x="${ml + pw / 2}" y="${H - 14}" text-anchor="middle">entries N (log scale)</text>`);
  o.push(`<text transform="translate(18 ${mt + ph / 2}) rotate(-90)" text-anchor="middle">live bytes per entry</text>`);
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const pts = s.points.filter((p) => p.n >= 1).map((p) => `${x(p.n).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
    o.push(`<polyline fill="none" stroke="${c}" stroke-width="1.5" points="${pts}"/>`);
    const ly = mt + 10 + i * 18;
    o.push(`<line x1="${ml + pw + 12}" y1="${ly}" x2="${ml + pw + 32}" y2="${ly}" stroke="${c}" stroke-width="2"/>`);
    o.push(`<text x="${ml + pw + 38}" y="${ly}" dominant-baseline="middle">${esc(s.name)}</text>`);
  });
  o.push('</svg>');
  return o.join('\n') + '\n';
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
