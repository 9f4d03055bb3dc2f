#!/bin/sh
# Installs Debian's chromium for the browser end-to-end tests.
#
# playwright-core never downloads a browser of its own here: the tests launch the
# distribution's build at /usr/bin/chromium, which comes from the ordinary apt sources.
# Safe to run repeatedly; it does nothing when chromium is already present.
set -eu

CHROMIUM_BIN=/usr/bin/chromium

print_version() {
    "$CHROMIUM_BIN" --version 2>/dev/null || echo "chromium present at $CHROMIUM_BIN"
}

fail() {
    echo "install-chromium: $1" >&2
    echo "install-chromium: install it by hand with 'apt-get install chromium'" \
        "(as root), then run the browser tests again." >&2
    exit 1
}

if [ -x "$CHROMIUM_BIN" ]; then
    print_version
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    run_as_root=""
elif command -v sudo >/dev/null 2>&1; then
    run_as_root="sudo"
else
    fail "chromium is missing, this is not root and sudo is not available."
fi

# Passed through env because sudo resets the environment; non-interactive so that an
# unattended CI run never waits on a debconf prompt.
$run_as_root env DEBIAN_FRONTEND=noninteractive apt-get update ||
    fail "apt-get update failed."
$run_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends chromium ||
    fail "apt-get install chromium failed."

[ -x "$CHROMIUM_BIN" ] || fail "apt-get finished but $CHROMIUM_BIN is still missing."
print_version
