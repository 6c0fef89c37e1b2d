#!/usr/bin/env bash
# kyodo's own Windows check: cross-builds kyodo.exe and runs it under Wine, set up as a clerk's
# Japanese Windows 10/11 PC (code page 932), in C:\users\職員\デスクトップ\地域学校協働 R7\, on the
# samples. One line per check: `ok   NAME — what it saw` or `FAIL NAME — why`, then
# `windows check: P/N checks pass`. Exit 0 only if every check passes; 2 if it could not run.
#
#   bash scripts/windows/setup.sh        # once per machine (Debian 12: Wine, mingw, the target)
#   bash scripts/windows-check.sh        # from kyodo's source folder
#
# Run it after changing anything that touches the platform: the command line (src/cli.rs,
# src/main.rs), the console (src/console.rs, src/progress.rs), file discovery
# (src/ingest/discover.rs), reading inputs or writing the out folder (src/ingest/source.rs,
# src/report/output.rs), or dependencies. CI cannot run Wine. It takes a release build for
# Windows and for Linux (several minutes the first time), then about two minutes.
#
# Everything goes under $KYODO_WINE (default /tmp/kyodo-wine): the prefix made by setup.sh,
# and check/ with the helper programs and the logs of the last run (check/logs).
# Started from ../shared/windows/smoke.sh; the checks it shares keep smoke.sh's names.
set -uo pipefail    # no -e: every check runs even when an earlier one fails

KYODO_WINE="${KYODO_WINE:-/tmp/kyodo-wine}"
TARGET=x86_64-pc-windows-gnu
WINE_TIMEOUT=120                 # seconds for any one run of kyodo.exe under Wine
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { printf 'windows-check.sh: ERROR: %s\n' "$*" >&2; exit 2; }

[ -f "$KYODO_WINE/env.sh" ] || die "$KYODO_WINE/env.sh not found: run scripts/windows/setup.sh first (KYODO_WINE=$KYODO_WINE)"
# shellcheck source=/dev/null
. "$KYODO_WINE/env.sh"
[ -d "$WINEPREFIX/drive_c" ] || die "no Wine prefix at $WINEPREFIX: run scripts/windows/setup.sh first"
for c in wine wineserver cargo python3 script timeout iconv; do
    command -v "$c" >/dev/null || die "'$c' not found: run scripts/windows/setup.sh first"
done

REPO="$(cd "$HERE/.." && pwd)"
[ -f "$REPO/Cargo.toml" ] && [ -d "$REPO/samples" ] || die "$REPO is not kyodo's source folder"

SMOKE="$KYODO_WINE/check"           # logs, tools and the Linux reference runs; wiped at each run
LOGS="$SMOKE/logs"
rm -rf "$SMOKE" && mkdir -p "$LOGS" || die "cannot create $SMOKE"

# The clerk's folder: Japanese names and a space, on the desktop of a Japanese user.
WIN_W='C:\users\職員\デスクトップ\地域学校協働 R7'
W="$WINEPREFIX/drive_c/users/職員/デスクトップ/地域学校協働 R7"
TOOLS_W='C:\kyodo-check'
TOOLS="$WINEPREFIX/drive_c/kyodo-check"

# --- Build ----------------------------------------------------------------------------------
T_BUILD=$(date +%s)
echo "building kyodo.exe ($TARGET), the Linux kyodo and the helper programs (log: $LOGS/build.log)"
if ! (cd "$REPO" && cargo build --release --target "$TARGET" && cargo build --release \
        && CARGO_TARGET_DIR="$KYODO_WINE/build/check-tools" cargo build --release --locked \
            --target "$TARGET" --manifest-path "$HERE/windows/locker/Cargo.toml") >"$LOGS/build.log" 2>&1; then
    tail -n 25 "$LOGS/build.log" >&2
    die "cargo build failed (full log: $LOGS/build.log)"
fi
TARGET_DIR="$(cd "$REPO" && cargo metadata --format-version 1 --no-deps 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')" \
    || die "cargo metadata failed in $REPO"
EXE="$TARGET_DIR/$TARGET/release/kyodo.exe"
LIN="$TARGET_DIR/release/kyodo"
[ -f "$EXE" ] || die "the build did not produce $EXE"
[ -x "$LIN" ] || die "the build did not produce $LIN"
rm -rf "$TOOLS" && mkdir -p "$TOOLS" || die "cannot create $TOOLS"
for b in locker runraw; do
    cp "$KYODO_WINE/build/check-tools/$TARGET/release/$b.exe" "$TOOLS/" || die "the build did not produce $b.exe"
