//! Reading the first sheet of an uploaded .xlsx without trusting it. Every .xlsx import goes
//! through [`first_sheet`]: the parts of the zip are unpacked against a byte budget first (a zip
//! bomb stops there), the sheet is then read cell by cell and refused at the first cell outside
//! the import's limits (a 1.7 KB file with a cell at XFD1048576 would otherwise make a dense
//! range of 17 billion cells), and calamine's own panics on damaged files are answered as a
//! damaged file. Call it off the async workers ([`first_sheet_blocking`]).

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use std::io::{Cursor, Read};

/// How large a sheet an import accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub rows: u32,
    pub columns: u32,
}

/// What every part of the file together may unpack to.
pub const UNPACKED_BUDGET: u64 = 64 << 20;

/// Why a sheet was refused, in words for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("Excel 文件已损坏,无法读取")]
    Damaged,
    #[error("Excel 文件中没有工作表")]
    NoSheet,
    #[error("Excel 文件解压后超过 {} MB,请拆分后再导入", UNPACKED_BUDGET >> 20)]
    Unpacked,
    #[error("表格超过 {rows} 行或 {columns} 列(第 {row} 行第 {column} 列有内容),请拆分后再导入")]
    TooLarge {
        rows: u32,
        columns: u32,
        row: u32,
        column: u32,
    },
}

/// A cell as the text a person typed: numbers without a trailing `.0`, anything else empty.
pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

/// The first sheet's rows as cells, the header row first; rows end at their last cell.
pub fn first_sheet(bytes: &[u8], limits: Limits) -> Result<Vec<Vec<Data>>, SheetError> {
    check_unpacked(bytes)?;
    std::panic::catch_unwind(|| read_cells(bytes, limits)).unwrap_or(Err(SheetError::Damaged))
}

/// [`first_sheet`] on a blocking thread, so a large file does not hold up other requests.
pub async fn first_sheet_blocking(
    bytes: Vec<u8>,
    limits: Limits,
) -> Result<Vec<Vec<Data>>, SheetError> {
    tokio::task::spawn_blocking(move || first_sheet(&bytes, limits))
        .await
        .unwrap_or(Err(SheetError::Damaged))
}

/// Unpacks every part into nothing, counting, and stops past the budget: the sizes a zip
/// declares are not trusted.
fn check_unpacked(bytes: &[u8]) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| SheetError::Damaged)?;
    let mut left = UNPACKED_BUDGET;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|_| SheetError::Damaged)?;
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|_| SheetError::Damaged)?;
        if read > left {
            return Err(SheetError::Unpacked);
        }
        left -= read;
    }
    Ok(())
}

fn read_cells(bytes: &[u8], limits: Limits) -> Result<Vec<Vec<Data>>, SheetError> {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| SheetError::Damaged)?;
    let name = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(SheetError::NoSheet)?;
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|_| SheetError::Damaged)?;
    let mut rows: Vec<Vec<Data>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|_| SheetError::Damaged)? {
        let (row, column) = cell.get_position();
        if row >= limits.rows || column >= limits.columns {
            return Err(SheetError::TooLarge {
                rows: limits.rows,
                columns: limits.columns,
                row: row.saturating_add(1),
                column: column.saturating_add(1),
            });
        }
        let (r, c) = (row as usize, column as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut rows[r];
        if line.len() <= c {
            line.resize(c + 1, Data::Empty);
        }
        line[c] = Data::from(cell.get_value().clone());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c, v) in cells {
            sheet.write_string(*r, *c, *v).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    const SMALL: Limits = Limits {
        rows: 100,
        columns: 10,
    };

    #[test]
    fn a_sheet_is_read_row_by_row_with_gaps_kept() {
        let rows = first_sheet(
            &workbook(&[(0, 0, "姓名"), (0, 2, "职务"), (2, 1, "甲")]),
            SMALL,
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0][2], Data::String("职务".into()));
        assert!(rows[1].is_empty());
        assert_eq!(rows[2][1], Data::String("甲".into()));
    }

    #[test]
    fn a_cell_at_the_last_column_and_row_is_refused_without_building_the_range() {
        let bomb = workbook(&[(0, 0, "a"), (1_048_575, 16_383, "z")]);
        assert!(
            bomb.len() < 10_000,
            "the attack file is tiny: {}",
            bomb.len()
        );
        let e = first_sheet(&bomb, SMALL).unwrap_err();
        assert!(matches!(
            e,
            SheetError::TooLarge {
                row: 1_048_576,
                column: 16_384,
                ..
            }
        ));
    }

    #[test]
    fn a_part_that_unpacks_past_the_budget_is_refused() {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..(UNPACKED_BUDGET >> 20) + 1 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
        let bytes = buf.into_inner();
        assert!(bytes.len() < 1 << 20, "compressed to {}", bytes.len());
        assert_eq!(first_sheet(&bytes, SMALL), Err(SheetError::Unpacked));
    }

    #[test]
    fn garbage_is_a_damaged_file() {
        assert_eq!(first_sheet(b"not a zip", SMALL), Err(SheetError::Damaged));
    }
}
