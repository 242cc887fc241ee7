// One tensor plane drawn as a heatmap on a canvas, with numbers in the cells when they fit, zoom and
// pan, a level-of-detail overview when cells are smaller than a pixel, an overlay for linked
// highlighting, and keyboard navigation that announces the focused value.
import { colourIndex, lut, putColour, textColourOn, type ColourScale, type ColormapName } from '../src/view/colormap';
import type { Plane as PlaneValues } from '../src/view/planes';
import type { Cell, Highlight } from './highlight';
import { cellAt, fitTransform, lodFactor, numbersFit, visibleCells, zoomAt, type Transform } from './viewMath';

/** A 2-D plane of one tensor: numeric values for colour (empty for a remote plane), and the exact text of each cell. */
export interface Plane extends PlaneValues {
  /** The exact text of cell i; for a remote plane, '…' until the cell's tile has arrived. */
  label(i: number): string;
  /** Set when the host keeps the data: the overview to draw, and full-resolution tiles fetched on demand. */
  remote?: RemotePlaneSource;
}

/** A plane whose values stay with the host (see src/view/lod.ts): an overview, and tiles asked for. */
export interface RemotePlaneSource {
  lod: { factor: number; rows: number; cols: number; values: Float64Array; reduction: 'max' | 'mean' };
  /** Values of tile (tr, tc) (TILE x TILE cells from (tr * TILE, tc * TILE)), or undefined while it is fetched. */
  tile(tr: number, tc: number): Float64Array | undefined;
  /** Asks for tile (tr, tc); the view repaints when `onTile` is called. */
  request(tr: number, tc: number): void;
  /** Longest label of the cells seen so far, for whether numbers fit. */
  longestLabel(): number;
}

/** Side of a full-resolution tile, in cells. */
export const TILE = 128;

export interface HeatmapCallbacks {
  onHover(cell: Cell | undefined): void;
  /** Keyboard focus moved to a cell; `announce` is the text read to screen readers. */
  onFocusCell(cell: Cell): void;
}

/** Pools a plane by `factor` per side (mean of the finite-or-NaN cells) for the zoomed-out overview. */
export type OverviewBuilder = (plane: Plane, factor: number) => { rows: number; cols: number; values: Float64Array };

const MAX_SIDE = 440;
const MIN_SIDE = 48;
const FONT_PX = 11;

