// The text alternative of a heatmap: the current plane as an HTML table, for screen readers and
// copy-paste. Large planes show their top-left corner with a note saying so.
import type { Plane } from './heatmap';

export const TABLE_LIMIT = 100;

export function planeTable(plane: Plane, caption: string): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  const table = document.createElement('table');
  table.className = 'grid';
  const cap = document.createElement('caption');
  cap.textContent = caption;
  table.append(cap);
  const rows = Math.min(plane.rows, TABLE_LIMIT);
  const cols = Math.min(plane.cols, TABLE_LIMIT);
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  hr.append(document.createElement('th'));
  for (let c = 0; c < cols; c++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = String(c);
    hr.append(th);
  }
  head.append(hr);
  const body = document.createElement('tbody');
  for (let r = 0; r < rows; r++) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = String(r);
    tr.append(th);
    for (let c = 0; c < cols; c++) {
      const td = document.createElement('td');
      td.dataset.row = String(r);
      td.dataset.col = String(c);
      td.textContent = plane.label(r * plane.cols + c);
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(head, body);
  wrap.append(table);
  if (plane.rows > rows || plane.cols > cols) {
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = `Showing the first ${rows} of ${plane.rows} rows and ${cols} of ${plane.cols} columns; export the tensor for all values.`;
    wrap.append(note);
  }
  return wrap;
}
