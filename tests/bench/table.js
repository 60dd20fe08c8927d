// The benchmark's one table: per scenario and metric, the median of each client and the ratio.

export function median(values) {
  const numbers = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (numbers.length === 0) return undefined;
  const middle = Math.floor(numbers.length / 2);
  return numbers.length % 2 ? numbers[middle] : (numbers[middle - 1] + numbers[middle]) / 2;
}

const UNITS = {
  ms: (v) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`),
  bytes: (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} MB` : `${(v / 1e3).toFixed(1)} KB`),
  count: (v) => String(Math.round(v)),
};

/** rows: [{ scenario, metric, unit, palaver: [values], converse: [values], note }] */
export function render(rows) {
  const header = ['scenario', 'metric', 'Palaver', 'Converse.js', 'Palaver / Converse.js'];
  const body = rows.map((row) => {
    const p = median(row.palaver);
    const c = median(row.converse);
    const show = (v, all) => (v === undefined ? (all.find((x) => typeof x === 'string') ?? '—') : UNITS[row.unit](v));
    const ratio = p !== undefined && c !== undefined && c > 0 ? `${(p / c).toFixed(3)}` : '—';
    return [row.scenario, row.metric, show(p, row.palaver), show(c, row.converse), ratio];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i].length)));
  const line = (r) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}
