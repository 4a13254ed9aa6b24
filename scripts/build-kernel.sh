#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the kernel that both `make run` and `make test` boot.
set -euo pipefail
exec "$(dirname "$0")/kunit.sh" build
