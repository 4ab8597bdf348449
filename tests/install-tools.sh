#!/usr/bin/env bash
# Installs the Debian packages the tests build their fixture artifacts with: a C compiler, the
# MinGW cross compiler and windres (PE files with version resources), osslsigncode and openssl
# (Authenticode-signed PE), squashfs-tools, e2fsprogs, cpio, zip, xz, zstd and bzip2 (images and
# archives), debootstrap (a real Debian root filesystem), and a JDK, npm and Python where
# missing. Only missing packages are installed; as root, or through sudo. `.ci/run` runs it
# before the tests.
set -euo pipefail
pkgs=(gcc gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 osslsigncode openssl squashfs-tools
    e2fsprogs cpio zip unzip xz-utils zstd bzip2 gzip tar debootstrap debian-archive-keyring)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
# The package-database tests read real Python, npm and Java files: the machine's own tools where
# it has them (pyenv, Node.js from nodejs.org, a JDK), Debian's otherwise.
command -v javac >/dev/null && command -v jar >/dev/null || missing+=(default-jdk-headless)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3 python3-pip)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-tools.sh: run as root to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
echo "install-tools.sh: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
