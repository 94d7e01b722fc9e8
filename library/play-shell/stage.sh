# The quai CLI in the image: the one-file bundle `npm run build` makes (with
# compose), run by Debian's nodejs through /usr/local/bin/quai.
set -euo pipefail
files=$1 repo=$2
bundle=$repo/packages/cli/dist/bundle/quai-with-compose.cjs
[ -f "$bundle" ] || { echo "stage.sh: $bundle missing (run npm run build)" >&2; exit 1; }
install -D -m 0644 "$bundle" "$files/usr/local/lib/quai/quai.cjs"
# quai compose reads the Compose JSON schema from the dclint package and
# compiles it with ajv at run time (the compiled validator requires ajv's
# runtime modules): those stay modules beside the bundle, with ajv's own
# dependencies.
modules=$files/usr/local/lib/quai/node_modules
install -D -m 0644 "$repo/node_modules/dclint/package.json" "$modules/dclint/package.json"
install -D -m 0644 "$repo/node_modules/dclint/schemas/compose.schema.json" "$modules/dclint/schemas/compose.schema.json"
for pkg in $(node -e '
  const { createRequire } = require("node:module");
  const seen = new Set();
  const visit = (name, from) => {
    const req = createRequire(from);
    const manifest = req.resolve(`${name}/package.json`);
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of Object.keys(require(manifest).dependencies ?? {})) visit(dep, manifest);
  };
  visit("ajv", process.argv[1] + "/packages/compose/package.json");
  console.log([...seen].join("\n"));
' "$repo"); do
  mkdir -p "$modules/$pkg"
  cp -r --no-preserve=all "$repo/node_modules/$pkg/." "$modules/$pkg/"
done
