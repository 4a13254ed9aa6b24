#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make test: the KUnit suites under QEMU with SeaBIOS, under KVM (when
# /dev/kvm is usable) and TCG, or only under TEST_ACCEL.  Every KUnit case
# of every run counts; the last line is "N passed, N failed".
set -uo pipefail

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${ARCH:=x86_64}"
: "${BUILD:=$TOP/build}"
logdir=$BUILD/test-logs
mkdir -p "$logdir"

if [ -n "${TEST_ACCEL:-}" ]; then
	accels=$TEST_ACCEL
elif [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	accels="kvm tcg"
else
	echo "test: /dev/kvm not usable, TCG only"
	accels=tcg
fi

passed=0
failed=0

# Add the counts from kunit.py's closing "Ran N tests: passed: N, ..." line.
count() {
	local line=$1 p f c

	p=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*failed: \([0-9]*\).*/\1/p' <<<"$line")
	c=$(sed -n 's/.*crashed: \([0-9]*\).*/\1/p' <<<"$line")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${c:-0}))
}

for accel in $accels; do
	log=$logdir/kunit-$ARCH-$accel.log
	echo "test: KUnit, $ARCH, $accel (log: $log)"
	start=$SECONDS
	TEST_ACCEL=$accel "$TOP/scripts/kunit.sh" run --timeout=1200 \
		>"$log" 2>&1
	rc=$?
	summary=$(grep -a "Testing complete\." "$log" | tail -n 1)
	grep -a -E "^\[..:..:..\] +(\[(PASSED|FAILED|CRASHED|SKIPPED)\]|=+ |Testing complete)|# (Subtest|.*not ok)" \
		"$log" | tail -n 80
	if [ -z "$summary" ]; then
		echo "test: KUnit run under $accel produced no result (exit $rc)"
		tail -n 40 "$log"
		failed=$((failed + 1))
		continue
	fi
	count "$summary"
	echo "test: KUnit $ARCH $accel: $summary ($((SECONDS - start)) s)"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
