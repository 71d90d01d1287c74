#!/usr/bin/env bash
# Installs the Claude Code CLI from npm into a folder of the build (never globally), for the
# end-to-end tests. Idempotent: a marker holding the version says the folder is complete, and a
# second run with the same version does nothing. The install goes to a scratch folder first and
# is moved into place only once it has worked, so an interrupted run leaves nothing half-done.
#
#   src/test/scripts/install-claude-code.sh <folder> <version>
#
# The executable is then <folder>/node_modules/.bin/claude.
set -euo pipefail

dir=${1:?usage: install-claude-code.sh <folder> <version>}
version=${2:?usage: install-claude-code.sh <folder> <version>}
marker="$dir/.installed-version"
exe="$dir/node_modules/.bin/claude"

if [ -x "$exe" ] && [ "$(cat "$marker" 2>/dev/null)" = "$version" ]; then
  echo "Claude Code $version already installed in $dir"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "npm was not found: the end-to-end tests need Node.js 20+ and npm to install Claude Code $version" >&2
  echo "(apt-get install nodejs npm), or skip them with -Dlanes.claude.skip=true" >&2
  exit 1
fi

scratch="$dir.partial"
rm -rf "$scratch"
mkdir -p "$scratch"
start=$(date +%s)
echo "Installing @anthropic-ai/claude-code@$version into $dir (npm $(npm --version), node $(node --version))"
npm install --prefix "$scratch" --no-audit --no-fund --no-save --loglevel=error \
  "@anthropic-ai/claude-code@$version"
# a throwaway HOME: the CLI must not write into the person's ~/.claude
mkdir -p "$scratch/home"
HOME="$scratch/home" "$scratch/node_modules/.bin/claude" --version
rm -rf "$scratch/home"
echo "$version" > "$scratch/.installed-version"
rm -rf "$dir"
mv "$scratch" "$dir"
echo "Installed Claude Code $version in $(( $(date +%s) - start )) s"
