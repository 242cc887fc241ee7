// A convolution's feature map in a Float32Array, to look at live in Pooling Lens while debugging.
// Set a breakpoint on the line marked "inspect here", start "Node: feature map" from the Run and Debug view, then
// right-click `featureMap` (a { data, shape } object) or `relu` (the plain Float32Array) in the Variables view and
// choose "Inspect in Pooling Lens". Nested arrays of numbers and tfjs tensors work too.
const size = 24;
const image = new Float32Array(size * size);
for (let r = 0; r < size; r++) {
  for (let c = 0; c < size; c++) image[r * size + c] = Math.hypot(r - size / 2, c - size / 2) < size / 3 ? 1 : 0;
}

const kernel = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]; // vertical edges
const out = size - 2;
const relu = new Float32Array(out * out);
for (let r = 0; r < out; r++) {
  for (let c = 0; c < out; c++) {
    let sum = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += image[(r + i) * size + c + j] * kernel[i][j];
    relu[r * out + c] = Math.max(0, sum);
  }
}

const featureMap = { data: relu, shape: [1, out, out, 1] };
console.log('feature map', featureMap.shape.join('x')); // inspect here
