"""A small CNN forward pass in numpy, to look at live in Pooling Lens while debugging.

1. Set a breakpoint on the line marked "inspect here" and start "Python: CNN forward pass" from the Run and
   Debug view (it needs the Python Debugger extension, which provides the 'debugpy' debugger).
2. When it stops, right-click `feature_map` in the Variables view and choose "Inspect in Pooling Lens", or run
   "Pooling Lens: Inspect Expression..." and type an expression (`feature_map[..., 1:2]`, `kernels`, ...).
3. Step (F10): the panel follows `feature_map` and keeps your pooling settings.
"""
import os

import numpy as np


def conv2d(image, kernels):
    """'valid' cross-correlation of an (H, W) image with (k, k, C) kernels -> (1, H-k+1, W-k+1, C)."""
    k = kernels.shape[0]
    windows = np.lib.stride_tricks.sliding_window_view(image, (k, k))  # (H-k+1, W-k+1, k, k)
    return np.einsum('ijab,abc->ijc', windows, kernels)[np.newaxis]


def relu(x):
    return np.maximum(x, 0)


here = os.path.dirname(os.path.abspath(__file__))
image = np.load(os.path.join(here, 'camera_crop.npy')).astype(np.float32) / 255  # (128, 128)

kernels = np.stack([
    np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]]),   # vertical edges (Sobel x)
    np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]),   # horizontal edges (Sobel y)
    np.full((3, 3), 1 / 9),                           # blur
    np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),  # sharpen
], axis=-1).astype(np.float32)                        # (3, 3, 4)

feature_map = relu(conv2d(image, kernels))            # (1, 126, 126, 4): what goes into the pooling layer
pooled = feature_map.reshape(1, 63, 2, 63, 2, 4).max(axis=(2, 4))  # inspect here: MaxPooling2D(2) by hand
print(feature_map.shape, '->', pooled.shape)