export class HeatmapView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly live: HTMLElement;
  private plane: Plane | undefined;
  private scale: ColourScale = { lo: 0, hi: 1 };
  private colormap: ColormapName = 'viridis';
  private transform: Transform = { scale: 1, x0: 0, y0: 0 };
  private width = MAX_SIDE;
  private height = MAX_SIDE;
  private highlight: Highlight = {};
  /** Cells where the framework's own arithmetic differs materially (arithMarks.ts): a corner triangle each. */
  private flagged: Cell[] = [];
  private focusCell: Cell = { r: 0, c: 0 };
  private overviews = new Map<number, { rows: number; cols: number; values: Float64Array }>();
  private drag: { x: number; y: number; t: Transform } | undefined;
  private longestLabel = 1;
  /**
   * Milliseconds the last full paint took. The panel sums them over a render into `root.dataset.paintMs` and the
   * `rendered` message; the integration benchmark (test/integration/bigdata.test.ts) reads `paintMs`.
   */
  lastPaintMs = 0;
  /** Milliseconds the last overlay update took; the panel copies it to `root.dataset.overlayMs` after each hover highlight, which the benchmark reads. */
  lastOverlayMs = 0;

  constructor(
    private readonly name: string,
    private readonly callbacks: HeatmapCallbacks,
    private readonly buildOverview: OverviewBuilder,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'heatmap';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'heatmap-base';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'heatmap-overlay';
    this.overlay.setAttribute('aria-hidden', 'true');
    this.live = document.createElement('div');
    this.live.className = 'visually-hidden';
    this.live.setAttribute('aria-live', 'polite');
    this.element.append(this.canvas, this.overlay, this.live);
    this.listen();
  }

  setPlane(plane: Plane, scale: ColourScale, colormap: ColormapName): void {
    const sameGeometry = this.plane && this.plane.rows === plane.rows && this.plane.cols === plane.cols;
    this.plane = plane;
    this.scale = scale;
    this.colormap = colormap;
    this.overviews.clear();
    this.longestLabel = 1;
    const n = Math.min(plane.values.length, 4096);
    for (let i = 0; i < n; i++) this.longestLabel = Math.max(this.longestLabel, plane.label(i).length);
    if (plane.remote) this.longestLabel = Math.max(this.longestLabel, plane.remote.longestLabel());
    this.canvas.setAttribute('aria-label', `${this.name}: heatmap of ${plane.rows} by ${plane.cols} cells; arrow keys move between cells`);
    if (!sameGeometry) this.resize();
    this.paint();
  }

  setFlagged(cells: Cell[]): void {
    this.flagged = cells;
    this.paintOverlay();
  }

  setHighlight(h: Highlight): void {
    this.highlight = h;
    this.paintOverlay();
  }

  /** Back to the whole plane in view. */
  fit(): void {
    if (!this.plane) return;
    this.transform = fitTransform(this.plane.rows, this.plane.cols, this.width, this.height);
    this.paint();
  }

  private resize(): void {
    const plane = this.plane;
    if (!plane) return;
    const aspect = plane.rows / Math.max(plane.cols, 1);
    const natural = Math.min(MAX_SIDE, Math.max(MIN_SIDE, plane.cols * 56));
    this.width = aspect > 1 ? Math.max(MIN_SIDE, Math.min(MAX_SIDE, natural / aspect)) : natural;
    this.height = Math.max(Math.min(MAX_SIDE, this.width * aspect), Math.min(MAX_SIDE, plane.rows * 56), 24);
    if (aspect > 1) this.height = Math.min(MAX_SIDE, Math.max(this.height, this.width * aspect));
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.canvas, this.overlay]) {
      c.width = Math.round(this.width * dpr);
      c.height = Math.round(this.height * dpr);
      c.style.width = `${this.width}px`;
      c.style.height = `${this.height}px`;
    }
    this.element.style.width = `${this.width}px`;
    this.element.style.height = `${this.height}px`;
    this.transform = fitTransform(plane.rows, plane.cols, this.width, this.height);
  }

  private overview(factor: number): { rows: number; cols: number; values: Float64Array } {
    let o = this.overviews.get(factor);
    if (!o && this.plane) {
      o = this.buildOverview(this.plane, factor);
      this.overviews.set(factor, o);
    }
    return o ?? { rows: 0, cols: 0, values: new Float64Array(0) };
  }

  /** Draws `values` (rows x cols, the sub-rectangle r0..r1, c0..c1) as one image, one pixel per cell. */
  private cellImage(values: Float64Array, cols: number, r0: number, r1: number, c0: number, c1: number): HTMLCanvasElement {
    const w = Math.max(1, c1 - c0);
    const h = Math.max(1, r1 - r0);
    const img = new ImageData(w, h);
    const px = img.data;
    const table = lut(this.colormap);
    for (let r = r0; r < r1; r++) {
      let o = ((r - r0) * w) * 4;
      const rowBase = r * cols;
      for (let c = c0; c < c1; c++, o += 4) putColour(px, o, values[rowBase + c] ?? NaN, this.scale, table);
    }
    const off = document.createElement('canvas');
    off.width = w;
    off.height = h;
    off.getContext('2d')?.putImageData(img, 0, 0);
    return off;
  }

  /** A tile arrived: repaint if the plane is still this one. */
  onTile(): void {
    if (this.plane?.remote) {
      this.longestLabel = Math.max(this.longestLabel, this.plane.remote.longestLabel());
      this.paint();
    }
  }

  /**
   * A remote plane: the host's overview where it is fine enough (one overview cell per device pixel or less),
   * else the overview under the full-resolution tiles of the visible cells, which are fetched as needed.
   */
  private paintRemote(ctx: CanvasRenderingContext2D, plane: Plane, remote: RemotePlaneSource, dpr: number): number {
    const t = this.transform;
    const lod = remote.lod;
    const factor = lodFactor(t.scale, dpr);
    const s = t.scale * lod.factor;
    const lv = visibleCells({ scale: s, x0: t.x0, y0: t.y0 }, this.width, this.height, lod.rows, lod.cols);
    if (lv.r1 > lv.r0 && lv.c1 > lv.c0) {
      const img = this.cellImage(lod.values, lod.cols, lv.r0, lv.r1, lv.c0, lv.c1);
      ctx.drawImage(img, t.x0 + lv.c0 * s, t.y0 + lv.r0 * s, (lv.c1 - lv.c0) * s, (lv.r1 - lv.r0) * s);
    }
    if (factor >= lod.factor) return lod.factor;
    const v = visibleCells(t, this.width, this.height, plane.rows, plane.cols);
    let complete = true;
    for (let tr = Math.floor(v.r0 / TILE); tr * TILE < v.r1; tr++) {
      for (let tc = Math.floor(v.c0 / TILE); tc * TILE < v.c1; tc++) {
        const values = remote.tile(tr, tc);
        if (!values) {
          complete = false;
          remote.request(tr, tc);
          continue;
        }
        const rows = Math.min(TILE, plane.rows - tr * TILE), cols = Math.min(TILE, plane.cols - tc * TILE);
        const img = this.cellImage(values, cols, 0, rows, 0, cols);
        ctx.drawImage(img, t.x0 + tc * TILE * t.scale, t.y0 + tr * TILE * t.scale, cols * t.scale, rows * t.scale);
      }
    }
    if (complete) this.drawGridAndNumbers(ctx, plane, v);
    this.canvas.dataset.tiles = complete ? 'complete' : 'loading';
    return 1;
  }

  paint(): void {
    const plane = this.plane;
    const ctx = this.canvas.getContext('2d');
    if (!plane || !ctx) return;
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const t = this.transform;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.imageSmoothingEnabled = false;
    const factor = plane.remote ? 0 : lodFactor(t.scale, dpr);
    if (plane.remote) {
      this.canvas.dataset.lod = String(this.paintRemote(ctx, plane, plane.remote, dpr));
    } else if (factor === 1) {
      const v = visibleCells(t, this.width, this.height, plane.rows, plane.cols);
      if (v.r1 > v.r0 && v.c1 > v.c0) {
        const img = this.cellImage(plane.values, plane.cols, v.r0, v.r1, v.c0, v.c1);
        ctx.drawImage(img, t.x0 + v.c0 * t.scale, t.y0 + v.r0 * t.scale, (v.c1 - v.c0) * t.scale, (v.r1 - v.r0) * t.scale);
        this.drawGridAndNumbers(ctx, plane, v);
      }
    } else {
      const o = this.overview(factor);
      const s = t.scale * factor;
      const v = visibleCells({ scale: s, x0: t.x0, y0: t.y0 }, this.width, this.height, o.rows, o.cols);
      if (v.r1 > v.r0 && v.c1 > v.c0) {
        const img = this.cellImage(o.values, o.cols, v.r0, v.r1, v.c0, v.c1);
        ctx.drawImage(img, t.x0 + v.c0 * s, t.y0 + v.r0 * s, (v.c1 - v.c0) * s, (v.r1 - v.r0) * s);
      }
    }
    this.canvas.dataset.scale = String(t.scale);
    this.canvas.dataset.x0 = String(t.x0);
    this.canvas.dataset.y0 = String(t.y0);
    if (!plane.remote) this.canvas.dataset.lod = String(factor);
    this.lastPaintMs = performance.now() - started;
    this.paintOverlay();
  }

  /** The value of cell (r, c): from the plane, or from its loaded tile when the host keeps the data. */
  private valueAt(plane: Plane, r: number, c: number): number {
    if (!plane.remote) return plane.values[r * plane.cols + c] ?? NaN;
    const t = plane.remote.tile(Math.floor(r / TILE), Math.floor(c / TILE));
    const cols = Math.min(TILE, plane.cols - Math.floor(c / TILE) * TILE);
    return t?.[(r % TILE) * cols + (c % TILE)] ?? NaN;
  }

  private drawGridAndNumbers(ctx: CanvasRenderingContext2D, plane: Plane, v: { r0: number; r1: number; c0: number; c1: number }): void {
    const t = this.transform;
    const style = getComputedStyle(this.element);
    if (t.scale >= 10) {
      ctx.strokeStyle = style.getPropertyValue('--grid-line').trim() || 'rgba(128,128,128,0.35)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let r = v.r0; r <= v.r1; r++) {
        const y = Math.round(t.y0 + r * t.scale) + 0.5;
        ctx.moveTo(t.x0 + v.c0 * t.scale, y);
        ctx.lineTo(t.x0 + v.c1 * t.scale, y);
      }
      for (let c = v.c0; c <= v.c1; c++) {
        const x = Math.round(t.x0 + c * t.scale) + 0.5;
        ctx.moveTo(x, t.y0 + v.r0 * t.scale);
        ctx.lineTo(x, t.y0 + v.r1 * t.scale);
      }
      ctx.stroke();
    }
    if (!numbersFit(t.scale, this.longestLabel, FONT_PX) || (v.r1 - v.r0) * (v.c1 - v.c0) > 6000) return;
    const table = lut(this.colormap);
    ctx.font = `${FONT_PX}px ${style.getPropertyValue('--vscode-editor-font-family') || 'monospace'}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = v.r0; r < v.r1; r++) {
      for (let c = v.c0; c < v.c1; c++) {
        const i = r * plane.cols + c;
        ctx.fillStyle = textColourOn(table, colourIndex(this.valueAt(plane, r, c), this.scale));
        ctx.fillText(plane.label(i), t.x0 + (c + 0.5) * t.scale, t.y0 + (r + 0.5) * t.scale, t.scale - 4);
      }
    }
  }

  private paintOverlay(): void {
    const ctx = this.overlay.getContext('2d');
    if (!ctx) return;
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const t = this.transform;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    const style = getComputedStyle(this.element);
    const accent = style.getPropertyValue('--vscode-focusBorder').trim() || '#0af';
    const mark = style.getPropertyValue('--vscode-editorWarning-foreground').trim() || '#fc0';
    const rect = (c: Cell, inset: number): [number, number, number, number] =>
      [t.x0 + c.c * t.scale + inset, t.y0 + c.r * t.scale + inset, Math.max(1, t.scale - 2 * inset), Math.max(1, t.scale - 2 * inset)];
    if (this.flagged.length > 0) {
      ctx.fillStyle = style.getPropertyValue('--vscode-editorError-foreground').trim() || '#f44';
      const side = Math.max(3, Math.min(12, t.scale / 3));
      for (const c of this.flagged) {
        const x1 = t.x0 + (c.c + 1) * t.scale, y0 = t.y0 + c.r * t.scale;
        ctx.beginPath();
        ctx.moveTo(x1 - side, y0);
        ctx.lineTo(x1, y0);
        ctx.lineTo(x1, y0 + side);
        ctx.closePath();
        ctx.fill();
      }
    }
    const h = this.highlight;
    if (h.marked) {
      ctx.strokeStyle = mark;
      ctx.lineWidth = 2;
      for (const c of h.marked) ctx.strokeRect(...rect(c, 1));
    }
    if (h.window) {
      ctx.lineWidth = 2;
      for (const c of h.window.cells) {
        if (c.kind === 'input') {
          ctx.setLineDash([]);
          ctx.strokeStyle = accent;
          ctx.fillStyle = 'rgba(255,255,255,0.12)';
          ctx.fillRect(...rect(c, 0));
          ctx.strokeRect(...rect(c, 1));
        } else {
          ctx.setLineDash([3, 3]);
          ctx.strokeStyle = accent;
          ctx.strokeRect(...rect(c, 2));
        }
      }
      ctx.setLineDash([]);
    }
    if (h.winner) {
      const [x, y, w] = rect(h.winner, 0);
      ctx.strokeStyle = mark;
      ctx.lineWidth = 3;
      ctx.strokeRect(x + 1.5, y + 1.5, w - 3, w - 3);
    }
    if (document.activeElement === this.canvas && this.plane) {
      ctx.strokeStyle = accent;
      ctx.lineWidth = 2;
      ctx.setLineDash([2, 2]);
      ctx.strokeRect(...rect(this.focusCell, 0));
      ctx.setLineDash([]);
    }
    this.lastOverlayMs = performance.now() - started;
  }

  private pointer(e: MouseEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  private listen(): void {
    this.canvas.addEventListener('mousemove', (e) => {
      const p = this.pointer(e);
      if (this.drag) {
        this.transform = { ...this.drag.t, x0: this.drag.t.x0 + p.x - this.drag.x, y0: this.drag.t.y0 + p.y - this.drag.y };
        this.paint();
        return;
      }
      if (!this.plane) return;
      this.callbacks.onHover(cellAt(this.transform, p.x, p.y, this.plane.rows, this.plane.cols));
    });
    this.canvas.addEventListener('mouseleave', () => {
      this.drag = undefined;
      this.callbacks.onHover(undefined);
    });
    this.canvas.addEventListener('mousedown', (e) => {
      const p = this.pointer(e);
      this.drag = { ...p, t: this.transform };
    });
    window.addEventListener('mouseup', () => (this.drag = undefined));
    this.canvas.addEventListener('dblclick', () => this.fit());
    this.canvas.addEventListener('wheel', (e) => {
      if (!this.plane) return;
      e.preventDefault();
      const p = this.pointer(e);
      const fitted = fitTransform(this.plane.rows, this.plane.cols, this.width, this.height);
      this.transform = zoomAt(this.transform, Math.exp(-e.deltaY * 0.0015), p.x, p.y, fitted.scale, 96);
      this.paint();
    }, { passive: false });
    this.canvas.addEventListener('focus', () => this.moveFocus(0, 0));
    this.canvas.addEventListener('blur', () => this.paintOverlay());
    this.canvas.addEventListener('keydown', (e) => {
      const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      const m = moves[e.key];
      if (m) {
        e.preventDefault();
        this.moveFocus(m[0], m[1]);
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        const p = this.plane;
        if (p) this.focusCell = e.key === 'Home' ? { r: 0, c: 0 } : { r: p.rows - 1, c: p.cols - 1 };
        this.moveFocus(0, 0);
      } else if (e.key === '0') {
        this.fit();
      }
    });
  }

  private moveFocus(dr: number, dc: number): void {
    const p = this.plane;
    if (!p) return;
    this.focusCell = {
      r: Math.max(0, Math.min(p.rows - 1, this.focusCell.r + dr)),
      c: Math.max(0, Math.min(p.cols - 1, this.focusCell.c + dc)),
    };
    this.callbacks.onFocusCell(this.focusCell);
    this.paintOverlay();
  }

  /** Text read by screen readers for the focused cell (the panel adds the explanation). */
  announce(text: string): void {
    this.live.textContent = text;
  }
}
