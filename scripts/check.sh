#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Every test: install what is missing, build everything, check kernel
# style, run the VM suite and the host tests.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
exec make -j"$(nproc)" check