done
echo "build: $(( $(date +%s) - T_BUILD )) s"

T_CHECKS=$(date +%s)
rm -rf "$W" && mkdir -p "$W" || die "cannot create $W"
cp -r "$REPO/samples" "$W/samples" && cp "$EXE" "$W/kyodo.exe" || die "cannot copy kyodo.exe and samples/ into $W"

# Keep one wineserver up for the whole check (it exits by itself 60 s after the last program).
wineserver -p60 >/dev/null 2>&1 || true

LOCKER_PID=""
cleanup() { [ -n "$LOCKER_PID" ] && kill "$LOCKER_PID" 2>/dev/null; return 0; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# --- Helpers --------------------------------------------------------------------------------
# wexe NAME ARGS...: runs `kyodo.exe ARGS` in the clerk's folder, with no console (stdin from
# /dev/null, output to files), saves stdout/stderr as $LOGS/NAME.out/.err; prints the exit code.
wexe() {
    local name=$1; shift
    (cd "$W" && KYODO_PAUSE=0 timeout -k 5 "$WINE_TIMEOUT" wine kyodo.exe "$@" </dev/null >"$LOGS/$name.out" 2>"$LOGS/$name.err")
    echo $?
}
# first_lines FILE [N]: the first N non-empty lines of FILE on one line, for a detail message.
first_lines() {
    grep -v '^[[:space:]]*$' "$1" 2>/dev/null | head -n "${2:-2}" | tr -d '\r' | tr '\n' '|' | sed 's/|$//; s/|/ | /g' | cut -c1-300
}
# commas N: 53148368 -> 53,148,368
commas() { printf '%s' "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }
# fail TEXT: ends the current check as failed, with TEXT as its detail.
fail() { printf '%s' "$*" >"$DETAIL"; exit 1; }
# snapshot DIR: one line per file under DIR (inode, size, mtime, path), to see what a run wrote.
snapshot() { (cd "$1" && find . -type f -printf '%i %s %T@ %p\n' | sort); }
# rel_unix 'out\x': the Unix path of a path relative to the clerk's folder.
rel_unix() { printf '%s/%s' "$W" "$(printf '%s' "$1" | tr '\\' '/')"; }

# summary_py SUMMARY PYTHON: runs PYTHON with `s` the parsed summary.json and `base(path)`.
summary_py() {
    local file=$1 code=$2
    python3 - "$file" >"$LOGS/py.txt" 2>&1 <<PY || { tail -n 1 "$LOGS/py.txt" | cut -c1-400; return 1; }
import json, sys
try:
    s = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception as e:
    sys.exit(f"no readable summary.json: {e}")
base = lambda p: str(p).replace("\\\\", "/").rsplit("/", 1)[-1]
$code
PY
    cat "$LOGS/py.txt"
}
# in_pty NAME COMMAND: runs COMMAND (a shell line) in a pseudo-terminal, as a console window
# would give it, with the typescript in $LOGS/NAME.typescript and the text in $LOGS/NAME.txt.
# Input comes from $LOGS/NAME.in (a FIFO) when it exists.
in_pty() {
    local name=$1 line=$2 input=/dev/null
    [ -p "$LOGS/$name.in" ] && input="$LOGS/$name.in"
    SHELL=/bin/bash timeout -k 5 "$WINE_TIMEOUT" script -qfec "$line" "$LOGS/$name.typescript" <"$input" >/dev/null 2>&1
}
# console_text NAME: the typescript of in_pty as plain text (Wine's tty console escapes dropped).
console_text() {
    python3 - "$LOGS/$1.typescript" "$LOGS/$1.txt" <<'PY'
import re, sys
raw = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
raw = re.sub(r"\x1b\[(\d*)C", lambda m: " " * int(m.group(1) or 1), raw)
raw = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]", "", raw)
open(sys.argv[2], "w", encoding="utf-8").write(raw.replace("\r", ""))
PY
}
# --- Checks ---------------------------------------------------------------------------------
# Each runs in its own subshell: a failure (or a crash) in one does not stop the others.

# a. `kyodo.exe run samples` writes what the Linux build writes, with the same figures.
check_run_matches_linux() {
    local L="$SMOKE/linux/地域学校協働 R7" rc lrc
    mkdir -p "$L" && cp -r "$REPO/samples" "$L/samples" || fail "cannot prepare the Linux reference run in $L"
    lrc=$(cd "$L" && timeout -k 5 "$WINE_TIMEOUT" "$LIN" run samples </dev/null >"$LOGS/a-linux.out" 2>"$LOGS/a-linux.err"; echo $?)
    case $lrc in 0|1) ;; *) fail "the Linux kyodo itself exited $lrc: $(first_lines "$LOGS/a-linux.err")" ;; esac
    rc=$(wexe a-windows run samples)
    case $rc in
        0|1) ;;
        124|137) fail "kyodo.exe run samples did not finish within ${WINE_TIMEOUT} s" ;;
        *) fail "kyodo.exe run samples exited $rc (expected 0 or 1): $(first_lines "$LOGS/a-windows.err")" ;;
    esac
    python3 - "$L/out" "$W/out" >"$LOGS/a-compare.txt" 2>&1 <<'PY' || fail "$(tail -n 1 "$LOGS/a-compare.txt" | cut -c1-400)"
