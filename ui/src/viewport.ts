// Pan and zoom of the chart: a pure transform from chart units to screen pixels.

export interface Viewport {
  /** Screen pixels per chart unit. */
  scale: number;
  /** Screen position of the chart origin. */
  x: number;
  y: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The viewport showing the whole chart centred in the view, never enlarged past 1. */
export function fit(chartW: number, chartH: number, viewW: number, viewH: number, margin = 16): Viewport {
  const availW = Math.max(1, viewW - 2 * margin);
  const availH = Math.max(1, viewH - 2 * margin);
  const scale = clampScale(Math.min(1, availW / Math.max(1, chartW), availH / Math.max(1, chartH)));
  return { scale, x: (viewW - chartW * scale) / 2, y: (viewH - chartH * scale) / 2 };
}

/** Zooms by `factor` keeping the chart point under the screen point (px, py) in place. */
export function zoomAt(v: Viewport, factor: number, px: number, py: number): Viewport {
  const scale = clampScale(v.scale * factor);
  const k = scale / v.scale;
  return { scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k };
}

export function pan(v: Viewport, dx: number, dy: number): Viewport {
  return { ...v, x: v.x + dx, y: v.y + dy };
}

/** The viewport that puts the chart point (cx, cy) at the centre of the view. */
export function centreOn(v: Viewport, cx: number, cy: number, viewW: number, viewH: number): Viewport {
  return { ...v, x: viewW / 2 - cx * v.scale, y: viewH / 2 - cy * v.scale };
}

/** Screen point to chart point. */
export function toChart(v: Viewport, px: number, py: number): [number, number] {
  return [(px - v.x) / v.scale, (py - v.y) / v.scale];
}
