"""Writes the binary examples in examples/ from real data (run once; the outputs are committed).

    /path/to/venv/bin/python scripts/make-examples.py

Needs numpy, scikit-image and scikit-learn (see the README's "Fixtures" section for the venv).
"""
from pathlib import Path

import numpy as np
from skimage import data
from sklearn.datasets import load_digits

out = Path(__file__).resolve().parent.parent / "examples"

# The classic "cameraman" photo (512x512 uint8), and a 128x128 crop of it for quick experiments.
camera = data.camera()
np.save(out / "camera.npy", camera)
np.save(out / "camera_crop.npy", camera[160:288, 192:320].copy())

# Handwritten digits: the first 16 8x8 images, as (N, H, W, C) float32 like a Keras input batch.
digits = load_digits()
images = digits.images[:16].astype(np.float32).reshape(16, 8, 8, 1)
np.savez_compressed(out / "digits.npz", images=images, labels=digits.target[:16].astype(np.int64))
np.save(out / "digit_zero.npy", digits.images[0].astype(np.float64))
print("wrote", sorted(p.name for p in out.glob("*.np?")))