import json, os, sys, zipfile

lin_root, win_root = sys.argv[1], sys.argv[2]

def files(root):
    out = set()
    for d, _, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out

lin, win = files(lin_root), files(win_root)
if not lin:
    sys.exit("the Linux run wrote nothing under out/")
missing = sorted(lin - win)
if missing:
    sys.exit(f"kyodo.exe did not write {len(missing)} of the Linux run's {len(lin)} files: " + ", ".join(missing))
for extra in sorted(win - lin):
    print("note: only the Windows run wrote", extra)

for rel in sorted(f for f in lin if f.endswith(".xlsx")):
    try:
        with zipfile.ZipFile(os.path.join(win_root, rel)) as z:
            bad = z.testzip()
            wnames = sorted(z.namelist())
    except Exception as e:
        sys.exit(f"{rel} written by kyodo.exe is not a readable workbook: {e}")
    if bad:
        sys.exit(f"{rel} written by kyodo.exe has a corrupt part: {bad}")
    with zipfile.ZipFile(os.path.join(lin_root, rel)) as z:
        lnames = sorted(z.namelist())
    if wnames != lnames:
        sys.exit(f"{rel}: the workbook's parts differ from the Linux one's")

summaries = sorted(f for f in lin if os.path.basename(f) == "summary.json")
if not summaries:
    sys.exit("the Linux run wrote no summary.json")

def key(f):
    return (f.get("id"), f.get("severity"), (f.get("file") or "").replace("\\", "/"),
            f.get("sheet"), f.get("cell"))

for rel in summaries:
    L = json.load(open(os.path.join(lin_root, rel), encoding="utf-8"))
    Wd = json.load(open(os.path.join(win_root, rel), encoding="utf-8"))
    for k in ("districts", "budget", "trainings"):
        if L.get(k) != Wd.get(k):
            sys.exit(f"{rel}: '{k}' differs between kyodo.exe and the Linux kyodo")
    lf = [key(f) for f in L.get("findings", [])]
    wf = [key(f) for f in Wd.get("findings", [])]
    if lf != wf:
        only_l = [k for k in lf if k not in wf][:3]
        only_w = [k for k in wf if k not in lf][:3]
        sys.exit(f"{rel}: findings differ ({len(lf)} on Linux, {len(wf)} on Windows); "
                 f"only on Linux: {only_l}; only on Windows: {only_w}")
    print(f"{rel}: districts, budget, trainings and {len(lf)} findings match")
print(f"all {len(lin)} files written; workbooks readable")
PY
}

# b. In a real console with code page 932 the summary line's Japanese comes out right: the
#    console shows the same summary line as the Linux build prints for the same run.
check_console_cp932() {
    local ts="$LOGS/b-console.typescript" txt="$LOGS/b-console.txt" ref lrc
    lrc=$(cd "$W" && timeout -k 5 "$WINE_TIMEOUT" "$LIN" run samples --out "$SMOKE/b-linux-out" </dev/null >/dev/null 2>"$LOGS/b-linux.err"; echo $?)
    ref=$(grep -m1 -v '^[[:space:]]*$' "$LOGS/b-linux.err" | tr -d '\r')
    case $lrc in 0|1) ;; *) fail "the Linux kyodo itself exited $lrc: $(first_lines "$LOGS/b-linux.err")" ;; esac
    [ -n "$ref" ] || fail "the Linux kyodo printed no summary line to compare with"
    # `script` gives Wine a pty, so kyodo.exe finds a real console (GetConsoleMode succeeds).
    SHELL=/bin/bash timeout -k 5 "$WINE_TIMEOUT" script -qfec \
        "cd '$W' && wine cmd /c \"chcp 932 & kyodo.exe run samples --out out\\console & echo EXIT=%ERRORLEVEL%\"" \
        "$ts" </dev/null >/dev/null 2>&1
    # Wine's tty console draws spaces as cursor moves (ESC[nC): turn those back into spaces
    # and drop the other escape sequences.
    python3 - "$ts" "$txt" <<'PY' || fail "could not read the console capture $ts"
