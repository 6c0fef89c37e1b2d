#!/usr/bin/env bash
# Prepares a Debian 12 machine to run kyodo.exe under Wine, as a clerk would on a Japanese
# Windows 10/11 PC. Safe to run again: each step is skipped when already done.
#
#   bash setup.sh
#
# Everything it creates lives under $KYODO_WINE (default /tmp/kyodo-wine):
#   locale/    the ja_JP.UTF-8 locale, private (LOCPATH); nothing changes system-wide
#   prefix/    a 64-bit Wine prefix running as Japanese Windows (code page 932)
#   build/     the shim and the helper programs, built from this folder's sources
#   env.sh     source it before running wine by hand: . "$KYODO_WINE/env.sh"
# Outside that folder it only installs missing apt packages and the Rust Windows target.
set -euo pipefail

KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KYODO_WINE="${KYODO_WINE:-/tmp/kyodo-wine}"
TARGET=x86_64-pc-windows-gnu
START=$(date +%s)

step() { printf '== %s\n' "$*"; }
die() { printf 'setup.sh: ERROR: %s\n' "$*" >&2; exit 1; }
trap 'die "step failed at line $LINENO (see the output above)"' ERR

case "$KYODO_WINE" in /*) ;; *) die "KYODO_WINE must be an absolute path, got '$KYODO_WINE'" ;; esac
mkdir -p "$KYODO_WINE" || die "cannot create $KYODO_WINE"

# --- 1. Debian packages ------------------------------------------------------------------
# gcc-mingw-w64-x86-64: the linker for Rust's Windows target and the compiler for the shim.
# wine, wine64: runs the exe. locales: the ja_JP source that localedef needs.
# python3: compares summary.json in smoke.sh. bsdutils: `script`, the pty for the console check.
step "Debian packages"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in gcc-mingw-w64-x86-64 wine wine64 locales python3 bsdutils; do
    installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "   all installed"
else
    echo "   missing: ${missing[*]}"
    [ "$(id -u)" -eq 0 ] || die "run as root to install: ${missing[*]}"
    # Debian's wine package recommends the 32-bit half (wine32:i386), which needs the i386
    # architecture. Add it only when wine is being installed and it is not there yet.
    if [[ " ${missing[*]} " == *" wine"* ]] && ! dpkg --print-foreign-architectures | grep -qx i386; then
        echo "   adding the i386 architecture (for wine32)"
        dpkg --add-architecture i386
    fi
    apt-get update || die "apt-get update failed (is the Debian mirror reachable?)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" \
        || die "apt-get install ${missing[*]} failed"
fi

# --- 2. Rust and its Windows target --------------------------------------------------------
step "Rust target $TARGET"
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (kyodo needs a recent stable Rust)"
command -v rustup >/dev/null || die "rustup not found: the Windows target is added with rustup"
if rustup target list --installed | grep -qx "$TARGET"; then
    echo "   already installed"
else
    rustup target add "$TARGET" || die "rustup target add $TARGET failed"
fi

# --- 3. Japanese locale, private -------------------------------------------------------------
# With LANG=ja_JP.UTF-8, Wine runs as Japanese Windows: ANSI and OEM code pages 932 and
# system messages in Japanese. LOCPATH keeps the locale out of the system's own.
step "ja_JP.UTF-8 locale in $KYODO_WINE/locale"
LOCDIR="$KYODO_WINE/locale"
if [ -f "$LOCDIR/ja_JP.UTF-8/LC_CTYPE" ]; then
    echo "   already built"
else
    mkdir -p "$LOCDIR"
    # localedef exits 1 on mere warnings; judge by the result instead.
    localedef -i ja_JP -f UTF-8 "$LOCDIR/ja_JP.UTF-8" || true
    [ -f "$LOCDIR/ja_JP.UTF-8/LC_CTYPE" ] || die "localedef could not build ja_JP.UTF-8 (is the 'locales' package installed?)"
fi

# --- 4. Environment file -------------------------------------------------------------------
step "environment file $KYODO_WINE/env.sh"
cat > "$KYODO_WINE/env.sh" <<EOF
# Environment for running kyodo.exe under Wine as a Japanese Windows (written by setup.sh).
# Use: . $(printf '%q' "$KYODO_WINE/env.sh")
export KYODO_WINE=$(printf '%q' "$KYODO_WINE")
export WINEPREFIX="\$KYODO_WINE/prefix"
export WINEARCH=win64
# No Wine debug chatter; no prompts to install Mono or Gecko (kyodo needs neither).
export WINEDEBUG=-all
export WINEDLLOVERRIDES='mscoree,mshtml='
# Japanese Windows: code page 932.
export LOCPATH="\$KYODO_WINE/locale"
# LANG decides, so any LC_* setting of the calling shell is dropped. (The shell itself
# cannot load this private locale and would warn about it: hence 2>/dev/null.)
{ export LANG=ja_JP.UTF-8; unset LC_ALL LC_CTYPE LC_MESSAGES LANGUAGE; } 2>/dev/null
EOF
# shellcheck source=/dev/null
. "$KYODO_WINE/env.sh"

# --- 5. Wine prefix --------------------------------------------------------------------------
step "Wine prefix $WINEPREFIX"
if [ -f "$WINEPREFIX/system.reg" ]; then
    echo "   already created"
else
    wineboot -i >"$KYODO_WINE/wineboot.log" 2>&1 || die "wineboot failed; see $KYODO_WINE/wineboot.log"
    wineserver -w
fi
acp=$(wine reg query 'HKLM\System\CurrentControlSet\Control\Nls\CodePage' /v ACP 2>/dev/null | tr -d '\r' | awk '$1=="ACP"{print $3}') || true
oemcp=$(wine reg query 'HKLM\System\CurrentControlSet\Control\Nls\CodePage' /v OEMCP 2>/dev/null | tr -d '\r' | awk '$1=="OEMCP"{print $3}') || true
[ "$acp" = 932 ] && [ "$oemcp" = 932 ] \
    || die "the prefix is not Japanese: ACP='$acp' OEMCP='$oemcp' (expected 932). Check that $LOCPATH/ja_JP.UTF-8 exists; if the prefix is broken, remove $WINEPREFIX and run setup.sh again"
echo "   code pages: ANSI $acp, OEM $oemcp"

# --- 6. bcryptprimitives shim (Wine 8 only) ----------------------------------------------
# Rust's std imports ProcessPrng from bcryptprimitives.dll. Windows 10/11 have it, Wine 8
# does not. The shim goes into the prefix's system32 only, never next to kyodo.exe.
step "bcryptprimitives.dll"
SYS32="$WINEPREFIX/drive_c/windows/system32"
builtin=""
for d in /usr/lib/x86_64-linux-gnu/wine/x86_64-windows /usr/lib/wine/x86_64-windows \
         /usr/lib64/wine/x86_64-windows /opt/wine*/lib/wine/x86_64-windows /opt/wine*/lib64/wine/x86_64-windows; do
    [ -f "$d/bcryptprimitives.dll" ] && builtin="$d/bcryptprimitives.dll" && break
