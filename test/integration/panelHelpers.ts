// Reading and driving the inspector panel through the harness bridge, as a person would.
import * as vscode from 'vscode';
import { panelClick, panelEvaluate, panelHover, waitFor } from './bridge';

export interface Outcome { ok: boolean; message?: string; shape?: number[]; dtype?: string }

/** Selects the literal that starts with `head` and ends at the first `tail` after it, and inspects it. */
export async function inspectRange(editor: vscode.TextEditor, head: string, tail: string): Promise<Outcome> {
  const text = editor.document.getText();
  const start = text.indexOf(head);
  if (start < 0) throw new Error(`"${head}" not found`);
  const end = text.indexOf(tail, start) + tail.length;
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
  return (await vscode.commands.executeCommand<Outcome>('poolingLens.inspectSelection'));
}

const section = (role: string, id: string): string => `section.tensor[data-role="${role}"][data-id="${id}"]`;

/** The values of one view's table (switching it to the table view first). */
export async function tableOf(role: 'input' | 'output', id: string, title?: string): Promise<string[][]> {
  const hasTable = await panelEvaluate<boolean>(`!!document.querySelector('${section(role, id)} table.grid')`, title);
  if (!hasTable) await panelClick(`${section(role, id)} button[data-action="toggle-table"]`, title);
  return waitFor(
    () => panelEvaluate<string[][] | null>(`(() => {
      const t = document.querySelector('${section(role, id)} table.grid');
      if (!t) return null;
      return [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()));
    })()`, title),
    (g): g is string[][] => g !== null,
    `the table of ${role} ${id}`,
  );
}

/** Switches a view back to its heatmap. */
export async function heatmapOf(role: 'input' | 'output', id: string, title?: string): Promise<void> {
  const hasCanvas = await panelEvaluate<boolean>(`!!document.querySelector('${section(role, id)} canvas.heatmap-base')`, title);
  if (!hasCanvas) await panelClick(`${section(role, id)} button[data-action="toggle-table"]`, title);
  await waitFor(() => panelEvaluate<boolean>(`!!document.querySelector('${section(role, id)} canvas.heatmap-base')`, title), Boolean, 'the heatmap');
}

/** Moves the mouse over cell (r, c) of a view's heatmap. */
export async function hoverCell(role: 'input' | 'output', id: string, r: number, c: number, title?: string): Promise<void> {
  const pos = await panelEvaluate<{ x: number; y: number }>(`(() => {
    const cv = document.querySelector('${section(role, id)} canvas.heatmap-base');
    const s = Number(cv.dataset.scale), x0 = Number(cv.dataset.x0), y0 = Number(cv.dataset.y0);
    return { x: x0 + (${c} + 0.5) * s, y: y0 + (${r} + 0.5) * s };
  })()`, title);
  await panelHover(`${section(role, id)} canvas.heatmap-base`, title, pos);
}

export function detailText(title?: string): Promise<string> {
  return panelEvaluate<string>(`document.getElementById('detail')?.textContent ?? ''`, title);
}

export function sectionAttr(role: string, id: string, attr: string, title?: string): Promise<string | null> {
  return panelEvaluate<string | null>(`document.querySelector('${section(role, id)}')?.getAttribute('${attr}') ?? null`, title);
}
