//! An OLE container (.xls) → sheets of cells: an encrypted or password-protected file, a
//! broken chain or another Office document told in plain Japanese; calamine reads a small
//! workbook, kyodo's own sparse reader (`biff.rs`) a large one or one calamine gives up on.

use super::sheet::{dense_cells, each_sheet, grid_from, Book, Grid, Skip};
use crate::config::Limits;
use calamine::{Reader, Xls, XlsError};

/// calamine builds each .xls sheet as a dense grid of its extent when it opens the file: a
/// workbook whose sheets together span more cells than this is read sparsely by
/// [`super::biff`] instead (about 32 MB of grid at calamine's cell size).
const XLS_DENSE_MAX: u64 = 1 << 20;

pub(super) const PASSWORD: &str = "パスワードで保護されているため読めません";

pub(super) fn read_ole(bytes: &[u8], limits: &Limits) -> Result<Book, String> {
    // An encrypted xlsx is an OLE container holding these streams (names in UTF-16LE).
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    if super::zipfile::contains(bytes, &utf16("EncryptedPackage"))
        || super::zipfile::contains(bytes, &utf16("EncryptionInfo"))
    {
        return Err(PASSWORD.into());
    }
    if !super::ole::chains_are_sound(bytes) {
        return Err("ファイルが壊れているため読めません（xlsの内部の連鎖が壊れています）".into());
    }
    let max = limits.max_sheet_cells;
    let stream =
        super::ole::stream(bytes, "Workbook").or_else(|| super::ole::stream(bytes, "Book"));
    let Some(stream) = stream else {
        return Err(not_a_workbook(bytes));
    };
    let globals = super::biff::globals(&stream);
    let sparse = |g: &super::biff::Globals| Book {
        sheets: g
            .sheets
            .iter()
            .enumerate()
            .map(|(i, s)| match s.is_worksheet {
                false => Grid::skipped(&s.name, Skip::NotAWorksheet),
                true => grid_from(&s.name, super::biff::read_sheet(&stream, g, i, max), max),
            })
            .collect(),
        is_1904: g.is_1904,
    };
    if let Some(g) = &globals {
        // calamine takes an XOR-encrypted file for a plain one and fails on its codepage.
        if g.password {
            return Err(PASSWORD.into());
        }
        // Sheets that overlap are read by kyodo's reader too, which never walks past the
        // next sheet's start.
        let extent = super::biff::extent(&stream, g)
            .map_or(u64::MAX, |e| e.into_iter().fold(0u64, u64::saturating_add));
        if extent > XLS_DENSE_MAX {
            return Ok(sparse(g));
        }
    }
    let mut wb: Xls<_> = match Xls::new(super::ole::OleReader::new(bytes)) {
        Ok(wb) => wb,
        Err(XlsError::Password) => return Err(PASSWORD.into()),
        // calamine parses every sheet as it opens the file, macro and chart sheets too,
        // and gives up on the whole workbook for one record it cannot take: the worksheets
        // are read by kyodo's own reader then.
        Err(e) => match &globals {
            Some(g) => return Ok(sparse(g)),
            None => return Err(format!("ファイルが壊れているため読めません（{e}）")),
        },
    };
    let is_1904 = wb.has_1904_epoch();
    let sheets = each_sheet(&mut wb, max, |wb, name| {
        let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
        (dense_cells(wb, name, max), merges)
    });
    Ok(Book { sheets, is_1904 })
}

/// Why an OLE file without a workbook stream is not read: another Office document, or none.
fn not_a_workbook(bytes: &[u8]) -> String {
    let names = super::ole::entry_names(bytes);
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    let what = if has("WordDocument") {
        "Word の文書です"
    } else if has("PowerPoint Document") {
        "PowerPoint の資料です"
    } else {
        "Excel のブックが入っていません"
    };
    format!("Excelファイルではありません（{what}）")
}
