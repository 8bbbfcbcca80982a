#!/usr/bin/python3
"""The experiment behind `tinynets train`'s defaults: test accuracy on small real tables against scikit-learn.

    /usr/bin/python3 bench/defaults_experiment.py [--seeds 5] [--first-seed 1] [--candidate "FLAGS" ...]

Needs Debian's python3-sklearn (its bundled iris, wine, breast-cancer and digits tables; nothing is downloaded).
For each table and seed: a stratified 80/20 split; scikit-learn's StandardScaler + MLPClassifier with its defaults
(100 hidden ReLU units, Adam lr 1e-3, batch 200, up to 200 epochs) trains on the 80%; `tinynets train --data` trains on
the same 80% (its validation set comes out of it) with its defaults and with each candidate's flags, and
`tinynets evaluate` scores the same 20%.

Prints, per table: mean test accuracy; the mean paired difference to scikit-learn over the seeds with its 95% interval
(t distribution), so a gap can be told from the noise of a 30-row test set; and two times per fit, medians over the
seeds: the fit alone (scikit-learn's fit; TinyNets' train_seconds from summary.json: data loading, every attempt,
the final evaluation) and the whole command a user runs, from process start to the saved model (`python3` reading
the CSV, fitting and pickling the model; `tinynets train`, which also writes the report, steps.csv and the rest of
the run folder).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
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
TABLES = {"iris": load_iris, "wine": load_wine, "breast-cancer": load_breast_cancer, "digits": load_digits}
# What a scikit-learn user runs for the same job: read the CSV, fit, keep the model.
SKLEARN_SCRIPT = """
import pickle, sys, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
warnings.simplefilter("ignore")
table = np.genfromtxt(sys.argv[1], delimiter=",", skip_header=1, dtype=str)
model = make_pipeline(StandardScaler(), MLPClassifier(random_state=int(sys.argv[2])))
model.fit(table[:, :-1].astype(float), table[:, -1])
with open(sys.argv[3], "wb") as f:
    pickle.dump(model, f)
"""
# Two-sided 95% quantiles of Student's t for n - 1 degrees of freedom (n = seeds); between entries the next lower
# one is used, which widens the interval a little rather than narrowing it.
T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23, 14: 2.14, 19: 2.09,
       24: 2.06, 29: 2.05, 39: 2.02, 49: 2.01}

ap = argparse.ArgumentParser()
ap.add_argument("--seeds", type=int, default=5)
ap.add_argument("--first-seed", type=int, default=1, help="seeds first-seed .. first-seed + seeds - 1")
ap.add_argument("--candidate", action="append", default=[], help="extra `tinynets train` flags to compare, e.g. \"--hidden 100\"")
args = ap.parse_args()
candidates = {"defaults": [], **{c: c.split() for c in args.candidate}}
warnings.simplefilter("ignore", ConvergenceWarning)
subprocess.run([TINYNETS, "--help"], check=True, capture_output=True)   # build once, outside the timings


def write_csv(path, x, y):
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(x.shape[1])) + ",label\n")
        for row, label in zip(x, y):
            f.write(",".join(repr(float(v)) for v in row) + f",c{label}\n")


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def difference(ours, theirs):
    d = 100 * (np.array(ours) - np.array(theirs))
    if len(d) < 2:
        return f"{d.mean():+.1f}"
    t = T95[max(k for k in T95 if k <= len(d) - 1)]
    return f"{d.mean():+.1f} ± {t * d.std(ddof=1) / np.sqrt(len(d)):.1f}"


print(f"seeds {args.first_seed}-{args.first_seed + args.seeds - 1}; accuracy (difference to scikit-learn, 95% interval), "
      "fit seconds / whole command seconds (medians)")
print("| table | rows x features, classes | scikit-learn MLPClassifier | " + " | ".join(f"tinynets {c}" for c in candidates) + " |")
print("|---|---|---:|" + "---:|" * len(candidates))
for name, load in TABLES.items():
    x, y = load(return_X_y=True)
    scores, fits, commands = {}, {}, {}
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=seed)
        start = time.perf_counter()
        model = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)).fit(x_train, y_train)
        fits.setdefault("sklearn", []).append(time.perf_counter() - start)
        scores.setdefault("sklearn", []).append(model.score(x_test, y_test))
        with tempfile.TemporaryDirectory() as tmp:
            train_csv, test_csv = os.path.join(tmp, "train.csv"), os.path.join(tmp, "test.csv")
            write_csv(train_csv, x_train, y_train)
            write_csv(test_csv, x_test, y_test)
            commands.setdefault("sklearn", []).append(
                timed([sys.executable, "-c", SKLEARN_SCRIPT, train_csv, str(seed), os.path.join(tmp, "model.pickle")]))
            for candidate, flags in candidates.items():
                out = os.path.join(tmp, candidate.replace(" ", "-").replace(",", ""))
                commands.setdefault(candidate, []).append(timed(
                    [TINYNETS, "train", "--data", train_csv, "--split", "0.875,0.125,0", "--seed", str(seed), "--out", out, "--quiet", *flags]))
                with open(os.path.join(out, "summary.json")) as f:
                    fits.setdefault(candidate, []).append(json.load(f)["train_seconds"])
                result = subprocess.run([TINYNETS, "evaluate", "--model", out, "--data", test_csv],
                                        check=True, capture_output=True, text=True).stdout
                scores.setdefault(candidate, []).append(float(result.rsplit("accuracy ", 1)[1]))

    def cell(k):
        gap = "" if k == "sklearn" else f" ({difference(scores[k], scores['sklearn'])})"
        return f"{100 * np.mean(scores[k]):.1f}%{gap}, {statistics.median(fits[k]):.2f} / {statistics.median(commands[k]):.2f} s"
    print(f"| {name} | {x.shape[0]} x {x.shape[1]}, {len(set(y))} | {cell('sklearn')} | " + " | ".join(cell(c) for c in candidates) + " |", flush=True)
