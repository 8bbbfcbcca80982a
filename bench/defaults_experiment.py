#!/usr/bin/python3
"""The experiment behind `tinynets train`'s defaults: test accuracy on small real tables against scikit-learn.

    /usr/bin/python3 bench/defaults_experiment.py [--seeds 5] [--first-seed 1]

Needs Debian's python3-sklearn (its bundled iris, wine, breast-cancer and digits tables; nothing is downloaded).
For each table and seed: a stratified 80/20 split; scikit-learn's StandardScaler + MLPClassifier with its defaults
(100 hidden ReLU units, Adam lr 1e-3, batch 200, up to 200 epochs) trains on the 80%; `tinynets train --data` trains on
the same 80% (its validation set comes out of it) with each candidate set of defaults, and `tinynets evaluate` scores
the same 20%. Prints mean test accuracy and mean training time per fit (scikit-learn's fit; TinyNets' train_seconds
from summary.json, all attempts included, without process start-up).
"""
import argparse
import json
import os
import subprocess
import tempfile
import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINYNETS = os.path.join(ROOT, "tinynets")
CANDIDATES = {
    "defaults": [],
    "before: hidden 32, lr 0.01": ["--hidden", "32", "--lr", "0.01"],
    "hidden 64, lr 0.003, weight decay 1e-3": ["--weight-decay", "0.001"],
}
TABLES = {"iris": load_iris, "wine": load_wine, "breast-cancer": load_breast_cancer, "digits": load_digits}

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, default=5)
ap.add_argument("--first-seed", type=int, default=1, help="seeds first-seed .. first-seed + seeds - 1")
args = ap.parse_args()
warnings.simplefilter("ignore", ConvergenceWarning)
subprocess.run([TINYNETS, "--help"], check=True, capture_output=True)   # build once, outside the timings


def write_csv(path, x, y):
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(x.shape[1])) + ",label\n")
        for row, label in zip(x, y):
            f.write(",".join(repr(float(v)) for v in row) + f",c{label}\n")


print("| table | rows x features, classes | scikit-learn MLPClassifier | " + " | ".join(f"tinynets {c}" for c in CANDIDATES) + " |")
print("|---|---|---:|" + "---:|" * len(CANDIDATES))
for name, load in TABLES.items():
    x, y = load(return_X_y=True)
    scores = {"sklearn": []}
    times = {"sklearn": []}
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=seed)
        start = time.perf_counter()
        model = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)).fit(x_train, y_train)
        times["sklearn"].append(time.perf_counter() - start)
        scores["sklearn"].append(model.score(x_test, y_test))
        with tempfile.TemporaryDirectory() as tmp:
            train_csv, test_csv = os.path.join(tmp, "train.csv"), os.path.join(tmp, "test.csv")
            write_csv(train_csv, x_train, y_train)
            write_csv(test_csv, x_test, y_test)
            for candidate, flags in CANDIDATES.items():
                out = os.path.join(tmp, candidate.replace(" ", "-").replace(",", ""))
                subprocess.run([TINYNETS, "train", "--data", train_csv, "--split", "0.875,0.125,0", "--seed", str(seed),
                                "--out", out, "--quiet", *flags], check=True, capture_output=True)
                with open(os.path.join(out, "summary.json")) as f:
                    times.setdefault(candidate, []).append(json.load(f)["train_seconds"])
                result = subprocess.run([TINYNETS, "evaluate", "--model", out, "--data", test_csv],
                                        check=True, capture_output=True, text=True).stdout
                scores.setdefault(candidate, []).append(float(result.rsplit("accuracy ", 1)[1]))
    cell = lambda k: f"{100 * np.mean(scores[k]):.1f}% ({np.mean(times[k]):.2f} s)"
    print(f"| {name} | {x.shape[0]} x {x.shape[1]}, {len(set(y))} | {cell('sklearn')} | " + " | ".join(cell(c) for c in CANDIDATES) + " |", flush=True)