import re, sys
raw = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
raw = re.sub(r"\x1b\[(\d*)C", lambda m: " " * int(m.group(1) or 1), raw)
raw = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", raw)
open(sys.argv[2], "w", encoding="utf-8").write(raw.replace("\r", ""))
PY
    grep -q 'EXIT=[01]\b' "$txt" || fail "kyodo.exe run in the console did not exit 0 or 1: $(grep -m1 'EXIT=' "$txt" || echo 'no exit code seen'); console: $(first_lines "$txt" 3)"
    grep -q '932' "$txt" || fail "chcp 932 did not report code page 932: $(first_lines "$txt" 2)"
    # Compared without white space: the console may wrap the line or draw spaces differently.
    python3 - "$txt" "$ref" <<'PY' || fail "the console does not show the summary line 「$ref」; it shows: $(grep -v -e '^Script' -e '932' "$txt" | first_lines /dev/stdin 2)"
import re, sys
text, ref = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
squash = lambda t: re.sub(r"\s+", "", t)
sys.exit(0 if squash(ref) in squash(text) else 1)
PY
    echo "console shows: $ref"
}

# c. A report open in Excel (FILE_SHARE_READ) during a second run into the same folder:
#    the run stops with exit 2, names the open file, and leaves every report as it was.
#    Each of the workbooks is held open in turn.
check_open_report_untouched() {
    local out='out\lock' dir rc first other fails="" wb n=0 nfail=0 msg first_msg=
    dir="$(rel_unix "$out")"
    rc=$(wexe c-first run samples --out "$out")
    case $rc in 0|1) ;; *) fail "the first run exited $rc: $(first_lines "$LOGS/c-first.err")" ;; esac
    # The reports with the 地区別/ sub-folder, as relative paths (地区別/光陽.xlsx).
    mkdir -p "$SMOKE/c-first" && cp -pr "$dir"/. "$SMOKE/c-first/" || fail "the first run wrote nothing into $out"
    first=$(cd "$SMOKE/c-first" && find . -type f | sed 's#^\./##' | LC_ALL=C sort)
    # Another --as-of in the same fiscal year: the day before the first run's (or the day
    # after, on 1 April), so that every report's content changes.
    other=$(python3 - "$dir/summary.json" <<'PY'
import datetime, json, sys
d = datetime.date.fromisoformat(json.load(open(sys.argv[1], encoding="utf-8"))["as_of"])
print(d + datetime.timedelta(days=1 if (d.month, d.day) == (4, 1) else -1))
PY
    ) || fail "cannot read as_of from the first run's summary.json"
    while IFS= read -r wb; do
        case $wb in *.xlsx) ;; *) continue ;; esac
        n=$((n + 1))
        # Back to the first run's reports (an earlier round may have replaced some).
        rm -rf "$dir" && mkdir -p "$dir" && cp -pr "$SMOKE/c-first"/. "$dir/"
        (cd "$W" && exec timeout -k 5 180 wine "$TOOLS_W\\locker.exe" "$out\\${wb//\//\\}" 1 90 write \
            </dev/null >"$LOGS/c-locker-$n.out" 2>&1) &
        LOCKER_PID=$!
        for _ in $(seq 1 60); do grep -q 'LOCKED\|FAILED' "$LOGS/c-locker-$n.out" 2>/dev/null && break; sleep 0.5; done
        if ! grep -q LOCKED "$LOGS/c-locker-$n.out"; then
            kill "$LOCKER_PID" 2>/dev/null; wait "$LOCKER_PID" 2>/dev/null; LOCKER_PID=""
            fail "locker.exe could not hold $wb open: $(first_lines "$LOGS/c-locker-$n.out")"
        fi
        rc=$(wexe "c-second-$n" run samples --as-of "$other" --out "$out")
        kill "$LOCKER_PID" 2>/dev/null; wait "$LOCKER_PID" 2>/dev/null; LOCKER_PID=""
        msg=$(first_lines "$LOGS/c-second-$n.err" 1)
        local problems=()
        [ "$rc" = 2 ] || problems+=("exit $rc, not 2")
        grep -qF "${wb##*/}" "$LOGS/c-second-$n.err" || problems+=("the message does not name $wb")
        local changed=() f
        while IFS= read -r f; do
            cmp -s "$SMOKE/c-first/$f" "$dir/$f" || changed+=("$f")
        done <<<"$first"
        [ ${#changed[@]} -eq 0 ] || problems+=("replaced by the second run: ${changed[*]}")
        local extra
        extra=$(cd "$dir" && find . -mindepth 1 ! -type d | sed 's#^\./##' | grep -vxF "$first" | tr '\n' ' ')
        [ -z "$extra" ] || problems+=("left behind: $extra")
        echo "round $n, $wb held open: exit $rc; message: $msg; ${problems[*]:-all reports unchanged}"
        if [ ${#problems[@]} -gt 0 ]; then
            nfail=$((nfail + 1))
            fails+="${fails:+; }$wb open: $(printf '%s, ' "${problems[@]}" | sed 's/, $//')"
            [ -n "$first_msg" ] || first_msg="$msg"
        fi
    done <<<"$first"
    [ "$n" -gt 0 ] || fail "the first run wrote no workbook into $out"
    [ -z "$fails" ] || fail "$nfail of $n workbooks held open leave mixed reports or a wrong exit: $fails (kyodo said: ${first_msg:-nothing})"
}

# d. Drag-and-drop of the samples folder onto kyodo.exe: one argument, the folder, and no
#    subcommand. It must run the monthly job (write the reports).
check_drag_and_drop() {
    local before after rc new
    before=$(snapshot "$W")
    rc=$(wexe d-dragdrop "$WIN_W\\samples")
    after=$(snapshot "$W")
    new=$(comm -13 <(echo "$before") <(echo "$after") | awk '{ $1=$2=$3=""; sub(/^ +/, ""); print }')
    case $rc in
        0|1) ;;
        124|137) fail "kyodo.exe <folder> did not finish within ${WINE_TIMEOUT} s (waiting for a key?)" ;;
        *) fail "kyodo.exe \"$WIN_W\\samples\" exited $rc and wrote $(echo -n "$new" | grep -c .) files: $(first_lines "$LOGS/d-dragdrop.err" 1)" ;;
    esac
    echo "$new" | grep -q 'summary\.json$' && echo "$new" | grep -q '\.xlsx$' \
        || fail "kyodo.exe <folder> exited $rc but wrote no reports (new files: ${new:-none})"
    echo "written:"; echo "$new"
}

