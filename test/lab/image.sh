# Base image: one debootstrap, cached by a hash of its recipe (this file and
# the rootfs/ overlay tree), built in a temp dir and renamed into place.

IMAGE_SUITE=bookworm
IMAGE_MIRROR="${FLEET_LAB_MIRROR:-http://deb.debian.org/debian}"
IMAGE_INCLUDE=systemd,systemd-sysv,dbus,openssh-server,nginx,php-fpm,iproute2,procps,sudo,curl,acl,logrotate
CONTROLLER_DEPS=(debootstrap systemd-container iproute2 openssh-client curl)

image_hash() {
  {
    printf '%s\n' "$IMAGE_SUITE" "$IMAGE_INCLUDE"
    cat "$LAB_SRC/image.sh"
    (cd "$LAB_SRC/rootfs" && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done)
  } | sha256sum | cut -c1-12
}

image_path() { printf '%s/rootfs-%s' "$LAB_CACHE" "$(image_hash)"; }

controller_deps() {
  local missing=() p
  for p in "${CONTROLLER_DEPS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing controller packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }
}

# Set KEY = VALUE in an FPM pool file, replacing a commented or active line.
pool_set() {
  local file="$1" key="$2" value="$3" k
  k="$(printf '%s' "$key" | sed 's/[.[\]]/\\&/g')"
  if grep -qE "^;?\s*$k\s*=" "$file"; then
    sed -i -E "0,/^;?\s*$k\s*=.*/s||$key = $value|" "$file"
  else
    printf '%s = %s\n' "$key" "$value" >>"$file"
  fi
}

image_customize() {
  local root="$1"
  cp -a "$LAB_SRC/rootfs/." "$root/"
  chown -R root:root "$root/etc" "$root/usr/local"
  chmod 440 "$root/etc/sudoers.d/lab"
  chown -R www-data:www-data "$root/var/www/app" 2>/dev/null || chroot "$root" chown -R www-data:www-data /var/www/app

  chroot "$root" useradd -m -s /bin/bash deploy
  chroot "$root" useradd -m -s /bin/bash pwuser
  # '*' = no password but not locked, so key logins work; pwuser gets a random
  # password nobody knows, so its sudo always asks for one.
  chroot "$root" usermod -p '*' deploy
  printf 'pwuser:%s\n' "$(head -c 24 /dev/urandom | base64)" | chroot "$root" chpasswd

  rm -f "$root"/etc/ssh/ssh_host_*
  rm -f "$root/etc/nginx/sites-enabled/default"
  ln -sf ../sites-available/app "$root/etc/nginx/sites-enabled/app"

  local pool="$root/etc/php/8.2/fpm/pool.d/www.conf"
  pool_set "$pool" pm.status_path /fpm-status
  pool_set "$pool" slowlog '/var/log/php8.2-fpm.slow.log'
  pool_set "$pool" request_slowlog_timeout 5s

  # No getty on the console, no network management: the controller sets up eth0.
  chroot "$root" systemctl mask console-getty.service getty@tty1.service systemd-networkd.service \
    systemd-resolved.service >/dev/null 2>&1 || true
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/*
}

# The bare debootstrap is cached on its own (keyed by suite, packages and
# mirror) so editing the customization does not download Debian again.
debootstrap_base() {
  local tmp="$1"
  local base; base="$LAB_CACHE/debootstrap-$(printf '%s\n' "$IMAGE_SUITE" "$IMAGE_INCLUDE" "$IMAGE_MIRROR" | sha256sum | cut -c1-12)"
  if [[ ! -d $base ]]; then
    log "debootstrap $IMAGE_SUITE (about a minute)"
    debootstrap --variant=minbase --include="$IMAGE_INCLUDE" "$IMAGE_SUITE" "$tmp/base" "$IMAGE_MIRROR" \
      >"$tmp/debootstrap.log" 2>&1 || { tail -n 20 "$tmp/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
    mv "$tmp/base" "$base"
  fi
  printf '%s\n' "$base"
}

cmd_image() {
  need_root
  controller_deps
  mkdir -p "$LAB_CACHE"
  # Several labs may start at once: one builds, the others wait and reuse.
  (flock 7; image_build) 7>"$LAB_CACHE/.lock"
}

image_build() {
  local dest; dest="$(image_path)"
  if [[ -d $dest ]]; then log "image up to date: $dest"; printf '%s\n' "$dest"; return 0; fi
  local tmp; tmp="$(mktemp -d "$LAB_CACHE/.build-XXXXXX")"
  # A failed build leaves only this temp dir, which the trap removes.
  trap 'rm -rf --one-file-system "$tmp"' EXIT
  local base; base="$(debootstrap_base "$tmp")"
  log "copying $base and customizing"
  cp -a "$base" "$tmp/rootfs"
  image_customize "$tmp/rootfs"
  mv -T "$tmp/rootfs" "$dest"
  rm -rf "$tmp"; trap - EXIT
  log "image built: $dest"
  image_prune "$dest"
  printf '%s\n' "$dest"
}

# Drop images of older recipes that no running host uses as its lower layer.
image_prune() {
  local keep="$1" old
  for old in "$LAB_CACHE"/rootfs-*; do
    [[ -d $old && $old != "$keep" && ${old##*/} =~ ^rootfs-[0-9a-f]{12}$ ]] || continue
    grep -qF "lowerdir=$old," /proc/mounts && continue
    log "removing old image $old"
    rm -rf --one-file-system "$old"
  done
}
