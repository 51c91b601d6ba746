import type { GetMetricWidgetImageInput, GetMetricWidgetImageOutput } from '@aws-sdk/client-cloudwatch';
import type { HandlerContext } from '../context.js';
import { AwsFault } from '../errors.js';
import { drawChart } from './chart.js';
import { encodePng } from './png.js';

/**
 * GetMetricWidgetImage: a real PNG of a plausible series for the widget's first metric, with its threshold
 * annotation, so the alarm graph works in drills. The series is made up but stable for a given metric and
 * window: below the threshold, then crossing it at the end, as an alarm's graph looks.
 */

type Json = Record<string, unknown>;

function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function plausibleSeries(key: string, points: number, threshold: number | undefined): number[] {
  const next = random(seedOf(key));
  const level = threshold === undefined ? 50 : threshold * 0.55;
  const peak = threshold === undefined ? 90 : threshold * 1.08;
  const breachFrom = Math.floor(points * 0.8);
  return Array.from({ length: points }, (_, i) => {
    const noise = (next() - 0.5) * level * 0.25;
    if (i < breachFrom) return Math.max(0, level + noise);
    const rise = (i - breachFrom + 1) / Math.max(1, points - breachFrom);
    return Math.max(0, level + (peak - level) * Math.min(1, rise * 1.5) + noise * 0.3);
  });
}

const clampSize = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 2000 ? value : fallback;

export function getMetricWidgetImage(
  _ctx: HandlerContext,
  input: GetMetricWidgetImageInput,
): GetMetricWidgetImageOutput {
  if (typeof input.MetricWidget !== 'string' || input.MetricWidget === '') {
    throw new AwsFault('MissingParameter', 'The parameter MetricWidget is required.');
  }
  if (input.OutputFormat !== undefined && input.OutputFormat !== 'png') {
    throw new AwsFault('InvalidParameterValue', `The drill renders png only, not ${input.OutputFormat}.`);
  }
  let widget: Json;
  try {
    const parsed: unknown = JSON.parse(input.MetricWidget);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    widget = parsed as Json;
  } catch {
    throw new AwsFault('InvalidParameterValue', 'The parameter MetricWidget must be a JSON object.');
  }
  const metrics = Array.isArray(widget.metrics) ? widget.metrics : [];
  if (metrics.length === 0) {
    throw new AwsFault('InvalidParameterValue', 'The MetricWidget must contain at least one metric.');
  }
  const width = clampSize(widget.width, 600);
  const height = clampSize(widget.height, 395);
  const annotations = (widget.annotations ?? {}) as Json;
  const horizontal = Array.isArray(annotations.horizontal) ? (annotations.horizontal as Json[]) : [];
  const threshold = typeof horizontal[0]?.value === 'number' ? horizontal[0].value : undefined;
  const fill =
    horizontal[0]?.fill === 'above' || horizontal[0]?.fill === 'below' ? horizontal[0].fill : undefined;
  const period = typeof widget.period === 'number' && widget.period > 0 ? widget.period : 300;
  const start = Date.parse(String(widget.start ?? ''));
  const end = Date.parse(String(widget.end ?? ''));
  const span = Number.isNaN(start) || Number.isNaN(end) || end <= start ? 3 * 3600 : (end - start) / 1000;
  const points = Math.max(2, Math.min(300, Math.round(span / period)));
  const series = plausibleSeries(JSON.stringify(metrics[0]), points, threshold);
  const png = encodePng(width, height, drawChart({ width, height, series, threshold, fill }));
  return { MetricWidgetImage: new Uint8Array(png) };
}
