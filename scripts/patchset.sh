#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make patchset: turn the project into a git format-patch series against
# the pristine 6.12 tree in outgoing/, one logical change per patch, and
# check it: each patch passes checkpatch --strict, the series applies with
# git am without a warning and gives the tree the build uses, and every
# prefix of it builds in the KUnit x86_64 configuration (with ccache;
# PATCHSET_BUILD=0 skips the builds).
#
# The steps below say what each patch adds: hooks from patches/ and the
# project's files.  A patch that adds a file an earlier file calls into
# (a Makefile line, an init call, a hook in the switch) also has a peel,
# scripts/series/<step>.peel: the diff that takes that use out again.  The
# series is made backwards: from the whole tree, each step's files and
# hooks are taken away and its peel applied, down to pristine; each state
# on the way is a patch's tree.
#
#   scripts/patchset.sh --author STEP   stop where STEP's peel applies, in
#                                       build/series: edit, then
#                                       git -C build/series diff >scripts/series/STEP.peel
set -euo pipefail
# Debian's python3, with python3-ply for checkpatch's SPDX check
export PATH=/usr/bin:$PATH

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${KSRC:=$TOP/build/linux}"
: "${ARCH:=x86_64}"
wt=$TOP/build/series
out=$TOP/outgoing
peels=$TOP/scripts/series
author_step=
[ "${1:-}" = --author ] && author_step=$2
export GIT_AUTHOR_NAME="kexec_call developers" GIT_AUTHOR_EMAIL=kexec_call@localhost
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
g() { git -C "$wt" "$@"; }

keys=()
subjects=()
bodies=()
specs=()

# step KEY SUBJECT BODY SPEC...: a patch.  A SPEC is hook:NNNN (a patch in
# patches/), a project file, or SRC=DST for a file at another path (the
# KUnit sources in kunit/ go to the tests/ directory they test).
step() {
	keys+=("$1")
	subjects+=("$2")
	bodies+=("$3")
	shift 3
	specs+=("$*")
}

# ... then scripts/series-steps.sh says what the steps are
# shellcheck source=series-steps.sh
. "$TOP/scripts/series-steps.sh"

rm -rf "$wt" "$out"
git -C "$KSRC" worktree prune
git -C "$KSRC" worktree add -q --detach "$wt" pristine

spec_src() { [[ $1 == *=* ]] && echo "${1%%=*}" || echo "$1"; }
spec_dst() { [[ $1 == *=* ]] && echo "${1#*=}" || echo "$1"; }

add_spec() {
	local s=$1 dst

	if [[ $s == hook:* ]]; then
		g apply --index "$TOP/patches/${s#hook:}"-*.patch
		return
	fi
	dst=$(spec_dst "$s")
	mkdir -p "$(dirname "$wt/$dst")"
	cp "$TOP/$(spec_src "$s")" "$wt/$dst"
	g add -f "$dst"
}

remove_spec() {
	local s=$1

	if [[ $s == hook:* ]]; then
		g apply -R --index "$TOP/patches/${s#hook:}"-*.patch
		return
	fi
	g rm -q -f -- "$(spec_dst "$s")"
}

# Our MAINTAINERS sections list only files the tree has so far; a section
# with none is left out.
maintainers_for_tree() {
	python3 - "$wt" <<'EOF'
import glob, os, sys
wt = sys.argv[1]
ours = ("KEXEC_CALL (CALLING PHYSICAL-MODE FIRMWARE)",
        "DRM DRIVER FOR VESA BIOS EXTENSIONS THROUGH FWCALL (VBEDRM)")
lines = open(os.path.join(wt, "MAINTAINERS")).read().split("\n")
out, i = [], 0
while i < len(lines):
    if lines[i] in ours:
        j = i
        while j < len(lines) and lines[j] != "":
            j += 1
        section = [l for l in lines[i:j] if not l.startswith("F:\t") or
                   glob.glob(os.path.join(wt, l[3:]))]
        if any(l.startswith("F:\t") for l in section):
            out += section + [""]
        i = j + 1
        continue
    out.append(lines[i])
    i += 1
open(os.path.join(wt, "MAINTAINERS"), "w").write("\n".join(out))
EOF
}

