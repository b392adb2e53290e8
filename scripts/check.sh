#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Every test: install what is missing, build everything, check kernel
# style, run the VM suite and the host tests.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
# Build in parallel; run the suites one after the other (each VM run uses
# both cores, and their logs stay readable).
make -j"$(nproc)" all
exec make check
