#!/bin/bash
# The fleet lab: real Debian hosts (systemd, sshd, nginx, PHP-FPM) as
# systemd-nspawn containers, each with its own netns, address and host key.
# Usage: lab.sh image | up SPEC | down [NAME...] | status | exec NAME CMD... |
#        fault NAME FAULT | faults | demo | demo-down
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/common.sh"
source "$here/image.sh"
source "$here/host.sh"
source "$here/faults.sh"
source "$here/demo.sh"

usage() { sed -n '4,5p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2; exit 2; }

cmd="${1:-}"; shift || true
case "$cmd" in
  image) cmd_image ;;
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status ;;
  exec) cmd_exec "$@" ;;
  fault) cmd_fault "$@" ;;
  faults) list_faults ;;
  demo) cmd_demo ;;
  demo-down) cmd_demo_down ;;
  *) usage ;;
esac
