#!/usr/bin/env bash
# Stops with one clear line when Node.js >= 20 and npm are not available.
set -euo pipefail
command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "error: Node.js >= 20 with npm is required (Debian/Ubuntu: install nodejs 20 from NodeSource or nvm)" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "error: Node.js >= 20 is required, found $(node -v)" >&2; exit 1; }