# e. Help of every command, and argument errors, in Japanese: none of clap's English.
check_help_japanese() {
    local rc english n=0 args want
    while IFS='|' read -r want args; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        rc=$(wexe "e-help-$n" $args)
        cat "$LOGS/e-help-$n.out" "$LOGS/e-help-$n.err" | tr -d '\r' >"$LOGS/e-help-$n.txt"
        [ -s "$LOGS/e-help-$n.txt" ] || fail "kyodo.exe $args printed nothing (exit $rc)"
        english=$(grep -E 'Usage:|Options:|Commands:|Arguments:|error:|tip:|Print help' "$LOGS/e-help-$n.txt" | head -n 2 | cut -c1-60 | tr '\n' '|')
        [ -z "$english" ] || fail "kyodo.exe $args has English: $english"
        grep -q '使い方\|kyodo --help' "$LOGS/e-help-$n.txt" || fail "kyodo.exe $args: no 使い方 or pointer to --help: $(first_lines "$LOGS/e-help-$n.txt" 2)"
        [ "$rc" = "$want" ] || fail "kyodo.exe $args exited $rc, not $want"
    done <<'EOF'
0|--help
0|run --help
0|check --help
0|year-end --help
0|init --help
0|help run
2|--bogus
2|check --qiet
2|init a b
EOF
    grep -q '「--qiet」というオプションはありません（--quiet ですか？）' "$LOGS/e-help-8.err" \
        || fail "check --qiet does not suggest --quiet: $(first_lines "$LOGS/e-help-8.err" 1)"
    echo "$n command lines, all Japanese; e.g. $(first_lines "$LOGS/e-help-8.err" 1)"
}

