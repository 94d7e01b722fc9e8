#!/bin/sh
# Entrypoint of the node image: the arguments are a command to run, unless
# they are node's own, which node then gets:
#
#   docker run node                      node (the REPL)
#   docker run node -e 'console.log(1)'  an option → node -e ...
#   docker run node app.js               a script that is not a command → node app.js
#   docker run node npm test             a command → npm test
set -e

if [ "${1#-}" != "$1" ] || ! command -v "$1" >/dev/null 2>&1 || { [ -f "$1" ] && [ ! -x "$1" ]; }; then
    set -- node "$@"
fi

exec "$@"
