# Shared by scripts/run and scripts/test. Source it; do not run it.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Builds the web UI when its sources are newer than web/dist.
build_web() {
  if [ ! -f "$ROOT/web/dist/index.html" ] || \
     [ -n "$(find "$ROOT/web/src" "$ROOT/web/index.html" "$ROOT/web/package.json" "$ROOT/web/vite.config.js" \
              -newer "$ROOT/web/dist/index.html" 2>/dev/null | head -n 1)" ]; then
    echo "== building web UI"
    (cd "$ROOT/web" && npm run build --silent)
  fi
}

# build_cpp DIR TYPE [extra cmake args...]: configures once, then builds.
build_cpp() {
  local dir=$1 type=$2
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
  fi
  cmake --build "$dir" --parallel "$(nproc)"
}
