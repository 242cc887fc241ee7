// JavaScript/TypeScript arrays work too: select one, or hover it.
export const kernel = [
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
  [13, 14, 15, 16],
];

export const signal = new Float32Array([0.5, 1.5, -2, 3, 4.25, -1, 0, 2]);
