#!/usr/bin/env bash
# Fails when a source file includes a header of a layer above its own.
# Allowed: each layer may include itself and the layers listed for it.
set -euo pipefail
root=${1:-$(dirname "$0")/..}
declare -A allowed=(
  [common]="common"
  [domain]="domain common"
  [store]="store domain common"
  [docs]="docs domain common"
  [service]="service store docs domain common"
  [http]="http service domain common"
  [app]="app http service store docs domain common"
)
layers="common domain store docs service http app"
bad=0
checked=0
for layer in $layers; do
  while IFS= read -r -d '' f; do
    checked=$((checked + 1))
    while IFS= read -r inc; do
      target=${inc%%/*}
      case " $layers " in *" $target "*) ;; *) continue ;; esac
      case " ${allowed[$layer]} " in
        *" $target "*) ;;
        *) echo "layering: $f includes \"$inc\": $layer may not depend on $target"; bad=1 ;;
      esac
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
  done < <(find "$root/src/$layer" -name '*.[hc]pp' -print0)
done
echo "layering: $checked files checked"
exit $bad