# The whole tree
n=${#keys[@]}
for ((k = 0; k < n; k++)); do
	for s in ${specs[k]}; do
		add_spec "$s"
	done
done

# Backwards, down to pristine
trees=()
for ((k = n - 1; k >= 0; k--)); do
	cp "$wt/MAINTAINERS" "$TOP/build/MAINTAINERS.step"
	maintainers_for_tree
	g add MAINTAINERS
	trees[k]=$(g write-tree)
	cp "$TOP/build/MAINTAINERS.step" "$wt/MAINTAINERS"
	g add MAINTAINERS
	# shellcheck disable=SC2206
	list=(${specs[k]})
	for ((i = ${#list[@]} - 1; i >= 0; i--)); do
		remove_spec "${list[i]}"
	done
	if [ "${keys[k]}" = "$author_step" ]; then
		echo "patchset: build/series is where ${keys[k]}'s peel applies"
		exit 0
	fi
	if [ -f "$peels/${keys[k]}.peel" ]; then
		g apply --index "$peels/${keys[k]}.peel" ||
			{ echo "patchset: the peel of ${keys[k]} does not apply"; exit 1; }
	fi
done
rm -f "$TOP/build/MAINTAINERS.step"
if [ "$(g write-tree)" != "$(g rev-parse 'pristine^{tree}')" ]; then
	echo "patchset: taking every step away does not give pristine back:"
	g diff --cached --stat pristine | tail -n 5
	exit 1
fi

# Forwards: the commits
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
parent=$(g rev-parse pristine)
prev_tree=$(g rev-parse 'pristine^{tree}')
for ((k = 0; k < n; k++)); do
	if [ "${trees[k]}" = "$prev_tree" ]; then
		echo "patchset: step ${keys[k]} changes nothing"
		exit 1
	fi
	parent=$(printf '%s\n\n%s\n\nSigned-off-by: %s <%s>\n' "${subjects[k]}" \
		 "${bodies[k]}" "$GIT_AUTHOR_NAME" "$GIT_AUTHOR_EMAIL" |
		 g commit-tree "${trees[k]}" -p "$parent")
	prev_tree=${trees[k]}
done
g checkout -q "$parent"

mkdir -p "$out"
g format-patch -q --cover-letter --base=pristine -o "$out" pristine.."$parent"
sed -i "s/\*\*\* SUBJECT HERE \*\*\*/kexec_call: call firmware in physical mode and jump back/" \
	"$out"/0000-cover-letter.patch
sed -i "/\*\*\* BLURB HERE \*\*\*/{r $TOP/scripts/cover-letter.txt
d}" "$out"/0000-cover-letter.patch

# The tree has no history (a Debian source package), so the commits that
# Fixes: tags name cannot be looked up (UNKNOWN_COMMIT_ID); and a patch that
# adds files MAINTAINERS already covers (a directory listed by an earlier
# patch) need not touch it (FILE_PATH_CHANGES).
status=0
for p in "$out"/00*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] && continue
	perl "$KSRC/scripts/checkpatch.pl" --strict --quiet --terse --root="$wt" \
		--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES - <"$p" ||
		status=1
done

# The series must apply with git am, without a word, and give the tree the
# build uses ...
check=$TOP/build/series-check
rm -rf "$check"
git -C "$KSRC" worktree prune
git -C "$KSRC" worktree add -q --detach "$check" pristine
patches=$(ls "$out"/[0-9]*.patch | grep -v /0000-cover-letter.patch)
# shellcheck disable=SC2086
am=$(git -C "$check" -c user.name=x -c user.email=x@localhost am $patches 2>&1 >/dev/null) ||
	{ echo "patchset: git am failed"; status=1; }
if [ -n "$am" ]; then
	echo "patchset: git am warns:"
	echo "$am"
	status=1
fi
for f in $(git -C "$check" diff --name-only pristine HEAD); do
	cmp -s "$check/$f" "$KSRC/$f" || { echo "patchset: $f differs from the build tree"; status=1; }
done
# ... and carry every file the build overlays (kunit/ maps to tests/).
for f in $(cd "$TOP" && git ls-files -- include arch kernel drivers Documentation tools/fwcall tools/kexec_call tools/kexec_jump tools/ktap tools/vbedrm); do
	[ -e "$check/$f" ] || { echo "patchset: $f is not in the series"; status=1; }
done
for f in "$TOP"/kunit/*_kunit*.[chS]; do
	case ${f##*/} in
	kexec_call_*) d=kernel/kexec_call/tests ;;
	fwcall_*) d=drivers/fwcall/tests ;;
	vbedrm_*) d=drivers/gpu/drm/vbe/tests ;;
	esac
	[ -e "$check/$d/${f##*/}" ] || { echo "patchset: kunit/${f##*/} is not in the series"; status=1; }