# f. A pipe whose reader has already gone does not make kyodo.exe panic. Wine's cmd cannot
#    do this (it runs `a | b` through a temporary file, a to the end, then b), so the exe's
#    stdout is a Unix pipe whose reader has exited.
check_closed_pipe() {
    local rc
    rc=$(cd "$W" && KYODO_PAUSE=0 timeout -k 5 "$WINE_TIMEOUT" wine kyodo.exe check samples </dev/null 2>"$LOGS/f-pipe.err" | true; echo "${PIPESTATUS[0]}")
    if grep -q 'panicked' "$LOGS/f-pipe.err" || [ "$rc" = 101 ]; then
        fail "exit $rc, panic: $(grep -m1 -A1 'panicked' "$LOGS/f-pipe.err" | tr -d '\r' | tail -n 1 | cut -c1-200)"
    fi
    case $rc in 124|137) fail "kyodo.exe check samples | (closed) did not finish within ${WINE_TIMEOUT} s" ;; esac
    echo "exit $rc; stderr: $(first_lines "$LOGS/f-pipe.err" 2)"
}

# g. A workbook hidden with the Windows hidden attribute (attrib +h) is not read.
check_hidden_skipped() {
    local folder='非表示テスト' hidden='隠し_古い名簿.xlsx' roster rc att
    mkdir -p "$W/$folder" && cp "$W/samples"/* "$W/$folder/" || fail "cannot copy the samples into $folder"
    roster=$(cd "$W/$folder" && ls | grep -m1 '名簿.*\.xlsx$') || fail "no roster (…名簿….xlsx) in samples/ to copy"
    cp "$W/$folder/$roster" "$W/$folder/$hidden"
    (cd "$W" && timeout -k 5 60 wine cmd /c attrib +h "$folder\\$hidden" </dev/null >"$LOGS/g-attrib.out" 2>&1)
    att=$(cd "$W" && timeout -k 5 60 wine cmd /c attrib "$folder\\$hidden" </dev/null 2>/dev/null | iconv -f CP932 -t UTF-8 2>/dev/null | tr -d '\r' | sed 's/[A-Za-z]:\\.*//')
    case $att in
        *H*) ;;
        *) fail "could not set the hidden attribute on $hidden (attrib shows '$att'; Wine keeps it in the user.DOSATTRIB xattr: does this filesystem support user xattrs?)" ;;
    esac
    rc=$(wexe g-hidden run "$folder" --out 'out\hidden')
    case $rc in 0|1) ;; *) fail "kyodo.exe run $folder exited $rc: $(first_lines "$LOGS/g-hidden.err")" ;; esac
    python3 - "$W/out/hidden/summary.json" "$hidden" "$roster" >"$LOGS/g-inventory.txt" 2>&1 <<'PY' || fail "$(tail -n 1 "$LOGS/g-inventory.txt" | cut -c1-400)"
import json, sys
path, hidden, roster = sys.argv[1:4]
try:
    s = json.load(open(path, encoding="utf-8"))
except Exception as e:
    sys.exit(f"no readable summary.json from the run: {e}")
base = lambda p: p.replace("\\", "/").rsplit("/", 1)[-1]
read = [i for i in s.get("inputs", []) if base(i.get("file", "")) == hidden]
if read:
    sheets = sorted({str(i.get("sheet")) for i in read})
    n = sum(1 for f in s.get("findings", []) if base(f.get("file") or "") == hidden)
    sys.exit(f"the hidden copy of {roster} ({hidden}, attrib +h) was read: summary.json inputs list it "
             f"(sheets {', '.join(sheets)}); findings from it: {n}")
skipped = [f for f in s.get("skipped_files", []) if base(str(f)) == hidden]
print(f"{hidden} not read" + (" (listed as skipped)" if skipped else ""))
PY
}


# i. A folder path with a trailing backslash, quoted (Explorer's 「パスのコピー」, tab completion):
#    Windows reads `\"` as a quote inside the argument; kyodo repairs the command line.
check_trailing_backslash() {
    local rc
    rc=$(cd "$W" && RUNRAW_LINE="\"$WIN_W\\samples\\\" --out out\\backslash --quiet" KYODO_PAUSE=0 \
        timeout -k 5 "$WINE_TIMEOUT" wine "$TOOLS_W\\runraw.exe" "$WIN_W\\kyodo.exe" \
        </dev/null >"$LOGS/i-backslash.out" 2>"$LOGS/i-backslash.err"; echo $?)
    case $rc in 0|1) ;; *) fail "kyodo.exe \"…\\samples\\\" --out out\\backslash exited $rc: $(first_lines "$LOGS/i-backslash.err" 2)" ;; esac
    [ -f "$W/out/backslash/summary.json" ] || fail "exit $rc but no reports in out\\backslash (the arguments after the path were lost)"
    echo "exit $rc; reports in out\\backslash"
}

