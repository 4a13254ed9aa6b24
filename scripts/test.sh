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
skipped=0
# A working KVM runs the suite in seconds; some nested hosts expose a
# /dev/kvm that cannot boot Linux (emulation failures) or crawls.
kvm_timeout=${KVM_TIMEOUT:-240}

# Add the counts from kunit.py's closing "Ran N tests: passed: N, ..." line.
count() {
	local line=$1 p f c e

	p=$(sed -n 's/.*passed: \([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*failed: \([0-9]*\).*/\1/p' <<<"$line")
	c=$(sed -n 's/.*crashed: \([0-9]*\).*/\1/p' <<<"$line")
	e=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' <<<"$line")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${c:-0} + ${e:-0}))
}

for accel in $accels; do
	log=$logdir/kunit-$ARCH-$accel.log
	echo "test: KUnit, $ARCH, $accel (log: $log)"
	start=$SECONDS
	timeout=1200
	[ "$accel" = kvm ] && timeout=$kvm_timeout
	TEST_ACCEL=$accel "$TOP/scripts/kunit.sh" run --timeout="$timeout" \
		>"$log" 2>&1
	rc=$?
	summary=$(grep -a "Testing complete\." "$log" | tail -n 1)
	grep -a -E "^\[..:..:..\] +(\[(PASSED|FAILED|CRASHED|SKIPPED)\]|=+ |Testing complete)|# (Subtest|.*not ok)" \
		"$log" | tail -n 80
	if [ "$accel" = kvm ] && ! grep -a -q "# Totals:" "$log" &&
	   grep -a -q -E "KVM internal error|timed out after" "$log"; then
		why=$(grep -a -m1 -o -E "KVM internal error.*|timed out after [0-9]+ seconds" "$log")
		echo "test: SKIPPED: this host's KVM cannot run the kernel ($why);"
		echo "test: the TCG run below is the result; see $log"
		skipped=$((skipped + 1))
		continue
	fi
	if [ -z "$summary" ]; then
		echo "test: KUnit run under $accel produced no result (exit $rc)"
		tail -n 40 "$log"
		failed=$((failed + 1))
		continue
	fi
	count "$summary"
	echo "test: KUnit $ARCH $accel: $summary ($((SECONDS - start)) s)"
done

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
