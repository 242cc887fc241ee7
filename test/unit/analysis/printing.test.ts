// Rounding as Python and numpy do it (half to even on the exact binary value), where JavaScript's toFixed and
// toExponential round ties up. Each expectation is checkable by hand (and is what Python 3.11 prints).
import * as assert from 'node:assert/strict';
import { numpyStr, oneLine, toExponentialEven, toFixedEven, torchStr } from '../../../src/analysis/printing';

describe('analysis: printing numbers as Python, numpy and PyTorch do', () => {
  it("'{:.Nf}': exact ties go to the even digit, everything else to the nearest", () => {
    assert.equal(toFixedEven(0.5, 0), '0');
    assert.equal(toFixedEven(1.5, 0), '2');
    assert.equal(toFixedEven(2.5, 0), '2');
    assert.equal(toFixedEven(0.03125, 4), '0.0312'); // 1/32: an exact tie at the fifth decimal
    assert.equal(toFixedEven(0.09375, 4), '0.0938'); // 3/32: the tie goes up to the even 8
    assert.equal(toFixedEven(2.675, 2), '2.67'); // 2.675 is 2.67499999... in binary: not a tie
    assert.equal(toFixedEven(-0.0001, 2), '-0.00');
    assert.equal(toFixedEven(9.99995, 4), '10.0000');
  });

  it("'{:.Ne}': the same rule on the significant digits, two exponent digits at least", () => {
    assert.equal(toExponentialEven(1e-5, 4), '1.0000e-05');
    assert.equal(toExponentialEven(2.5e5, 0), '2e+05');
    assert.equal(toExponentialEven(3.5e5, 0), '4e+05');
    assert.equal(toExponentialEven(-1.00005e-5, 4), '-1.0001e-05');
    assert.equal(toExponentialEven(1e100, 2), '1.00e+100');
  });

  it('numpy and PyTorch layouts of a small float32 matrix, and one line for a hint', () => {
    const t = { dtype: 'float32' as const, shape: [2, 2], data: new Float32Array([6, 8, 14, 16]) };
    assert.equal(numpyStr(t), '[[ 6.  8.]\n [14. 16.]]');
    assert.equal(torchStr(t), 'tensor([[ 6.,  8.],\n        [14., 16.]])');
    assert.equal(oneLine(`tf.Tensor(\n${numpyStr(t)}, shape=(2, 2), dtype=float32)`), 'tf.Tensor([[ 6.  8.] [14. 16.]], shape=(2, 2), dtype=float32)');
    assert.equal(oneLine(torchStr(t)), 'tensor([[ 6.,  8.], [14., 16.]])');
  });
});