# j. A double-click: no argument at all, started in the exe's folder among the workbooks.
check_no_subcommand() {
    local d="$W/ダブルクリック" rc
    mkdir -p "$d" && cp "$W/samples"/* "$d/" && cp "$W/kyodo.exe" "$d/" || fail "cannot prepare $d"
    rc=$(cd "$d" && KYODO_PAUSE=0 timeout -k 5 "$WINE_TIMEOUT" wine kyodo.exe </dev/null >"$LOGS/j-none.out" 2>"$LOGS/j-none.err"; echo $?)
    case $rc in 0|1) ;; *) fail "kyodo.exe with no argument exited $rc: $(first_lines "$LOGS/j-none.err" 2)" ;; esac
    ls "$d"/out/*/*/summary.json >/dev/null 2>&1 || fail "kyodo.exe with no argument wrote no reports under out\\"
    echo "exit $rc; $(first_lines "$LOGS/j-none.err" 1)"
}

# k. Started from Explorer (a console of its own): the summary, the out folder, then
#    「Enter キーを押すと閉じます」, and it waits until Enter. From cmd (a shared console) it
#    never waits. A fatal error (an empty folder dropped) waits too.
check_explorer_wait() {
    local txt pid rc i empty="$W/空のフォルダ"
    mkfifo "$LOGS/k-explorer.in" || fail "mkfifo failed"
    # The FIFO is held open for writing by this shell until Enter is sent.
    exec 7<>"$LOGS/k-explorer.in"
    ( cd "$W" && in_pty k-explorer "wine kyodo.exe '$WIN_W\\samples' --out 'out\\explorer'" ) &
    pid=$!
    for i in $(seq 1 $((WINE_TIMEOUT * 2))); do
        console_text k-explorer 2>/dev/null
        grep -q 'Enter キーを押すと閉じます' "$LOGS/k-explorer.txt" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    txt="$LOGS/k-explorer.txt"
    grep -q 'Enter キーを押すと閉じます' "$txt" || { exec 7>&-; wait "$pid"; fail "no 「Enter キーを押すと閉じます」 in the console: $(first_lines "$txt" 3)"; }
    sleep 2
    kill -0 "$pid" 2>/dev/null || { exec 7>&-; fail "kyodo.exe closed its window without waiting for Enter"; }
    printf '\r' >&7
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; exec 7>&-; fail "kyodo.exe still waits after Enter"; fi
    exec 7>&-
    wait "$pid"
    console_text k-explorer
    grep -q '照合が終わりました' "$txt" && grep -q '報告の出力先' "$txt" \
        || fail "the window does not show the summary and the out folder: $(first_lines "$txt" 4)"
    # From cmd the console is shared: no prompt, no wait (stdin never gets a line).
    ( cd "$W" && sleep "$WINE_TIMEOUT" | in_pty k-cmd "wine cmd /c \"kyodo.exe samples --out out\\cmd & echo EXIT=%ERRORLEVEL%\"" )
    console_text k-cmd
    grep -q 'EXIT=[01]\b' "$LOGS/k-cmd.txt" || fail "from cmd kyodo.exe did not finish without a key: $(first_lines "$LOGS/k-cmd.txt" 3)"
    ! grep -q 'Enter キー' "$LOGS/k-cmd.txt" || fail "from cmd kyodo.exe asked for Enter"
    # A fatal error: the message stays on screen too.
    mkdir -p "$empty"
    ( cd "$W" && printf '\r' | { sleep 15; cat; } | in_pty k-error "wine kyodo.exe '$WIN_W\\空のフォルダ'" )
    console_text k-error
    grep -q 'kyodo init' "$LOGS/k-error.txt" && grep -q 'Enter キーを押すと閉じます' "$LOGS/k-error.txt" \
        || fail "an empty folder dropped: no message and wait: $(first_lines "$LOGS/k-error.txt" 3)"
    echo "window: $(grep -m1 '照合が終わりました' "$txt" | cut -c1-80) … $(grep -m1 'Enter' "$txt"); from cmd: no wait; error: waits"
}

