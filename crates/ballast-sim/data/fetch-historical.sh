#!/usr/bin/env bash
# Rebuilds crates/ballast-sim/data/historical-daily.csv from the real daily series that the `arch`
# Python package (University of Illinois/NCSA licence) ships inside its wheel: S&P 500 and NASDAQ
# Composite adjusted closes (arch/data/sp500, arch/data/nasdaq) and WTI crude spot from FRED
# (arch/data/wti). Only the wheel is downloaded (no install, no numpy/pandas): the data sets are
# plain gzip'd CSV files read with python3's standard library. The wheel is cached in
# ~/.cache/ballast/pypi so a rerun needs no network. The committed CSV is this script's output.
set -euo pipefail
cd "$(dirname "$0")"
version="${ARCH_VERSION:-8.0.0}"
cache="${BALLAST_CACHE:-$HOME/.cache/ballast}/pypi/arch-${version}"
mkdir -p "$cache"
if ! ls "$cache"/arch-"${version}"-*.whl >/dev/null 2>&1; then
  # One fixed wheel (CPython 3.11, manylinux x86_64) whatever the local Python: the data files are
  # the same in every wheel, and pinning one means every machine reads the same archive.
  python3 -m pip download --quiet --no-deps --only-binary=:all: --implementation cp \
    --python-version 3.11 --abi cp311 --platform manylinux2014_x86_64 "arch==${version}" -d "$cache"
fi
python3 - "$cache" historical-daily.csv <<'PY'
import csv, datetime, glob, gzip, io, sys, zipfile

cache, out = sys.argv[1], sys.argv[2]
archive = sorted(glob.glob(cache + "/arch-*.whl"))[0]


def member(name):
    """The bytes of arch/data/<name> inside the wheel (a zip archive)."""
    return zipfile.ZipFile(archive).read(f"arch/data/{name}")


def series(name, column):
    """{date: close as written in the package} — the text is kept, so nothing is rounded."""
    text = gzip.decompress(member(f"{name}/{name}.csv.gz")).decode("utf-8-sig")
    values = {}
    for row in csv.DictReader(io.StringIO(text)):
        value = row[column].strip()
        if value in ("", "."):  # FRED writes "." for days without a price (holidays)
            continue
        day = datetime.datetime.strptime(row["Date"], "%m/%d/%Y").date()
        values[day] = value
    return values


spx = series("sp500", "Adj Close")
ndx = series("nasdaq", "Adj Close")
wti = series("wti", "DCOILWTICO")
# Only days on which all three have a close: the simulator needs every price at every step.
days = sorted(set(spx) & set(ndx) & set(wti))
with open(out, "w", newline="") as f:
    f.write("timestamp,SPX,NDX,WTI\n")
    for d in days:
        ts = int(datetime.datetime(d.year, d.month, d.day, tzinfo=datetime.timezone.utc).timestamp())
        f.write(f"{ts},{spx[d]},{ndx[d]},{wti[d]}\n")
print(f"{out}: {len(days)} days, {days[0]} .. {days[-1]}, from {archive.rsplit('/', 1)[-1]}")
PY
