import type { Table } from 'apache-arrow';
import { type Store, layout, putJson } from '@dpp/artifact-store';
import { calibrationCurve, prCurve, rocCurve } from '@dpp/metrics';
import { columnKinds, isTextColumn, readNumbers } from '@dpp/preprocessing';
import * as vega from 'vega';
import { type TopLevelSpec, compile } from 'vega-lite';

/** What a training run reports on. */
export interface RunReportInput {
  run: string;
  version: string;
  trainedOn: string;
  /** The training table (for the EDA) and its target column. */
  table: Table;
  target: string;
  id?: string;
  /** Test labels and PDs of the model. */
  labels: ArrayLike<number>;
  scores: ArrayLike<number>;
  metrics: Record<string, number>;
  importance: { feature: string; importance: number }[];
  selection?: { steps: { step: number; added: string; auc: { mean: number; std: number } }[] } | undefined;
  /** The champion's test metrics after each promotion decision so far (oldest first). */
  championHistory: { at: string; champion: string; auc: number; gini: number; ks: number }[];
}

export interface ColumnSummary {
  name: string;
  kind: string;
  missingShare: number;
  distinct: number;
  distinctCapped: boolean;
  min: number | null;
  max: number | null;
}

/**
 * Writes `artifacts/runs/<run>/`: metrics.json, eda.json, one SVG per chart (vega-lite
 * specs rendered to SVG in Node by vega) and report.html, a single self-contained page with
 * all of it (the SVGs inline, no script, nothing fetched). Returns the report's key.
 */
export async function writeRunReport(store: Store, input: RunReportInput): Promise<string> {
  const folder = layout.run(input.run);
  const eda = summarize(input.table, input.target, input.id);
  const specs = chartSpecs(input);
  const charts: { name: string; title: string; svg: string }[] = [];
  for (const [name, title, spec] of specs) {
    const svg = await new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' }).toSVG();
    charts.push({ name, title, svg });
    await store.put(`${folder}/charts/${name}.svg`, svg);
  }
  await putJson(store, `${folder}/metrics.json`, { run: input.run, version: input.version, trainedOn: input.trainedOn, test: input.metrics, importance: input.importance, selection: input.selection ?? null });
  await putJson(store, `${folder}/eda.json`, eda);
  await store.put(`${folder}/report.html`, html(input, eda, charts));
  return `${folder}/report.html`;
}

function summarize(table: Table, target: string, id: string | undefined): { rows: number; defaultRate: number; columns: ColumnSummary[] } {
  const labels = readNumbers(table.getChild(target)!);
  const rate = labels.reduce((s, y) => s + y, 0) / labels.length;
  const columns = columnKinds(table, { target, ...(id === undefined ? {} : { id }) }).map((p) => {
    const vector = table.getChild(p.name)!;
    let min: number | null = null;
    let max: number | null = null;
    if (!isTextColumn(vector)) {
      for (const v of readNumbers(vector)) {
        if (v !== v) continue;
        if (min === null || v < min) min = v;
        if (max === null || v > max) max = v;
      }
    }
    return { name: p.name, kind: p.kind, missingShare: p.missing / table.numRows, distinct: p.distinct, distinctCapped: p.distinctCapped, min, max };
  });
  return { rows: table.numRows, defaultRate: rate, columns };
}

/** At most `max` points, evenly spaced along the arrays. */
function thin<T>(n: number, max: number, point: (i: number) => T): T[] {
  const step = Math.max(1, Math.floor(n / max));
  const out: T[] = [];
  for (let i = 0; i < n; i += step) out.push(point(i));
  if ((n - 1) % step !== 0) out.push(point(n - 1));
  return out;
}

const size = { width: 420, height: 300 };

