#!/usr/bin/env bash
# Installs everything fleet's tests, demo and benchmark need on a fresh Debian 12
# machine: Debian packages (when root), npm packages, and the compiled CLI.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# `setup.sh demo` installs only what the demo fleet needs; plain `setup.sh` adds the test tools.
purpose="${1:-test}"
debian_packages=(
  debootstrap systemd-container iproute2 procps   # the lab: real hosts in namespaces
  openssh-client                                  # ssh-keyscan for the lab
  curl acl sudo                                    # lab traffic and faults
)
if [ "$purpose" != demo ]; then
  debian_packages+=(
    openssh-server                                 # a loopback sshd for transport tests
    libxml2-utils                                  # xmllint validates JUnit output
    chromium                                       # renders the HTML report in a test
    apt-utils bzip2 fakeroot                       # oclif pack deb (apt-ftparchive) for the .deb test
    zsh                                            # the zsh completion test
  )
fi

missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # policy-rc.d keeps package scripts from starting services (sshd) on the controller.
    created_policy=no
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      created_policy=yes
    fi
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    [ "$created_policy" = yes ] && rm -f /usr/sbin/policy-rc.d
  else
    echo "setup: not root, skipping Debian packages (${missing[*]}); lab tests will be skipped" >&2
  fi
fi

# promtool validates the Prometheus output. Only the binary is taken from Debian's
# prometheus package: installing the package would start a Prometheus server.
if [ "$purpose" != demo ] && ! command -v promtool >/dev/null && [ "$(id -u)" -eq 0 ]; then
  echo "setup: installing promtool from Debian's prometheus package" >&2
  scratch="$(mktemp -d)"
  (cd "$scratch" && { apt-get download -q prometheus >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get download -q prometheus >/dev/null; }; } && dpkg-deb -x prometheus_*.deb root)
  install -m 0755 "$scratch/root/usr/bin/promtool" /usr/local/bin/promtool
  rm -rf "$scratch"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
