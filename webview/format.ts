/** A shape as numpy prints it: `(4, 4)`, `(8,)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}
