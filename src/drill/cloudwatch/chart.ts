/**
 * Draws a line chart into an RGB pixel buffer: grid, the series in blue, the threshold as a dashed red line and
 * the breaching side shaded. No text (no font is needed for a drill). Pure.
 */

export interface ChartInput {
  width: number;
  height: number;
  series: number[];
  threshold?: number;
  /** Shade above (or below) the threshold, as CloudWatch shades the alarm's breaching side. */
  fill?: 'above' | 'below';
}

type Rgb = readonly [number, number, number];
const WHITE: Rgb = [255, 255, 255];
const GRID: Rgb = [230, 232, 236];
const AXIS: Rgb = [150, 155, 165];
const LINE: Rgb = [31, 119, 180];
const THRESHOLD: Rgb = [214, 39, 40];
const BREACH: Rgb = [252, 228, 228];

const MARGIN = { left: 40, right: 12, top: 12, bottom: 24 };

export function drawChart(input: ChartInput): Uint8Array {
  const { width, height } = input;
  const pixels = new Uint8Array(width * height * 3).fill(255);
  const set = (x: number, y: number, [r, g, b]: Rgb) => {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= width || py >= height) return;
    const at = (py * width + px) * 3;
    pixels[at] = r;
    pixels[at + 1] = g;
    pixels[at + 2] = b;
  };
  const plot = { x0: MARGIN.left, y0: MARGIN.top, x1: width - MARGIN.right, y1: height - MARGIN.bottom };
  if (plot.x1 <= plot.x0 + 2 || plot.y1 <= plot.y0 + 2) return pixels;

  const values = [...input.series, ...(input.threshold === undefined ? [] : [input.threshold])];
  const low = Math.min(0, ...values);
  const high = Math.max(1, ...values) * 1.1;
  const yOf = (value: number) => plot.y1 - ((value - low) / (high - low)) * (plot.y1 - plot.y0);
  const xOf = (index: number) =>
    plot.x0 + (input.series.length <= 1 ? 0 : (index / (input.series.length - 1)) * (plot.x1 - plot.x0));

  if (input.threshold !== undefined && input.fill) {
    const ty = yOf(input.threshold);
    const [from, to] = input.fill === 'above' ? [plot.y0, ty] : [ty, plot.y1];
    for (let y = Math.ceil(from); y < to; y += 1)
      for (let x = plot.x0; x <= plot.x1; x += 1) set(x, y, BREACH);
  }
  for (let i = 0; i <= 4; i += 1) {
    const y = plot.y0 + (i / 4) * (plot.y1 - plot.y0);
    for (let x = plot.x0; x <= plot.x1; x += 1) set(x, y, GRID);
  }
  for (let y = plot.y0; y <= plot.y1; y += 1) set(plot.x0, y, AXIS);
  for (let x = plot.x0; x <= plot.x1; x += 1) set(x, plot.y1, AXIS);
  if (input.threshold !== undefined) {
    const ty = yOf(input.threshold);
    for (let x = plot.x0; x <= plot.x1; x += 1)
      if (Math.floor((x - plot.x0) / 6) % 2 === 0) set(x, ty, THRESHOLD);
  }
  const line = (xa: number, ya: number, xb: number, yb: number) => {
    const steps = Math.max(Math.abs(xb - xa), Math.abs(yb - ya), 1);
    for (let s = 0; s <= steps; s += 1) {
      const x = xa + ((xb - xa) * s) / steps;
      const y = ya + ((yb - ya) * s) / steps;
      set(x, y, LINE);
      set(x, y + 1, LINE);
    }
  };
  for (let i = 1; i < input.series.length; i += 1) {
    line(xOf(i - 1), yOf(input.series[i - 1]!), xOf(i), yOf(input.series[i]!));
  }
  return pixels;
}

/** WHITE is the background the buffer starts with; exported for tests that count drawn pixels. */
export const BACKGROUND = WHITE;
