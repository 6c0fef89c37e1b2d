#!/usr/bin/env bash
# Renders the sample run's report workbooks to PNG pages for the README, the way they print
# (A4, LibreOffice's layout). Needs LibreOffice, poppler-utils and a Japanese font:
#   apt-get install -y libreoffice-calc-nogui poppler-utils fonts-ipafont fonts-ipaexfont
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/kyodo run samples --out "$work/out" --quiet || true
rm -f docs/images/*.png
for book in 予算配当表 研修出席状況 地域・コーディネーター一覧 チェック結果; do
  cp "$work/out/$book.xlsx" "$work/$book.xlsx"
  (cd "$work" && soffice --headless --convert-to pdf "$book.xlsx" >/dev/null 2>&1)
  pdftoppm -r 70 -png "$work/$book.pdf" "docs/images/$book"
done
ls docs/images
