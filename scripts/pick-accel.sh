#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The accelerator for one boot of `make run` or `make bench`: the one asked
# for, else KVM when scripts/kvm-usable.sh boots the kernel under it, else
# TCG with the reason on stderr.
#
# Arguments: the bzImage, the probe's log file, the accelerator asked for
# (empty: choose), and a prefix for the message.  Prints kvm or tcg.
set -uo pipefail

kernel=$1
log=$2
asked=$3
who=$4

if [ -n "$asked" ]; then
	echo "$asked"
elif why=$("$(dirname "$0")/kvm-usable.sh" "$kernel" "$log"); then
	echo kvm
else
	echo "$who: $why; using TCG" >&2
	echo tcg
fi
