#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run kunit.py from the prepared tree with the project's kunitconfig, QEMU
# config (SeaBIOS) and build directory.  Arguments: the kunit.py command
# (build, run, ...) and its extra options.  KUNIT_VARIANT=debug (on
# x86_64) or nopae|pae (on i386) adds kunit/<variant>.config and builds in
# its own directory.
set -euo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
export ARCH
: "${KSRC:=$TOP/build/linux}"
: "${KOUT:=$TOP/build/out/$ARCH}"
variant=${KUNIT_VARIANT:-}
configs=(--kunitconfig="$TOP/kunit/.kunitconfig")
if [ -n "$variant" ]; then
	KOUT=$KOUT-$variant
	# kunit.py refuses two values for one option: the variant's replace
	# the base's (pae builds fwcall as a module, without its KUnit suites)
	mkdir -p "$KOUT"
	sed -n 's/^\(# \)\?\(CONFIG_[A-Za-z0-9_]*\)[= ].*/\2/p' "$TOP/kunit/$variant.config" \
		>"$KOUT/.kunitconfig.variant-options"
	grep -v -w -F -f "$KOUT/.kunitconfig.variant-options" "$TOP/kunit/.kunitconfig" |
		cat - "$TOP/kunit/$variant.config" >"$KOUT/.kunitconfig.merged"
	configs=(--kunitconfig="$KOUT/.kunitconfig.merged")
fi
: "${CCACHE_DIR:=$HOME/.cache/kexec_call/ccache}"
# Paths relative to the build directory, so that another checkout of the
# project (a git worktree) with the same layout hits the same cache entries
: "${CCACHE_BASEDIR:=$(dirname "$TOP")}"
export CCACHE_DIR CCACHE_BASEDIR CCACHE_NOHASHDIR=1

mkdir -p "$KOUT"
cmd=$1
shift
cd "$KSRC"
exec python3 tools/testing/kunit/kunit.py "$cmd" \
	--build_dir="$KOUT" \
	"${configs[@]}" \
	--qemu_config="$TOP/kunit/qemu_configs/seabios.py" \
	--make_options CC="ccache gcc" \
	--jobs="$(nproc)" "$@"
