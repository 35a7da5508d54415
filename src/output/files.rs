//! The plumbing of every file berdaya writes: refusing to write into a
//! non-empty folder without `--force`, and the one atomic writer. A file is
//! written under a temporary name in its own folder (`.NAME.partial`),
//! flushed, fsync'd, renamed into place, and the folder fsync'd, so a crash
//! never leaves a half-written file under a final name and a finished file
//! survives one; a temporary is removed on error or drop. Run files, sweep
//! files, manifests and charts all go through [`AtomicFile`] /
//! [`write_atomic`].

use crate::error::{Error, IoContext, Result};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Checks that `dir` can be written: it must not exist, or be empty, unless
/// `force`. Creates it.
pub fn prepare_dir(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} exists and is not a folder; choose another --out",
                dir.display()
            )));
        }
        let non_empty = fs::read_dir(dir)
            .ctx(|| format!("reading {}", dir.display()))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(Error::Usage(format!(
                "the output folder {} is not empty; nothing was written. Use --force to write into it (files of the same name are replaced), or choose another folder with --out",
                dir.display()
            )));
        }
    }
    fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))
}

/// The temporary name used while `path` is being written.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

/// A file being written under a temporary name; [`AtomicFile::commit`]
/// renames it into place. Dropped without commit, the temporary is removed.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<fs::File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<Self> {
        let temp = temp_path(target);
        let f = fs::File::create(&temp).ctx(|| format!("creating {}", temp.display()))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, f)),
        })
    }
    pub fn writer(&mut self) -> &mut BufWriter<fs::File> {
        self.writer
            .as_mut()
            .expect("writer is present until commit")
    }
    /// Flushes, fsyncs, renames into place and fsyncs the folder. On any
    /// failure the temporary file is removed.
    pub fn commit(mut self) -> Result<PathBuf> {
        let w = self.writer.take().expect("commit once");
        let synced = w
            .into_inner()
            .map_err(|e| Error::io(format!("writing {}", self.temp.display()), e.into_error()))
            .and_then(|f| {
                f.sync_all()
                    .ctx(|| format!("syncing {}", self.temp.display()))
            });
        if let Err(e) = synced {
            let _ = fs::remove_file(&self.temp);
            return Err(e);
        }
        if let Err(e) = fs::rename(&self.temp, &self.target) {
            let _ = fs::remove_file(&self.temp);
            return Err(Error::io(
                format!(
                    "renaming {} to {}",
                    self.temp.display(),
                    self.target.display()
                ),
                e,
            ));
        }
        if let Some(dir) = self.target.parent() {
            sync_dir(dir);
        }
        Ok(self.target.clone())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Fsyncs a folder so that created and renamed entries survive a crash
/// (best effort: not every platform can open a folder).
pub fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Writes a whole file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)
        .ctx(|| format!("writing {}", path.display()))?;
    f.commit()
}

/// Formats a number for CSV: shortest text that reads back to the same
/// `f64`; empty for undefined values.
pub fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// Writes a CSV file atomically with the `csv` crate (quoting where a field
/// needs it): the header, then one record per row.
pub fn write_csv<R, S>(
    path: &Path,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<PathBuf>
where
    R: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    let file = w
        .into_inner()
        .map_err(|e| Error::io(format!("writing {}", path.display()), e.into_error()))?;
    file.commit()
}
