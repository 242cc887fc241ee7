// Views whose tensor stays with the host (above REMOTE_ELEMENTS): the overview the host sent, and a cache of the
// full-resolution tiles fetched as the user zooms in. Requests are numbered; a reply for another plane, or for a
// tensor that has since been recomputed, is dropped.
import { formatValue, type Tensor } from '../src/core';
import type { PlaneSel, RemoteTensor, Tile, WebviewToHost } from '../src/protocol/messages';
import { fromWire } from '../src/protocol/wire';
import { decodeLod } from '../src/view/lod';
import { TILE, type Plane, type RemotePlaneSource } from './heatmap';

/** Tiles kept per view (256 tiles of 128 x 128 cells: 4 M values, 32 MB as float64). */
const MAX_TILES = 256;

function selKey(sel: PlaneSel): string {
  return `${sel.batch},${sel.channel},${sel.depth}`;
}

export class TileStore {
  private readonly tiles = new Map<string, { values: Float64Array; exact: Tensor }>();
  private readonly pending = new Set<string>();
  private longest = 1;
  /** The overview's values, decoded once per overview. */
  private decoded: { codes: ArrayBuffer; values: Float64Array } | undefined;
  /** Repaints the view a tile belongs to. */
  onTile: () => void = () => undefined;

  constructor(
    readonly view: string,
    public remote: RemoteTensor,
    private readonly post: (m: WebviewToHost) => void,
    private readonly nextId: () => number,
  ) {}

  /** A new overview (another plane, or the tensor recomputed): tiles of other planes or data are dropped. */
  replace(remote: RemoteTensor, dataChanged: boolean): void {
    this.remote = remote;
    if (dataChanged) {
      this.tiles.clear();
      this.pending.clear();
    }
  }

  private key(tr: number, tc: number): string {
    return `${selKey(this.remote.lod.sel)}:${tr}:${tc}`;
  }

  accept(tile: Tile): void {
    const key = `${selKey(tile.sel)}:${tile.r0 / TILE}:${tile.c0 / TILE}`;
    if (!this.pending.delete(key)) return;
    const exact = fromWire(tile.values);
    const values = Float64Array.from(exact.data as ArrayLike<number | bigint>, Number);
    this.tiles.set(key, { values, exact });
    while (this.tiles.size > MAX_TILES) this.tiles.delete(this.tiles.keys().next().value as string);
    const n = Math.min(exact.data.length, 4096);
    for (let i = 0; i < n; i++) this.longest = Math.max(this.longest, formatValue(exact.data[i]!, 4).length);
    this.onTile();
  }

  private overviewValues(): Float64Array {
    const lod = this.remote.lod;
    if (this.decoded?.codes !== lod.codes) this.decoded = { codes: lod.codes, values: decodeLod(lod.codes, lod.range) };
    return this.decoded.values;
  }

  /** The exact value of plane cell (r, c) when its tile is here. */
  exact(r: number, c: number): number | bigint | undefined {
    const t = this.tiles.get(this.key(Math.floor(r / TILE), Math.floor(c / TILE)));
    if (!t) return undefined;
    const cols = t.exact.shape[1] ?? TILE;
    return t.exact.data[(r % TILE) * cols + (c % TILE)];
  }

  /** The heatmap's plane: overview values, tiles on demand, labels from the tiles that have arrived. */
  plane(precision: number): Plane {
    const lod = this.remote.lod;
    const source: RemotePlaneSource = {
      lod: { factor: lod.factor, rows: lod.lodRows, cols: lod.lodCols, values: this.overviewValues(), reduction: lod.reduction },
      tile: (tr, tc) => this.tiles.get(this.key(tr, tc))?.values,
      request: (tr, tc) => this.request(tr, tc),
      longestLabel: () => this.longest,
    };
    return {
      rows: lod.rows,
      cols: lod.cols,
      values: new Float64Array(0),
      remote: source,
      label: (i) => {
        const v = this.exact(Math.floor(i / lod.cols), i % lod.cols);
        return v === undefined ? '…' : formatValue(v, precision);
      },
    };
  }

  request(tr: number, tc: number): void {
    const key = this.key(tr, tc);
    if (this.tiles.has(key) || this.pending.has(key)) return;
    this.pending.add(key);
    const sel = this.remote.lod.sel;
    this.post({ type: 'tile', requestId: this.nextId(), view: this.view, sel, r0: tr * TILE, c0: tc * TILE, rows: TILE, cols: TILE });
  }
}