# l. Patterns match case-insensitively, as on Windows: `*.xlsx` finds 支出簿.XLSX.
check_patterns_case() {
    local f="大文字" rc
    mkdir -p "$W/$f" && cp "$W/samples"/* "$W/$f/" || fail "cannot copy the samples into $f"
    mv "$W/$f/支出簿.xlsx" "$W/$f/支出簿.XLSX" || fail "no 支出簿.xlsx in samples/"
    rc=$(wexe l-case run "$f\\*.xlsx" --out 'out\case')
    case $rc in 0|1) ;; *) fail "kyodo.exe run $f\\*.xlsx exited $rc: $(first_lines "$LOGS/l-case.err" 2)" ;; esac
    summary_py "$W/out/case/summary.json" '
read = {base(i.get("file", "")) for i in s.get("inputs", [])}
if "支出簿.XLSX" not in read:
    sys.exit(f"*.xlsx did not find 支出簿.XLSX; read: {sorted(read)}")
print(f"*.xlsx read {len(read)} files, 支出簿.XLSX among them")' || fail "$(cat "$LOGS/py.txt" | tail -n 1)"
}

# m. A kyodo.toml saved by Notepad as 「ANSI」 (CP932) is read, and the inventory says so.
check_config_cp932() {
    local f="ANSI設定" rc
    mkdir -p "$W/$f" && cp "$W/samples"/* "$W/$f/" || fail "cannot copy the samples into $f"
    [ -f "$W/$f/kyodo.toml" ] || fail "samples/ has no kyodo.toml"
    iconv -f UTF-8 -t CP932 "$W/samples/kyodo.toml" >"$W/$f/kyodo.toml" || fail "iconv to CP932 failed"
    rc=$(wexe m-ansi run "$f" --out 'out\ansi')
    case $rc in 0|1) ;; *) fail "kyodo.exe run $f (CP932 kyodo.toml) exited $rc: $(first_lines "$LOGS/m-ansi.err" 2)" ;; esac
    summary_py "$W/out/ansi/summary.json" '
origin = s.get("config", {}).get("origin", "")
if "Shift_JIS" not in origin:
    sys.exit(f"the inventory does not say Shift_JIS: {origin}")
print(f"config: {origin}")' || fail "$(cat "$LOGS/py.txt" | tail -n 1)"
}

# h. The exe is not bloated with debug info: under 20 MB.
check_exe_size() {
    local size limit=20000000 dbg=0 name hex
    size=$(stat -c %s "$EXE") || fail "cannot stat $EXE"
    if [ "$size" -ge "$limit" ]; then
        # How much of it is DWARF debug info (.debug_* sections)?
        if command -v x86_64-w64-mingw32-objdump >/dev/null; then
            while read -r _ name hex _; do
                case $name in .debug*) dbg=$((dbg + 16#$hex)) ;; esac
            done < <(x86_64-w64-mingw32-objdump -h "$EXE" 2>/dev/null)
        fi
        if [ "$dbg" -gt 0 ]; then
            fail "kyodo.exe is $(commas "$size") bytes (limit $(commas "$limit")); $(commas "$dbg") bytes of it are .debug_* sections (debug info kept in the release exe)"
        fi
        fail "kyodo.exe is $(commas "$size") bytes (limit $(commas "$limit"))"
    fi
    echo "kyodo.exe: $(commas "$size") bytes"
    SIZE_LINE="$(commas "$size") bytes"
}

# --- Run them -------------------------------------------------------------------------------
PASS=0; TOTAL=0
run_check() {
    local name=$1 fn=$2 rc detail
    DETAIL="$LOGS/$name.detail"
    rm -f "$DETAIL"
    ( "$fn" ) >"$LOGS/$name.log" 2>&1
    rc=$?
    TOTAL=$((TOTAL + 1))
    if [ "$rc" -eq 0 ]; then
        PASS=$((PASS + 1))
        printf 'ok   %-24s — %s\n' "$name" "$(tail -n 1 "$LOGS/$name.log" | cut -c1-150)"
    else
        detail=$(cat "$DETAIL" 2>/dev/null)
        printf 'FAIL %-24s — %s\n' "$name" "${detail:-the check stopped unexpectedly (exit $rc); see $LOGS/$name.log}"
    fi
}

run_check run-matches-linux      check_run_matches_linux
run_check console-cp932          check_console_cp932
run_check open-report-untouched  check_open_report_untouched
run_check drag-and-drop-folder   check_drag_and_drop
run_check trailing-backslash     check_trailing_backslash
run_check no-subcommand          check_no_subcommand
run_check explorer-wait          check_explorer_wait
run_check help-in-japanese       check_help_japanese
run_check closed-pipe-no-panic   check_closed_pipe
run_check hidden-file-skipped    check_hidden_skipped
run_check patterns-ignore-case   check_patterns_case
run_check config-cp932           check_config_cp932
run_check exe-under-20mb         check_exe_size

echo "checks: $(( $(date +%s) - T_CHECKS )) s; logs: $LOGS"
echo "windows check: $PASS/$TOTAL checks pass"
[ "$PASS" -eq "$TOTAL" ]
