#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rewrite one patch in patches/ from the prepared tree: its mail header and
# message stay, its diff becomes `git diff pristine` of the files it touches.
# For changing a hook by editing build/linux and keeping patches/ in step.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
K=$top/build/linux
p=$1

files=$(sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "$p")
{
	sed -n '1,/^---$/p' "$p"
	git -C "$K" diff pristine -- $files
} > "$p.new"
mv "$p.new" "$p"
