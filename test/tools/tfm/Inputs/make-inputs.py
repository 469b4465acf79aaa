#!/usr/bin/env python3
"""make-inputs.py DIR: small .npy inputs for tfm run's error tests (tiny
GPT-2 and BERT from make_reference.py: vocabularies of 97 and 101)."""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
np.save(os.path.join(out, "ids.npy"), np.array([[5, 6, 7]], dtype=np.int64))
np.save(os.path.join(out, "float.npy"), np.array([[5, 6, 7]], dtype=np.float32))
np.save(os.path.join(out, "big-id.npy"), np.array([[5, 97]], dtype=np.int64))
