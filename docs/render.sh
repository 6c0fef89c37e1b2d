#!/usr/bin/env bash
# Renders the sample run's report workbooks to PNG pages for the README, the way they print
# (A4, LibreOffice's layout). Needs LibreOffice, poppler-utils and a Japanese font:
#   apt-get install -y libreoffice-calc fonts-noto-cjk poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/kyodo run samples --out "$work/out" --quiet || true
./target/release/kyodo year-end samples --out "$work/out" --quiet || true
rm -f docs/images/*.png
# One district's workbook stands for all of 地区別/.
for book in 予算配当表 研修出席状況 地域・コーディネーター一覧 "コーディネーター名簿（内部用）" チェック結果 地区別/光陽 年度末報告; do
  name=${book//\//-}
  cp "$work/out/$book.xlsx" "$work/$name.xlsx"
  (cd "$work" && soffice --headless --convert-to pdf "$name.xlsx" >/dev/null 2>&1)
  pdftoppm -r 70 -png "$work/$name.pdf" "docs/images/$name"
done
ls docs/images
