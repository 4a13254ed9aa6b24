#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the build, QEMU runs and tests need, if any
# is missing.  Needs root (or sudo) on Debian 12.
set -euo pipefail

pkgs=(
	linux-source-6.12 build-essential bc flex bison libelf-dev libssl-dev
	cpio xz-utils rsync ccache sparse python3 python3-ply python3-git perl git
	qemu-system-x86 seabios busybox-static kexec-tools libx86emu-dev libx86-dev gnuplot-nox
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
