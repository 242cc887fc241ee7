"""Pooling, step by step, in PyTorch: the twin of article_example.py.

PyTorch pools (batch, channels, height, width) tensors, channels first. Pooling Lens reads the layers below
without running anything: a CodeLens above each shows the input and output shapes, each print line ends with
what it will print, and "Inspect" opens the panel with the layer's own parameters.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# A 3x3 matrix, reshaped to (batch, channels, height, width) as PyTorch expects.
matrix = torch.tensor([[1., 2., 3.],
                       [4., 5., 6.],
                       [7., 8., 9.]]).reshape(1, 1, 3, 3)

# 2x2 max pooling with stride 1: every 2x2 window keeps its largest value -> (1, 1, 2, 2).
max_pool = nn.MaxPool2d(kernel_size=2, stride=1)
print(max_pool(matrix).squeeze())  # tensor([[5., 6.], [8., 9.]])

# A 4x4 matrix from NumPy: torch.from_numpy keeps its dtype (float32 here).
image = torch.from_numpy(np.array([[1, 2, 3, 4],
                                   [5, 6, 7, 8],
                                   [9, 10, 11, 12],
                                   [13, 14, 15, 16]], dtype=np.float32)).reshape(1, 1, 4, 4)

print(nn.MaxPool2d(kernel_size=2, stride=2)(image).squeeze())  # tensor([[ 6.,  8.], [14., 16.]])
print(nn.AvgPool2d(kernel_size=2, stride=2)(image).squeeze())  # tensor([[ 3.5000,  5.5000], [11.5000, 13.5000]])

# Explicit padding: PyTorch counts the padded zeros in the average unless count_include_pad=False.
print(F.avg_pool2d(image, kernel_size=3, stride=3, padding=1).squeeze())
print(F.avg_pool2d(image, kernel_size=3, stride=3, padding=1, count_include_pad=False).squeeze())

# Global pooling is adaptive pooling to a 1x1 output.
print(nn.AdaptiveMaxPool2d(1)(image))  # tensor([[[[16.]]]])
print(nn.AdaptiveAvgPool2d(1)(image))  # tensor([[[[8.5000]]]])