function chartSpecs(input: RunReportInput): [string, string, TopLevelSpec][] {
  const roc = rocCurve(input.labels, input.scores);
  const pr = prCurve(input.labels, input.scores);
  const calibration = calibrationCurve(input.labels, input.scores, { bins: 10, strategy: 'quantile' });
  const histogram: { pd: number; class: string }[] = [];
  for (let i = 0; i < input.labels.length; i++) histogram.push({ pd: input.scores[i] as number, class: input.labels[i] === 1 ? 'defaulters' : 'non-defaulters' });
  // the KS curve: each class's cumulative share of rows at or below a PD
  const order = Array.from({ length: input.labels.length }, (_, i) => i).sort((a, b) => (input.scores[a] as number) - (input.scores[b] as number));
  const positives = Array.from(input.labels).reduce((s, y) => s + y, 0);
  const negatives = input.labels.length - positives;
  let p = 0;
  let q = 0;
  const ksPoints: { pd: number; share: number; class: string }[] = [];
  const step = Math.max(1, Math.floor(order.length / 300));
  order.forEach((i, k) => {
    if (input.labels[i] === 1) p++;
    else q++;
    if (k % step === 0 || k === order.length - 1) {
      ksPoints.push({ pd: input.scores[i] as number, share: p / positives, class: 'defaulters' });
      ksPoints.push({ pd: input.scores[i] as number, share: q / negatives, class: 'non-defaulters' });
    }
  });
  const specs: [string, string, TopLevelSpec][] = [
    ['roc', `ROC curve (AUC ${input.metrics.auc?.toFixed(4)})`, { ...size, data: { values: thin(roc.fpr.length, 400, (i) => ({ fpr: roc.fpr[i], tpr: roc.tpr[i] })) }, mark: 'line', encoding: { x: { field: 'fpr', type: 'quantitative', title: 'false positive rate' }, y: { field: 'tpr', type: 'quantitative', title: 'true positive rate' } } }],
    ['precision-recall', 'Precision and recall', { ...size, data: { values: thin(pr.recall.length, 400, (i) => ({ recall: pr.recall[i], precision: pr.precision[i] })) }, mark: 'line', encoding: { x: { field: 'recall', type: 'quantitative' }, y: { field: 'precision', type: 'quantitative' } } }],
    ['score-histograms', 'PD of defaulters and non-defaulters', { ...size, data: { values: histogram }, mark: 'bar', encoding: { x: { field: 'pd', type: 'quantitative', bin: { maxbins: 40 }, title: 'PD' }, y: { aggregate: 'count', type: 'quantitative', stack: null }, color: { field: 'class', type: 'nominal' }, opacity: { value: 0.6 } } }],
    ['ks', `KS curve (KS ${input.metrics.ks?.toFixed(4)})`, { ...size, data: { values: ksPoints }, mark: 'line', encoding: { x: { field: 'pd', type: 'quantitative', title: 'PD' }, y: { field: 'share', type: 'quantitative', title: 'cumulative share of rows' }, color: { field: 'class', type: 'nominal' } } }],
    ['calibration', 'Calibration (deciles of PD)', { ...size, data: { values: calibration.map((b) => ({ predicted: b.meanPredicted, observed: b.fractionPositive })) }, layer: [{ mark: { type: 'line', point: true }, encoding: { x: { field: 'predicted', type: 'quantitative', title: 'mean PD' }, y: { field: 'observed', type: 'quantitative', title: 'observed default rate' } } }, { data: { values: [{ predicted: 0, observed: 0 }, { predicted: Math.max(...calibration.map((b) => b.meanPredicted)), observed: Math.max(...calibration.map((b) => b.meanPredicted)) }] }, mark: { type: 'line', strokeDash: [4, 4], color: 'gray' }, encoding: { x: { field: 'predicted', type: 'quantitative' }, y: { field: 'observed', type: 'quantitative' } } }] }],
    ['feature-importance', 'Feature importance (prediction-values change)', { width: 420, height: Math.max(120, 18 * Math.min(20, input.importance.length)), data: { values: input.importance.slice(0, 20) }, mark: 'bar', encoding: { y: { field: 'feature', type: 'nominal', sort: '-x' }, x: { field: 'importance', type: 'quantitative' } } }],
  ];
  if (input.selection && input.selection.steps.length > 0) {
    specs.push(['selection-curve', 'Forward selection: CV AUC after each step', { ...size, data: { values: input.selection.steps.map((s) => ({ step: s.step, added: s.added, auc: s.auc.mean, low: s.auc.mean - s.auc.std, high: s.auc.mean + s.auc.std })) }, layer: [{ mark: 'errorbar', encoding: { x: { field: 'step', type: 'ordinal' }, y: { field: 'low', type: 'quantitative', title: 'CV AUC', scale: { zero: false } }, y2: { field: 'high' } } }, { mark: { type: 'line', point: true }, encoding: { x: { field: 'step', type: 'ordinal' }, y: { field: 'auc', type: 'quantitative' }, tooltip: { field: 'added' } } }] }]);
  }
  if (input.championHistory.length > 0) {
    const values = input.championHistory.flatMap((h) => ['auc', 'gini', 'ks'].map((metric) => ({ at: h.at, champion: h.champion, metric, value: h[metric as 'auc' | 'gini' | 'ks'] })));
    specs.push(['champion-over-time', "The champion's test metrics after each decision", { ...size, data: { values }, mark: { type: 'line', point: true }, encoding: { x: { field: 'at', type: 'temporal', title: 'decision' }, y: { field: 'value', type: 'quantitative' }, color: { field: 'metric', type: 'nominal' } } }]);
  }
  return specs;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function html(input: RunReportInput, eda: ReturnType<typeof summarize>, charts: { name: string; title: string; svg: string }[]): string {
  const metric = (k: string) => (input.metrics[k] === undefined ? '-' : (input.metrics[k] as number).toFixed(4));
  const rows = eda.columns
    .map((c) => `<tr><td>${escape(c.name)}</td><td>${c.kind}</td><td>${(100 * c.missingShare).toFixed(1)}%</td><td>${c.distinctCapped ? `> ${c.distinct - 1}` : c.distinct}</td><td>${c.min === null ? '' : c.min.toPrecision(6)}</td><td>${c.max === null ? '' : c.max.toPrecision(6)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dpp run ${escape(input.run)}: model ${escape(input.version)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}figure{display:inline-block;margin:1em;vertical-align:top}figcaption{font-weight:600;margin-bottom:.3em}table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child,td:nth-child(2){text-align:left}.metrics td{font-size:1.1em}</style>
</head><body>
<h1>Training run ${escape(input.run)}: model ${escape(input.version)}, trained on ${escape(input.trainedOn)}</h1>
<table class="metrics"><tr><th>test AUC</th><th>Gini</th><th>KS</th><th>test rows</th></tr><tr><td>${metric('auc')}</td><td>${metric('gini')}</td><td>${metric('ks')}</td><td>${input.labels.length}</td></tr></table>
<section id="charts">
${charts.map((c) => `<figure class="chart" id="chart-${c.name}"><figcaption>${escape(c.title)}</figcaption>${c.svg}</figure>`).join('\n')}
</section>
<section id="eda"><h2>The training table</h2>
<p>${eda.rows} rows, default rate ${(100 * eda.defaultRate).toFixed(2)}%, ${eda.columns.length} columns besides the target and the id.</p>
<table><tr><th>column</th><th>kind</th><th>missing</th><th>distinct</th><th>min</th><th>max</th></tr>
${rows}
</table></section>
</body></html>
`;
}
