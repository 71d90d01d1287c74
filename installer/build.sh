#!/usr/bin/env bash
# Builds the Linux installers for Lanes with jpackage:
#   target/installer/Lanes/                  app-image (bundled Java runtime + launcher bin/Lanes)
#   target/installer/lanes_<ver>-1_<arch>.deb Debian package made from that app-image
# Both start faster with an AppCDS archive (lib/app/lanes.jsa) made from a class list recorded
# in a training start under Xvfb; the .deb makes its archive when it is installed (postinst).
# Usage: installer/build.sh [--skip-build] [--no-cds]
#   --skip-build  reuse target/lanes.jar instead of running `mvn -B -q -DskipTests package`
#   --no-cds      skip the training start and the AppCDS archive
# OS-specific jpackage options live in installer/<os>/*.args (jpackage @file syntax).
set -euo pipefail

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

skip_build=false
cds=true
for arg in "$@"; do
  case "$arg" in
    --skip-build) skip_build=true ;;
    --no-cds) cds=false ;;
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
  --java-options '-XX:SharedArchiveFile=$APPDIR/lanes.jsa' \
  --java-options -Xshare:auto \
  --java-options '-Xlog:cds*=off' \
  @installer/linux/app-image.args \
  --dest "$dest"
app_image_time=$(elapsed "$t")

# AppCDS (class-data sharing): the launcher always points the JVM at lib/app/lanes.jsa (options
# above; -Xshare:auto and -Xlog:cds*=off make a missing, stale or foreign archive a silent no-op).
# The archive holds the JDK, JavaFX and Lanes classes of a start, pre-parsed, so the JVM maps them
# instead of loading them from the jars. It is made from lib/app/lanes.classlist, recorded here in
# a training start of the app-image under Xvfb (probe mode: exits once the statuses are shown).
# The JVM only takes an archive whose recorded class path (the absolute path of lanes.jar)
# matches, so the app-image gets one for its place in target/installer, and the .deb ships only
# the class list: its postinst (installer/linux/resources) makes the archive in /opt/lanes.
app="$dest/Lanes"
classlist="$app/lib/app/lanes.classlist"
jsa="$app/lib/app/lanes.jsa"
cds_result="not made (--no-cds)"
cds_tmp=$(mktemp -d)
trap 'rm -rf "$cds_tmp"' EXIT

cds_skip() { cds_result="not made: $1"; echo "build.sh: skipping the AppCDS archive: $1" >&2; rm -f "$classlist"; cds=false; }

if $cds && ! command -v xvfb-run >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing xvfb (needed for the AppCDS training start)"
    apt-get install -y -q xvfb xauth >/dev/null || true
  fi
  command -v xvfb-run >/dev/null 2>&1 || cds_skip "'xvfb-run' not found (sudo apt-get install xvfb)"
fi
if $cds && ! command -v git >/dev/null 2>&1; then
  cds_skip "'git' not found (the training start opens a git repository)"
fi

if $cds; then
  echo "==> AppCDS class list (training start under Xvfb)"
  t=$(now)
  mkdir -p "$cds_tmp/home" "$cds_tmp/lanes-home"
  git init -q "$cds_tmp/repo"
  git -C "$cds_tmp/repo" -c user.name=Lanes -c user.email=lanes@invalid commit -q --allow-empty -m init
  git -C "$cds_tmp/repo" worktree add -q -b lane-1 "$cds_tmp/repo-lane-1"
  # JAVA_TOOL_OPTIONS is read before the launcher's options; a private HOME and LANES_HOME keep
  # the start away from the user's settings. Exits by itself (probe mode); timeout as a guard.
  if env -u _JAVA_OPTIONS HOME="$cds_tmp/home" LANES_HOME="$cds_tmp/lanes-home" \
       JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$PWD/$classlist -Dlanes.startupProbe=true" \
       timeout -k 10 120 xvfb-run -a -s "-screen 0 1440x900x24" "$app/bin/Lanes" "$cds_tmp/repo" \
       >"$cds_tmp/training.log" 2>&1 \
     && grep -q '^LANES_READY' "$cds_tmp/training.log" && grep -qs '^dev/lanes/' "$classlist"; then
    echo "    $(grep -c '^[^#@]' "$classlist") classes ($(elapsed "$t"))"
  else
    sed 's/^/    /' "$cds_tmp/training.log" | tail -n 20 >&2
    cds_skip "the training start failed (output above)"
  fi
fi

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

if $cds; then
  echo "==> AppCDS archive for the app-image"
  # Dumped by the app's own launcher, so the JVM, class path and options are exactly those of a
  # normal start (_JAVA_OPTIONS is read after the launcher's options, so -Xshare:dump wins).
  # The .deb was built above, without this archive (it only fits this directory).
  if env -u JAVA_TOOL_OPTIONS \
       _JAVA_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$PWD/$classlist -XX:SharedArchiveFile=$PWD/$jsa -XX:-UsePerfData -Xlog:cds=error" \
       timeout 300 "$app/bin/Lanes" >"$cds_tmp/dump.log" 2>&1 && [ -s "$jsa" ]; then
    chmod 644 "$jsa"
    cds_result="lib/app/lanes.jsa ($(du -h "$jsa" | cut -f1)); the .deb makes its own when installed"
  else
    sed 's/^/    /' "$cds_tmp/dump.log" | tail -n 20 >&2
    rm -f "$jsa"
    cds_result="not made: the dump failed (output above); the .deb will try again when installed"
    echo "build.sh: $cds_result" >&2
  fi
fi

deb=$(ls "$dest"/lanes_*.deb)
echo
echo "Built (app-image $app_image_time, deb $deb_time):"
echo "  $(pwd)/$dest/Lanes  ($(du -sh "$dest/Lanes" | cut -f1))"
echo "  $(pwd)/$deb  ($(du -h "$deb" | cut -f1))"
echo "  AppCDS archive: $cds_result"
