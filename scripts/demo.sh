#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The main job: install what is missing, build everything, boot the test VM
# and show uacce at work.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j"$(nproc)" all
exec make demo