done

# Each prefix builds, in the KUnit x86_64 configuration, one after the other
# in one output directory (only what a patch changes is built again).
if [ "${PATCHSET_BUILD:-1}" != 0 ]; then
	bout=$TOP/build/out/series-x86_64
	mkdir -p "$bout"
	commits=$(git -C "$check" rev-list --reverse pristine..HEAD)
	i=0
	for c in $commits; do
		i=$((i + 1))
		git -C "$check" checkout -q "$c"
		cp "$TOP/build/out/x86_64/.config" "$bout/.config"
		start=$SECONDS
		# The tools the patch has, against its own uapi headers
		: >"$bout/build.log"
		tools_ok=1
		rm -rf "$bout/tools" "$bout/uapi"
		mkdir -p "$bout/uapi/linux"
		for h in fwcall kexec_call; do
			[ -f "$check/include/uapi/linux/$h.h" ] &&
				cp "$check/include/uapi/linux/$h.h" "$bout/uapi/linux/"
		done
		for t in kexec_call kexec_jump fwcall vbedrm; do
			[ -f "$check/tools/$t/Makefile" ] || continue
			mkdir -p "$bout/tools/$t"
			make -s -C "$check/tools/$t" O="$bout/tools/$t" UAPI="$bout/uapi" \
				KSRC="$check" >>"$bout/build.log" 2>&1 || tools_ok=
		done
		if [ -n "$tools_ok" ] &&
		   make -C "$check" O="$bout" ARCH=x86_64 CC="ccache gcc" olddefconfig >/dev/null &&
		   make -C "$check" O="$bout" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" vmlinux modules \
			>>"$bout/build.log" 2>&1; then
			echo "patchset: patch $i builds ($((SECONDS - start)) s)"
		else
			echo "patchset: patch $i does not build: $(git -C "$check" log -1 --format=%s "$c")"
			grep -E "error|Error" "$bout/build.log" | head -n 10
			status=1
			break
		fi
	done
fi

git -C "$KSRC" worktree remove --force "$check"

# Patch sizes: one over 1,500 lines is named
big=0
for p in "$out"/00*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] && continue
	lines=$(wc -l <"$p")
	if [ "$lines" -gt 1500 ]; then
		echo "patchset: ${p##*/} has $lines lines"
		big=$((big + 1))
	fi
done
echo "patchset: $(ls "$out"/00*.patch | wc -l) files in outgoing/, $big patches over 1,500 lines"
[ "$status" -eq 0 ] && echo "patchset: checkpatch clean, applies to pristine with git am$([ "${PATCHSET_BUILD:-1}" != 0 ] && echo ", every prefix builds")"
exit $status
