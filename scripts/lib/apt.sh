# Shared by the install scripts (source it): install Debian packages that are missing, as root (or with sudo).
# The caller defines log().

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; exit 1; fi
}

# apt_install PKG...: installs the packages that are not installed yet; nothing when all are.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Package lists may be absent or stale on a fresh machine; only then pay for an update.
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1 ||
     ! as_root apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    as_root apt-get update -q
    as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}
