# The demo fleet (`npm run demo`): four hosts in their own state dir, so it
# never collides with a test lab.

DEMO_SPEC='
web01
web02 fpm-stopped
web03 socket-elsewhere
web04 site-typo
'

demo_dir() { printf '%s/demo' "${FLEET_LAB_DIR:-$REPO_ROOT/.lab}"; }

cmd_demo() {
  LAB_DIR="$(demo_dir)"
  mkdir -p "$LAB_DIR"
  printf '%s\n' "$DEMO_SPEC" >"$LAB_DIR/spec"
  cmd_up "$LAB_DIR/spec"
  printf '%s\n' "$LAB_DIR/inventory.yml"
}

cmd_demo_down() {
  LAB_DIR="$(demo_dir)"
  [[ -d $LAB_DIR ]] || return 0
  cmd_down
}
