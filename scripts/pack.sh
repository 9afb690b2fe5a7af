#!/usr/bin/env bash
# Builds the standalone tarball (with its own Node runtime) and the .deb, with oclif's own
# packer: `oclif pack tarballs` and `oclif pack deb`, linux-x64 only, and moves them to .pack/
# (`npm run build` empties dist/, where oclif writes them).
#   bash scripts/pack.sh          both
#   bash scripts/pack.sh deb      the .deb only (what test/e2e/install needs; about half the time)
#
# Offline Node: oclif downloads Node from nodejs.org unless tmp/cache/node-vVERSION-linux-x64/node
# already exists (node_modules/oclif/lib/tarballs/node.js). This machine reaches only the npm
# registry, so we seed that cache with the Node running this script (process.execPath), for
# the same version oclif will ask for (process.versions.node, its default) and the same
# target. That binary must be an official-style linux-x64 build linked only against
# glibc/libstdc++ (as Node's own tarballs are), else the package would need more than the
# base system. Nothing is fetched from anywhere but the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

node_bin=$(node -p 'process.execPath')
node_version=$(node -p 'process.versions.node')
[ "$(node -p 'process.platform + "-" + process.arch')" = linux-x64 ] || { echo "pack.sh: builds linux-x64 only, on linux-x64" >&2; exit 1; }
if ldd "$node_bin" | grep -q 'libnode\|libuv\|libssl\|libicu'; then
  echo "pack.sh: $node_bin links shared Node libraries; use an official-style node build" >&2; exit 1
fi
cache="tmp/cache/node-v$node_version-linux-x64"
mkdir -p "$cache"
[ -x "$cache/node" ] || cp "$node_bin" "$cache/node"

what="${1:-all}"
case "$what" in all|deb) ;; *) echo "usage: pack.sh [all|deb]" >&2; exit 64 ;; esac

# package.json's oclif.update.node.targets is [linux-x64]: both packers build only that.
npm run build
[ "$what" = deb ] || npx oclif pack tarballs --targets linux-x64 --no-xz
npx oclif pack deb
rm -rf .pack && mkdir -p .pack
find dist -maxdepth 2 \( -name 'fleet-*.tar.gz' -o -name 'fleet_*.deb' \) -exec mv {} .pack/ \;
ls -1 .pack/*
