#!/usr/bin/python3
"""Runs `tinynets bench` and its PyTorch peer in one go and prints the side-by-side table of docs/BENCHMARKS.md.

    /usr/bin/python3 bench/compare.py [--repeats N]

Needs Debian's PyTorch (apt-get install -y python3-torch) and the .NET SDK. Both sides run one thread, one after
the other, on the same machine; the ratio is PyTorch's microseconds per step over TinyNets'.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_RATIO = {"xor": 100, "gauss5": 100, "spiral5": 100, "wide": 100, "mnist-shaped": 5}

ap = argparse.ArgumentParser()
ap.add_argument("--repeats", type=int, default=5)
args = ap.parse_args()

tiny = json.loads(subprocess.run([os.path.join(ROOT, "tinynets"), "bench", "--json", "--repeats", str(args.repeats)],
                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
torch = json.loads(subprocess.run([sys.executable, os.path.join(ROOT, "bench", "pytorch_peer.py"), "--json",
                                   "--repeats", str(min(args.repeats, 3))],
                                  check=True, capture_output=True, text=True).stdout)
torch_us = {r["workload"]: r["us_per_step"] for r in torch["results"]}

print(f"Machine: {tiny['machine']}; {tiny['runtime']}; PyTorch {torch['torch']} ({torch['threads']} thread)\n")
print("| workload | TinyNets us/step | PyTorch us/step | speed-up | target | met | TinyNets GFLOP/s | recorder on us/step | recorder overhead (target 5%) |")
print("|---|---:|---:|---:|---:|:---:|---:|---:|---:|")
for r in tiny["results"]:
    name, ours = r["workload"], r["us_per_step"]
    theirs = torch_us[name]
    ratio = theirs / ours
    target = TARGET_RATIO[name]
    print(f"| {name} | {ours:.2f} | {theirs:.1f} | {ratio:.0f}x | {target}x | {'yes' if ratio >= target else 'no'} | {r['gflops']:.1f} "
          f"| {r['recorder_us_per_step']:.2f} | {r['recorder_overhead_percent']:+.0f}% ({r['recorder_ns_per_step']:+.0f} ns) |")
peak = tiny["peak_gflops"]
mnist = next(r for r in tiny["results"] if r["workload"] == "mnist-shaped")
print(f"\nSingle-core fp32 peak (FMA loop): {peak:.1f} GFLOP/s; mnist-shaped reaches {mnist['gflops']:.1f} "
      f"({100 * mnist['gflops'] / peak:.0f}% of peak; target 40%).")
print(f"Two trainings on two threads: {tiny['concurrency_speedup']:.2f}x the throughput of one (target 1.8x).")
print(f"Process start to first training step: {tiny['startup_ms']:.0f} ms (target 300 ms).")
