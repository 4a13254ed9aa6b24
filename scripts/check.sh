#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: checkpatch --strict over the project's kernel files and
# patches/ (read from stdin: checkpatch treats a git-tracked path as a
# file), then sparse (C=2) and W=1 over the project's objects, for x86_64
# and i386, objtool's warnings on x86_64's vmlinux.o, built with IBT, and
# the C examples of README.md and Documentation/ compiled
# (scripts/check-examples.py).
# Fails on any finding.
set -uo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${KSRC:=$TOP/build/linux}"
: "${KOUT:=$TOP/build/out/$ARCH}"
cd "$TOP"

status=0
checkpatch="perl $KSRC/scripts/checkpatch.pl --strict --root=$KSRC --quiet --show-types"

files=$(git ls-files -- include arch kernel drivers kunit tools/fwcall tools/kexec_call tools/kexec_jump tools/ktap tools/vbedrm | grep -E '(\.[chS]|Kconfig|Makefile)$')
echo "check: checkpatch --strict on $(echo "$files" | wc -l) files"
for f in $files; do
	out=$($checkpatch -f "$f" 2>&1) || { echo "$out"; status=1; }
done

echo "check: kernel-doc -Wall"
for f in $(git ls-files -- include arch kernel drivers kunit | grep -E '\.[ch]$'); do
	out=$(perl "$KSRC/scripts/kernel-doc" -none -Wall "$f" 2>&1)
	[ -z "$out" ] || { echo "$out"; status=1; }
done

# The tree has no history, so the commits a Fixes: tag names cannot be
# looked up (UNKNOWN_COMMIT_ID), as in make patchset
for p in patches/*.patch; do
	[ -e "$p" ] || continue
	out=$($checkpatch --ignore UNKNOWN_COMMIT_ID - <"$p" 2>&1) ||
		{ echo "$p:"; echo "$out"; status=1; }
done

# Sparse and W=1 for both architectures the project builds: each gets its
# own objects (not the other bitness's files, not the included trampoline
# part), in its own build directory (i386 with 2-level page tables, built
# here if make test has not built it yet).
sparse_arch() {
	local arch=$1 kout=$2 other objs kunit_objs log

	other=64
	[ "$arch" = x86_64 ] && other=32
	# vbedrm and kexec_load() in stages are built on x86_64 only
	# (kunit/nopae.config, pae.config)
	drm=
	only64=none
	if [ "$arch" = i386 ]; then
		drm=drivers/gpu/drm/
		only64='kernel/kexec_staged\.c'
	fi
	objs=$(for f in $(git ls-files -- kernel arch drivers | grep -E '\.[cS]$' |
			  grep -v -e "_$other\.[cS]$" -e 'kexec_call_tramp32\.S$' \
				  -e "^${drm:-none}" -e "^$only64$"); do
		echo "${f%.*}.o"
	done)
	kunit_objs=$(for f in $(git ls-files -- 'kunit/kexec_call_kunit*.[cS]'); do
		b=${f##*/}
		echo "kernel/kexec_call/tests/${b%.*}.o"
	done
	for f in $(git ls-files -- 'kunit/fwcall_kunit*.[cS]'); do
		b=${f##*/}
		echo "drivers/fwcall/tests/${b%.*}.o"
	done
	for f in $(git ls-files -- 'kunit/vbedrm_kunit*.[cS]'); do
		b=${f##*/}
		[ -z "$drm" ] && echo "drivers/gpu/drm/vbe/tests/${b%.*}.o"
	done)
	echo "check: $arch: sparse and W=1 on" $objs $kunit_objs
	log=$(mktemp)
	# W=1 only applies to objects compiled now.
	(cd "$kout" && rm -f $objs $kunit_objs)
	make -C "$KSRC" O="$kout" ARCH="$arch" CC="ccache gcc" C=2 W=1 \
		$objs $kunit_objs >"$log" 2>&1 || { cat "$log"; status=1; }
	# Findings in the project's files count; the kernel's own headers
	# have some of their own on i386 (desc.h's per-CPU GDT for sparse),
	# which are shown but are not ours to fix here.
	if grep -E "(warning|error):" "$log" | grep -E "$own_files"; then
		status=1
	fi
	if grep -E "(warning|error):" "$log" | grep -v -E "$own_files" | sort -u | grep .; then
		echo "check: $arch: (the lines above are in kernel headers, not counted)"
	fi
	rm -f "$log"
}

# The project's files as the kernel tree names them (kunit/ goes to tests/)
own_files=$( (git ls-files -- include arch kernel drivers | grep -E '\.[chS]$'
	      for f in $(git ls-files -- 'kunit/kexec_call_kunit*.[chS]'); do
		      echo "kernel/kexec_call/tests/${f##*/}"
	      done
	      for f in $(git ls-files -- 'kunit/fwcall_kunit*.[chS]'); do
		      echo "drivers/fwcall/tests/${f##*/}"
	      done
	      for f in $(git ls-files -- 'kunit/vbedrm_kunit*.[chS]'); do
		      echo "drivers/gpu/drm/vbe/tests/${f##*/}"
	      done) | sed 's/[.]/[.]/g' | paste -sd'|')

# objtool on vmlinux.o (where it runs with IBT and noinstr validation):
# relink it and count every warning.  The x86_64 configuration must have
# IBT on, so that the ENDBR rules are checked.
objtool_x86_64() {
	local kout=$1 log

	if ! grep -q '^CONFIG_X86_KERNEL_IBT=y' "$kout/.config"; then
		echo "check: x86_64: CONFIG_X86_KERNEL_IBT is off in $kout/.config"
		status=1
	fi
	echo "check: x86_64: objtool on vmlinux.o (IBT, noinstr)"
	log=$(mktemp)
	rm -f "$kout/vmlinux.o"
	make -C "$KSRC" O="$kout" ARCH=x86_64 CC="ccache gcc" vmlinux >"$log" 2>&1 ||
		{ cat "$log"; status=1; }
	if grep -a -E "objtool" "$log" | grep -a -E "warning|error"; then
		status=1
	fi
	rm -f "$log"
}

sparse_arch x86_64 "$TOP/build/out/x86_64"
python3 "$TOP/scripts/check-examples.py" "$TOP" "$KSRC" "$TOP/build/out/x86_64" || status=1
objtool_x86_64 "$TOP/build/out/x86_64"
i386_out=$TOP/build/out/i386-nopae
if [ ! -f "$i386_out/vmlinux" ]; then
	echo "check: building the i386 kernel for its sparse run"
	ARCH=i386 KOUT=$TOP/build/out/i386 KUNIT_VARIANT=nopae \
		"$TOP/scripts/kunit.sh" build >/dev/null || status=1
fi
sparse_arch i386 "$i386_out"

[ "$status" -eq 0 ] && echo "check: clean"
exit $status
