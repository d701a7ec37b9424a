#!/usr/bin/env bash
# Builds tandemd with the Swift standard library and FoundationEssentials linked statically, then proves it runs with the
# toolchain's libraries out of reach: ldd lists no libswift*/libFoundation*, and the binary runs a dry run on a fake
# Xavier NX tree inside a private mount namespace where an empty tmpfs hides the toolchain folder.
# Usage: Experiments/deploy/check-static.sh   (from the repository root; `make tandemd-static` runs it)
set -euo pipefail
SWIFT=${SWIFT:-swift}
cd "$(dirname "$0")/../.."

# A separate scratch folder: the static build must not replace the dynamically linked release products.
SCRATCH=${SCRATCH:-.build/static}
"$SWIFT" build -c release --scratch-path "$SCRATCH" --product tandemd --static-swift-stdlib
BIN=$("$SWIFT" build -c release --scratch-path "$SCRATCH" --show-bin-path)/tandemd
echo "static tandemd: $BIN ($(du -h "$BIN" | cut -f1))"

echo "shared libraries it still needs (system libraries only, from Debian packages):"
ldd "$BIN" | sed 's/^/  /'
if ldd "$BIN" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_Foundation'; then
    echo "FAIL: the binary still links Swift runtime libraries dynamically" >&2
    exit 1
fi

# A fake board and a policy to run on (built with the regular tandem; needs a release build of tandem).
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The same flags as `make build`/`make test`, so their release artefacts are reused.
BUILD_FLAGS=${BUILD_FLAGS:--c release -Xswiftc -enable-testing}
"$SWIFT" build $BUILD_FLAGS --product tandem >/dev/null
"$("$SWIFT" build $BUILD_FLAGS --show-bin-path)/tandem" bench controller --iterations 10 --daemon-seconds 0 --workdir "$WORK" >/dev/null
cp "$BIN" "$WORK/tandemd"

TOOLCHAIN=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v "$SWIFT")")")")")
echo "hiding the toolchain at $TOOLCHAIN and running the static binary:"
unshare -m bash -c "
    mount -t tmpfs none '$TOOLCHAIN'
    test ! -e '$TOOLCHAIN/usr/lib/swift/linux/libswiftCore.so' || { echo 'toolchain still visible' >&2; exit 1; }
    env -i LD_LIBRARY_PATH= '$WORK/tandemd' --version
    env -i LD_LIBRARY_PATH= '$WORK/tandemd' --policy '$WORK/policy.h5' --sysfs-root '$WORK/board' --dry-run \
        --period-ms 20 --duration-s 0.3 --channel '$WORK/decision.json'
"
echo "latest decision: $(cat "$WORK/decision.json")"
echo "OK: tandemd runs without the Swift toolchain"