done
if [ -n "$builtin" ]; then
    echo "   Wine has its own ($builtin): no shim needed"
else
    mkdir -p "$KYODO_WINE/build/shim"
    x86_64-w64-mingw32-gcc -O2 -shared -o "$KYODO_WINE/build/shim/bcryptprimitives.dll" \
        "$KIT/shim/bcryptprimitives.c" "$KIT/shim/bcryptprimitives.def" -lbcrypt \
        || die "could not build the shim with x86_64-w64-mingw32-gcc"
    cp -f "$KYODO_WINE/build/shim/bcryptprimitives.dll" "$SYS32/bcryptprimitives.dll"
    echo "   test-only shim installed in C:\\windows\\system32"
fi

# --- 7. Helper programs: locker.exe, probe.exe --------------------------------------------
step "locker.exe and probe.exe"
TOOLS="$WINEPREFIX/drive_c/kyodo-tools"
CARGO_TARGET_DIR="$KYODO_WINE/build/locker" cargo build --quiet --release --locked \
    --target "$TARGET" --manifest-path "$KIT/locker/Cargo.toml" \
    || die "could not build the locker (cargo build --target $TARGET)"
mkdir -p "$TOOLS"
for b in locker probe runraw; do
    cp -f "$KYODO_WINE/build/locker/$TARGET/release/$b.exe" "$TOOLS/$b.exe"
done
echo "   in C:\\kyodo-tools"

# --- 8. Does a Rust exe start? -------------------------------------------------------------
step "self-test"
out=$(timeout -k 5 120 wine 'C:\kyodo-tools\locker.exe' --selftest </dev/null 2>&1 | tr -d '\r') || true
case "$out" in
    *"selftest ok"*) echo "   a Rust-built exe runs under Wine ($out)" ;;
    *) die "a Rust-built exe does not run under Wine (locker.exe --selftest said: '${out:-nothing}'). If the prefix is broken, remove $WINEPREFIX and run setup.sh again" ;;
esac

echo "setup.sh: done in $(( $(date +%s) - START )) s; environment: . $KYODO_WINE/env.sh"
