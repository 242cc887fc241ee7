// The hover on a pooling layer in the code: what the layer does to the array it is applied to, worked out per
// axis with this input's numbers, and pictures of the input and the output. Free of `vscode`: unit-tested.
import type { PoolPlan, Tensor } from '../../core';
import { axisFormulas, type LayerReport } from '../../analysis/analyse';
import type { Application } from '../../analysis/evaluate';
import { shapeText } from '../../analysis/tensorOps';
import { finiteRange, heatmapPng, pickColormap, scaleFor, type HeatmapColormap, type Plane } from '../../view/heatmapImage';
import { markdownCode, markdownText } from '../untrusted';

export const LAYER_HOVER_MARKER = '**Pooling Lens layer**';

/** Batch 0, channel 0 (depth 0) of a full-rank tensor as a plane; 1-D is one row. */
function planeOf(t: Tensor, full: readonly number[], rank: number, channelsLast: boolean): Plane {
  const spatial = channelsLast ? full.slice(1, rank + 1) : full.slice(2);
  const channels = channelsLast ? (full[rank + 1] ?? 1) : 1;
  const rows = rank === 1 ? 1 : spatial[rank - 2] ?? 0;
  const cols = spatial[rank - 1] ?? 0;
  const values = new Float64Array(rows * cols);
  const d = t.data;
  for (let i = 0; i < values.length; i++) values[i] = Number(d[i * channels] ?? NaN);
  return { rows, cols, values };
}

/** Why the layer's arguments can't be planned (values missing, or an error in them), if so: the hover says only that. */
function specBlocker(report: LayerReport): string | undefined {
  if (report.layerSpec.missing.length > 0) {
    return markdownText(`${report.lens}: "Inspect" asks for ${report.layerSpec.missing.length === 1 ? 'it' : 'them'}.`);
  }
  const problem = report.layerSpec.problems.find((p) => p.severity === 'error');
  return problem ? markdownText(problem.message) : undefined;
}

/** The input and output pictures (batch 0, channel 0) and a note on which slice they show; none without the core input. */
function pictureLines(app: Application, plan: PoolPlan, colormap: HeatmapColormap | 'auto'): string[] {
  if (!app.coreInput || plan.readShape.length !== app.coreInput.shape.length) return [];
  const lines: string[] = [];
  const channelsLast = plan.dataFormat === 'channelsLast';
  const input = planeOf(app.coreInput, plan.readShape, plan.spatialRank, channelsLast);
  const { min, max } = finiteRange(input.values);
  const map = pickColormap(colormap, min, max);
  const scale = scaleFor(min, max, map);
  const inPic = heatmapPng(input, scale, map);
  const pics: string[] = [];
  if (inPic) pics.push(`![input ${input.rows}x${input.cols}](${inPic.uri})`);
  if (app.result.ok && !plan.empty) {
    const out = app.result.value.tensor;
    const full = plan.fullOutputShape;
    const outPlane = planeOf({ ...out, shape: full }, full, plan.spatialRank, channelsLast);
    const outPic = heatmapPng(outPlane, scale, map, inPic && !inPic.downsampled ? { cellPx: inPic.width / inPic.cols } : {});
    if (outPic) pics.push(`![output ${outPlane.rows}x${outPlane.cols}](${outPic.uri})`);
  }
  if (pics.length > 0) lines.push(pics.join(' → '));
  const which: string[] = [];
  if (plan.batch > 1) which.push(`batch 0 of ${plan.batch}`);
  if (plan.channels > 1) which.push(`channel 0 of ${plan.channels}`);
  if (plan.spatialRank === 3) which.push(`depth 0 of ${plan.axes[0]?.inSize ?? 0}`);
  if (which.length > 0) lines.push(markdownText(`pictures show ${which.join(', ')}`));
  return lines;
}

/** Markdown for the hover on `report`'s layer. */
export function layerHoverMarkdown(report: LayerReport, colormap: HeatmapColormap | 'auto'): string {
  const lines: string[] = [`${LAYER_HOVER_MARKER} · ${markdownCode(report.label)}`];
  const app = report.application;
  const blocker = specBlocker(report);
  if (blocker !== undefined) {
    lines.push(blocker);
    return lines.join('\n\n');
  }
  if (!app?.plan || !app.input) {
    lines.push(markdownText(app?.error ? app.error.reason : report.lens));
    return lines.join('\n\n');
  }
  const plan = app.plan;
  lines.push(`${markdownText(`${shapeText(app.input.tensor.shape)} → ${shapeText(app.outputShape ?? plan.outputShape)} on`)} ${markdownCode(app.inputText ?? 'the input')} ${markdownText(`(${app.input.tensor.dtype})`)}`);
  lines.push(axisFormulas(plan).map((f) => `- ${markdownCode(f)}`).join('\n'));
  if (app.error) lines.push(markdownText(app.error.reason));
  lines.push(...pictureLines(app, plan, colormap));
  lines.push(markdownCode(plan.caption));
  return lines.join('\n\n');
}
