# Loop Lab: shared helpers for tools/run and tools/test (sourced, not run):
# the Debian packages each needs, and the installer for missing ones.
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034  # the package lists are used by the callers

# Packages to build and run the app on a bare Debian 12 (bookworm).
# librsvg2-common lets GTK load SVG icons; dconf-gsettings-backend keeps settings;
# libxml2-utils gives xmllint, which glib-compile-resources uses for xml-stripblanks;
# help2man makes the man pages of the programs' --help.
LL_RUN_PACKAGES=(
  gcc libc6-dev pkg-config meson ninja-build
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libgtk-4-bin libgtksourceview-5-dev
  libsoup-3.0-dev
  gettext desktop-file-utils appstream-util libxml2-utils help2man
  locales fonts-noto-cjk adwaita-icon-theme librsvg2-common dconf-gsettings-backend
)

# Added for the test suites: Xvfb, a private D-Bus session with the AT-SPI bus,
# and pyatspi for the end-to-end tests.
LL_TEST_PACKAGES=(
  xvfb xauth dbus dbus-x11 at-spi2-core
  python3 python3-gi python3-pyatspi gir1.2-atspi-2.0
)

# Added for the window benchmark (tests/bench/run ui): gtk4-demo, the GTK
# program the app's pages are measured beside.
LL_BENCH_UI_PACKAGES=(
  gtk-4-examples
)

# Added for the server benchmark (tests/bench/run server): wrk, the load
# generator, and the peers it loads beside looplab-cli serve: aiohttp and
# Node.js (their interpreters), libsoup to build the SoupServer peer.
LL_BENCH_SERVER_PACKAGES=(
  wrk python3-aiohttp nodejs libsoup-3.0-dev
)

# Added for the sax-bus benchmark (tests/bench/run sax): GNU time, whose
# %M is the peak RSS of the program alone.  The rusage of a child that
# Python spawns starts from the spawning interpreter's own peak, which
# hid the streamed parse's few hundred KiB under Python's 13 MiB.
LL_BENCH_SAX_PACKAGES=(
  time
)

ll_say ()
{
  printf '%s: %s\n' "${LL_TOOL:-tools}" "$*" >&2
}

# Change to the repository root, whatever the caller's cwd.
ll_cd_root ()
{
  cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
}

# ll_ensure_packages PKG...: install whichever of PKG are missing. As root this
# runs apt-get; otherwise it prints the command to run. Returns 1 on failure.
ll_ensure_packages ()
{
  local pkg status
  local missing=()

  if ! command -v dpkg-query >/dev/null 2>&1; then
    ll_say "not a Debian system: not checking packages; install the equivalents of: $*"
    return 0
  fi

  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done

  if (( ${#missing[@]} == 0 )); then
    return 0
  fi

  if (( EUID != 0 )); then
    ll_say "missing packages: ${missing[*]}"
    ll_say "install them with:"
    printf '  sudo apt-get install %s\n' "${missing[*]}" >&2
    return 1
  fi

  ll_say "installing missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update </dev/null \
    || { ll_say "apt-get update failed"; return 1; }
  apt-get install -y --no-install-recommends "${missing[@]}" </dev/null \
    || { ll_say "apt-get install failed"; return 1; }
}
