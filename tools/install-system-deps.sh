#!/usr/bin/env bash
# System tools that some checks need and a user may not have (Debian/Ubuntu):
#   TeX Live with LuaLaTeX, Korean and Japanese fonts - the test that compiles every LaTeX table;
#   Chromium and ChromeDriver                 - the browser tests of the companion site.
# Without them those tests are skipped (with the reason); everything else runs.
# Usage: sudo tools/install-system-deps.sh   (CI runs it as root before `make test`)
set -euo pipefail
PACKAGES=(texlive-latex-extra texlive-lang-korean texlive-luatex fonts-ipaexfont-mincho latexmk chromium chromium-driver)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: no apt-get here; install these with your package manager: ${PACKAGES[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: run as root (or install sudo): ${PACKAGES[*]}" >&2; exit 1
  fi
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: all present (${PACKAGES[*]})"
  exit 0
fi
echo "install-system-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "install-system-deps: done"
