"""Pooling, step by step: the arrays from "Pooling layers in CNNs" to try Pooling Lens on.

Select an array (or put the cursor inside one) and run "Pooling Lens: Inspect Selection"
from the command palette, or hover it to see a preview.
"""
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPool2D

# A 3x3 matrix, reshaped to (batch, height, width, channels) as Keras expects.
matrix = np.array([[1., 2., 3.],
                   [4., 5., 6.],
                   [7., 8., 9.]]).reshape(1, 3, 3, 1)

# 2x2 max pooling with stride 1: every 2x2 window keeps its largest value -> (1, 2, 2, 1).
max_pool = MaxPool2D(pool_size=(2, 2), strides=(1, 1), padding='valid')
print(tf.squeeze(max_pool(matrix)))  # [[5. 6.] [8. 9.]]

# A 4x4 matrix: 2x2 windows with stride 2 tile it without overlap.
image = np.array([[1, 2, 3, 4],
                  [5, 6, 7, 8],
                  [9, 10, 11, 12],
                  [13, 14, 15, 16]], dtype=np.float32).reshape(1, 4, 4, 1)

print(tf.squeeze(MaxPool2D(pool_size=(2, 2), strides=(2, 2))(image)))         # [[ 6.  8.] [14. 16.]]
print(tf.squeeze(AveragePooling2D(pool_size=(2, 2), strides=(2, 2))(image)))  # [[ 3.5  5.5] [11.5 13.5]]

# 'same' padding keeps ceil(4 / 3) = 2 rows; padded cells are not counted in the average.
print(tf.squeeze(AveragePooling2D(pool_size=3, strides=3, padding='same')(image)))

# Global pooling reduces the whole spatial extent to one value per channel.
print(GlobalMaxPooling2D()(image))      # [[16.]]
print(GlobalAveragePooling2D()(image))  # [[8.5]]

# A plain nested list works too: Pooling Lens reads a matrix as batch 1, H x W, 1 channel.
grid = [[0, 1, 0, 2],
        [3, 0, 4, 0],
        [0, 5, 0, 6],
        [7, 0, 8, 0]]
