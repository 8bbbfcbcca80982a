#!/usr/bin/python3
"""Loads a TinyNets model folder into the equivalent torch.nn.Sequential and prints its outputs.

    /usr/bin/python3 tools/check_torch_load.py runs/xor 0,0 0,1 1,0 1,1
    /usr/bin/python3 tools/check_torch_load.py runs/moons --csv moons.csv     # predicted classes, one per row
    /usr/bin/python3 tools/check_torch_load.py runs/houses --csv houses.csv   # a regression's predicted values

Rows are read as `tinynets predict` reads them (a column of words as one 0/1 input per category) and standardized with
model.json's statistics first, and a regression's outputs turned back into the target's units when it was trained on
standardized targets.

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


folder = sys.argv[1]
description = json.load(open(f"{folder}/model.json"))
if len(sys.argv) > 3 and sys.argv[2] == "--csv":
    import csv
    with open(sys.argv[3]) as f:
        table = list(csv.DictReader(f))
    categories = description.get("categories") or {}

    def value(row, name):   # a category's 0/1 input (sex=female) is 1 where its column holds that word
        column, _, word = name.partition("=")
        return (1.0 if row[column].strip() == word else 0.0) if column in categories and word else float(row[name])

    rows = [[value(r, name) for name in description["features"]] for r in table]
else:
    rows = [[float(v) for v in r.split(",")] for r in sys.argv[2:]]
scaling = description.get("standardization")
if scaling:
    rows = [[(v - m) / s for v, m, s in zip(r, scaling["mean"], scaling["std"])] for r in rows]
model = eval(description["torch"], {"nn": nn})
model.load_state_dict(load_safetensors(f"{folder}/model.safetensors"), strict=True)
model.eval()
with torch.no_grad():
    out = model(torch.tensor(rows, dtype=torch.float32))
if scaling and scaling.get("target_mean"):   # a regression trained on standardized targets: back to the target's units
    out = out * torch.tensor(scaling["target_std"]) + torch.tensor(scaling["target_mean"])
if len(sys.argv) > 3 and sys.argv[2] == "--csv" and description.get("classes") is None:
    for o in out.tolist():
        print(",".join(repr(v) for v in o))
elif len(sys.argv) > 3 and sys.argv[2] == "--csv":
    classes = description["classes"]
    for o in out.tolist():
        k = (1 if o[0] >= (0.5 if description["output"] == "sigmoid" else 0) else 0) if len(o) == 1 else max(range(len(o)), key=lambda i: o[i])
        print(classes[k])
else:
    print(description["torch"])
    for r, o in zip(rows, out.tolist()):
        print(r, "->", [repr(v) for v in o])
