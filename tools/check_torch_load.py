#!/usr/bin/python3
"""Loads a TinyNets model folder into the equivalent torch.nn.Sequential and prints its outputs.

    /usr/bin/python3 tools/check_torch_load.py runs/xor 0,0 0,1 1,0 1,1

model.json names the PyTorch module; model.safetensors is read with a few lines of JSON and numpy (Debian has no
safetensors package) and handed to load_state_dict(strict=True), exactly as safetensors.torch.load_file would.
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    tensors = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        assert entry["dtype"] == "F32", entry
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[8 + n + begin:8 + n + end], dtype="<f4").reshape(entry["shape"])
        tensors[key] = torch.from_numpy(array.copy())
    return tensors


folder, rows = sys.argv[1], [[float(v) for v in r.split(",")] for r in sys.argv[2:]]
description = json.load(open(f"{folder}/model.json"))
model = eval(description["torch"], {"nn": nn})
model.load_state_dict(load_safetensors(f"{folder}/model.safetensors"), strict=True)
model.eval()
with torch.no_grad():
    out = model(torch.tensor(rows, dtype=torch.float32))
print(description["torch"])
for r, o in zip(rows, out.tolist()):
    print(r, "->", [repr(v) for v in o])
