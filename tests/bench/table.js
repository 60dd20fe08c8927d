// The benchmark's tables, made from its records (one per measured value, the lines of a
// results/*.jsonl file): per scenario and metric, the median of each client and the ratio,
// with every failed run said in the cell; then the floor, which belongs to no client.
// Recompute the tables of a run: node table.js results/<file>.jsonl [later files: a scenario a
// later file measured replaces that scenario's records from the earlier ones, e.g. a full run and
// a later run of one scenario]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLIENTS = ['Palaver', 'Converse.js'];
export const FLOOR = 'floor';

/** A record's outcome as a sortable value: a number, or a bound ("below 50") that sorts just
 * under the bound (every reported long task is over it). */
const valueOf = (r) => (r.below !== undefined ? { v: r.below, below: true } : { v: r.value, below: false });

/** The median of the successful records: `{ v, below }`, or undefined when none succeeded. */
export function median(records) {
  const sorted = records.filter((r) => r.failure === undefined).map(valueOf)
    .sort((a, b) => a.v - b.v || Number(b.below) - Number(a.below));
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2) return sorted[middle];
  const [a, b] = [sorted[middle - 1], sorted[middle]];
  // With one of the two a bound, only a bound on their mean is known.
  return { v: (a.v + b.v) / 2, below: a.below || b.below };
}

const UNITS = {
  ms: (v) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`),
  bytes: (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} MB` : v > 0 ? `${(v / 1e3).toFixed(1)} KB` : '0'),
  count: (v) => String(Math.round(v)),
};

/** Why the failed runs of `records` failed, one text (undefined when none failed). */
function failures(records) {
  const failed = records.filter((r) => r.failure !== undefined);
  if (failed.length === 0) return undefined;
  return `${failed.length} of ${records.length} failed: ${[...new Set(failed.map((r) => r.failure))].join('; ')}`;
}

/** One cell: the median, and how many runs failed and why; never a failure left out. `above`
 * is the failure text of the same client's cell in the row above (the same scenario): the same
 * text again reads "as above". */
function cell(records, unit, above) {
  if (records.length === 0) return '';
  const m = median(records);
  const shown = m && `${m.below ? '< ' : ''}${UNITS[unit](m.v)}`;
  let failed = failures(records);
  if (!failed) return shown;
  if (failed === above) failed = `${failed.split(':')[0]}, as above`;
  return shown ? `${shown} (${failed})` : failed;
}

const ratioText = (r) => (r >= 0.01 ? r.toFixed(3) : r.toPrecision(2));
/** Palaver / Converse.js, only from real numbers: a bound on one side gives a bound, a bound on
 * both (or a side with no success) gives none. */
function ratio(palaver, converse) {
  const p = median(palaver);
  const c = median(converse);
  if (!p || !c || c.v === 0 || (p.below && c.below)) return '—';
  if (p.below) return `< ${ratioText(p.v / c.v)}`;
  if (c.below) return `> ${ratioText(p.v / c.v)}`;
  return ratioText(p.v / c.v);
}

/** Rows in first-seen order, stably sorted by the scenario's number. */
function group(records) {
  const rows = new Map();
  for (const r of records) {
    const key = `${r.scenario}\n${r.metric}`;
    if (!rows.has(key)) rows.set(key, { scenario: r.scenario, metric: r.metric, unit: r.unit, records: [] });
    rows.get(key).records.push(r);
  }
  return [...rows.values()].sort((a, b) => parseInt(a.scenario, 10) - parseInt(b.scenario, 10));
}

function markdown(header, body) {
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}

/** Both tables as markdown: the clients side by side, then the floor (if measured). */
export function render(records) {
  const rows = group(records);
  const of = (row, client) => row.records.filter((r) => r.client === client);
  const compared = rows.filter((row) => !row.records.some((r) => r.client === FLOOR));
  const floor = rows.filter((row) => row.records.some((r) => r.client === FLOOR));
  const above = (i, client) => (i > 0 && compared[i - 1].scenario === compared[i].scenario
    ? failures(of(compared[i - 1], client)) : undefined);
  const tables = [markdown(['scenario', 'metric', ...CLIENTS, 'Palaver / Converse.js'], compared.map((row, i) => [
    row.scenario, row.metric, ...CLIENTS.map((c) => cell(of(row, c), row.unit, above(i, c))),
    row.unit === 'count' ? '—' : ratio(of(row, CLIENTS[0]), of(row, CLIENTS[1])), // a count is no cost
  ]))];
  if (floor.length > 0) {
    tables.push(markdown(['floor: a bare WebSocket client, no UI (bot.js)', 'metric', 'time'],
      floor.map((row) => [row.scenario, row.metric, cell(of(row, FLOOR), row.unit)])));
  }
  return tables.join('\n\n');
}

/** The records of a results file (one JSON object a line). */
export const readRecords = (path) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** The records of several runs, oldest first, where a scenario measured again in a later run
 * keeps only that run's records. */
export function laterRunsWin(runs) {
  return runs.flatMap((records, i) => {
    const remeasured = new Set(runs.slice(i + 1).flatMap((later) => later.map((r) => r.scenario)));
    return records.filter((r) => !remeasured.has(r.scenario));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(render(laterRunsWin(process.argv.slice(2).map(readRecords))));
}
