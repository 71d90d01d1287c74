#!/usr/bin/env bash
# Builds the Linux installers for Lanes with jpackage:
#   target/installer/Lanes/                  app-image (bundled Java runtime + launcher bin/Lanes)
#   target/installer/lanes_<ver>-1_<arch>.deb Debian package made from that app-image
# Usage: installer/build.sh [--skip-build]
#   --skip-build  reuse target/lanes.jar instead of running `mvn -B -q -DskipTests package`
# OS-specific jpackage options live in installer/<os>/*.args (jpackage @file syntax).
set -euo pipefail

usage() { sed -n '2,7s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

skip_build=false
for arg in "$@"; do
  case "$arg" in
    --skip-build) skip_build=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build.sh: unknown option: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."   # repo root; all paths below are relative to it

case "$(uname -s)" in
  Linux) ;;
  *) echo "build.sh: only Linux packaging is implemented so far (macOS/Windows come later)" >&2; exit 1 ;;
esac

need() { command -v "$1" >/dev/null 2>&1 || { echo "build.sh: '$1' not found on PATH ($2)" >&2; exit 1; }; }
need jpackage "install a JDK 17+ and put its bin/ on PATH"
need dpkg-deb "install the dpkg package"
if ! command -v fakeroot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing fakeroot (needed by jpackage --type deb)"
    apt-get install -y -q fakeroot >/dev/null
  else
    echo "build.sh: 'fakeroot' not found; install it (sudo apt-get install fakeroot)" >&2; exit 1
  fi
fi

# Project version and description from pom.xml (skipping a <parent> block); jpackage wants a plain
# numeric version, so a -SNAPSHOT (or other) qualifier is dropped: 0.1.0-SNAPSHOT -> 0.1.0.
pom_value() { sed '/<parent>/,/<\/parent>/d' pom.xml | sed -n "s:.*<$1>\([^<]*\)</$1>.*:\1:p" | head -n 1; }
pom_version=$(pom_value version)
version=${pom_version%%-*}
description=$(pom_value description)
[[ "$version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || { echo "build.sh: cannot use pom version '$pom_version'" >&2; exit 1; }

if ! $skip_build; then
  need mvn "install Maven, or pass --skip-build with an existing target/lanes.jar"
  echo "==> mvn -B -q -DskipTests package"
  mvn -B -q -DskipTests package
fi
[ -f target/lanes.jar ] || { echo "build.sh: target/lanes.jar is missing (build first or drop --skip-build)" >&2; exit 1; }

input=target/jpackage-input
dest=target/installer
rm -rf "$input" "$dest/Lanes"
mkdir -p "$input" "$dest"
rm -f "$dest"/lanes_*.deb
cp target/lanes.jar "$input/"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

echo "==> jpackage app-image (Lanes $version)"
t=$(now)
jpackage --type app-image \
  --name Lanes \
  --app-version "$version" \
  --description "$description" \
  --vendor Lanes \
  --copyright "Copyright (c) $(date +%Y) Lanes" \
  --input "$input" \
  --main-jar lanes.jar \
  --main-class dev.lanes.Launcher \
  --java-options -Xmx1g \
  @installer/linux/app-image.args \
  --dest "$dest"
app_image_time=$(elapsed "$t")

echo "==> jpackage deb"
t=$(now)
jpackage --type deb \
  --app-image "$dest/Lanes" \
  --name Lanes \
  --app-version "$version" \
  --description "$description" \
  --vendor Lanes \
  --copyright "Copyright (c) $(date +%Y) Lanes" \
  @installer/linux/deb.args \
  --dest "$dest"
deb_time=$(elapsed "$t")

deb=$(ls "$dest"/lanes_*.deb)
echo
echo "Built (app-image $app_image_time, deb $deb_time):"
echo "  $(pwd)/$dest/Lanes  ($(du -sh "$dest/Lanes" | cut -f1))"
echo "  $(pwd)/$deb  ($(du -h "$deb" | cut -f1))"
