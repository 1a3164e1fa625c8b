"""Runs the Swift and NumPy uncertainty analyses side by side and prints the ratio.

    python3 Benchmarks/numpy/compare.py [REPLICATIONS]

Builds nothing: run `swift build -c release --static-swift-stdlib --product iidei` first. Both time the best of three runs on the
same machine in the same invocation.
"""
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
replications = sys.argv[1] if len(sys.argv) > 1 else "10000"
model = os.path.join(tempfile.mkdtemp(), "model.json")
swift = subprocess.run(
    [os.path.join(root, ".build/release/iidei"), "bench", "--export-numpy", model, "--replications", replications],
    check=True, capture_output=True, text=True)
print(swift.stdout.strip())
numpy_run = subprocess.run([sys.executable, os.path.join(here, "ua.py"), model, replications], check=True,
                           capture_output=True, text=True)
result = json.loads(numpy_run.stdout)
with open(model) as handle:
    exported = json.load(handle)
swift_seconds = exported["swiftSeconds"]
numpy_seconds = result["numpySeconds"]
print(f"numpy: {int(replications):,} replications in {numpy_seconds:.3f} s (best of 3, one process)")
print(f"ratio: NumPy / Swift = {numpy_seconds / swift_seconds:.1f}")
gap = max(abs(a - b) for a, b in zip(exported["swiftMeanRanks"], result["meanRanks"]))
print(f"largest difference in a unit's mean rank between the two: {gap:.3f} places "
      "(independent random streams, so a few hundredths at 10,000 replications)")
