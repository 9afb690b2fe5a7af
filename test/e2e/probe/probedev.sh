#!/bin/sh
# Throwaway Debian containers for recording and testing the probe.
# An overlay over the cached base image (never written), private network
# (loopback only, so nginx's :80 never collides with the controller), and a
# small PHP app behind fastcgi_pass unix:. Names must start with "probedev":
# a shared lab runs on the same machine and we only ever touch our own.
#
#   probedev.sh up NAME [boot|noboot]  -> prints the container's PID 1
#   probedev.sh down NAME
#   probedev.sh pid NAME
# Env: FLEET_LAB_ROOTFS (default: the lab image, built by `lab.sh image` on first use),
#      PROBEDEV_STATE (default ${TMPDIR:-/tmp}/probedev).
set -eu

ROOTFS=${FLEET_LAB_ROOTFS:-$("$(dirname "$0")/../../lab/lab.sh" image | tail -n 1)}
STATE=${PROBEDEV_STATE:-${TMPDIR:-/tmp}/probedev}

die() { echo "probedev: $*" >&2; exit 1; }

cmd=${1:-}; name=${2:-}
case $name in probedev*) ;; *) die "container name must start with probedev (got '$name')" ;; esac
dir=$STATE/$name

leader() {
  # The container's PID 1 is the direct child of systemd-nspawn.
  [ -s "$dir/nspawn.pid" ] || return 1
  ps -o pid= --ppid "$(cat "$dir/nspawn.pid")" | awk 'NR==1{print $1}'
}

in_ct() { p=$1; shift; nsenter -t "$p" -m -u -i -n -p "$@"; }

seed_app() {
  r=$1
  echo "$name" > "$r/etc/hostname"
  mkdir -p "$r/var/www/app"
  cat > "$r/var/www/app/index.php" <<'PHP'
<?php
if (($_GET['sleep'] ?? '') !== '') { sleep((int)$_GET['sleep']); }
echo "ok ", gethostname(), "\n";
PHP
  cat > "$r/etc/nginx/sites-enabled/app.conf" <<'NGX'
upstream php_app {
    server unix:/run/php/php8.2-fpm.sock;
}
server {
    listen 8080;
    server_name app.test;
    root /var/www/app;
    location / {
        try_files $uri /index.php$is_args$args;
    }
    location ~ \.php$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass php_app;
    }
}
server {
    listen 8081;
    server_name direct.test;
    root /var/www/app;
    location ~ \.php$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
        fastcgi_read_timeout 30s;
    }
}
NGX
}

case $cmd in
up)
  mode=${3:-boot}
  [ -d "$ROOTFS/etc" ] || die "base image not found: $ROOTFS (set FLEET_LAB_ROOTFS)"
  [ ! -e "$dir/nspawn.pid" ] || die "$name is already up ($dir/nspawn.pid exists)"
  mkdir -p "$dir/upper" "$dir/work" "$dir/root"
  mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
  seed_app "$dir/root"
  if [ "$mode" = boot ]; then
    setsid systemd-nspawn -q -D "$dir/root" --boot --register=no --keep-unit \
      --private-network --machine="$name" >"$dir/console.log" 2>&1 </dev/null &
  else
    # No systemd as PID 1: a stub init (--as-pid2), services started the
    # SysV way, as on a host without systemd.
    setsid systemd-nspawn -q -D "$dir/root" --as-pid2 --register=no --keep-unit \
      --private-network --machine="$name" \
      sh -c 'service nginx start; service php8.2-fpm start; exec sleep infinity' \
      >"$dir/console.log" 2>&1 </dev/null &
  fi
  echo $! > "$dir/nspawn.pid"
  i=0; pid=
  while [ $i -lt 300 ]; do
    pid=$(leader || true)
    if [ -n "$pid" ]; then
      if [ "$mode" = boot ]; then
        st=$(in_ct "$pid" systemctl is-active nginx php8.2-fpm 2>/dev/null | tr '\n' ' ' || true)
        [ "$st" = "active active " ] && break
      else
        in_ct "$pid" sh -c '[ -S /run/php/php8.2-fpm.sock ] && [ -s /run/nginx.pid ]' 2>/dev/null && break
      fi
    fi
    i=$((i + 1)); sleep 0.1
  done
  [ $i -lt 300 ] || { cat "$dir/console.log" >&2; die "$name did not come up in 30 s"; }
  echo "$pid"
  ;;
pid)
  leader || die "$name is not up"
  ;;
down)
  if [ -s "$dir/nspawn.pid" ]; then
    np=$(cat "$dir/nspawn.pid")
    kill -TERM "$np" 2>/dev/null || true
    i=0
    while kill -0 "$np" 2>/dev/null && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.1; done
    kill -KILL "$np" 2>/dev/null || true
    rm -f "$dir/nspawn.pid"
  fi
  if mountpoint -q "$dir/root" 2>/dev/null; then umount "$dir/root" || umount -l "$dir/root"; fi
  rm -rf "$dir"
  ;;
*) die "usage: probedev.sh up|down|pid NAME [boot|noboot]" ;;
esac
