//! Gzipped tar archives of the shared data (the federal laws for the word
//! classes, the Redewiedergabe corpus for the quote evaluation), read as a
//! stream: a small reader over flate2 rather than another dependency.

use std::io::Read;
use std::path::Path;

/// Call `f(name, contents)` for each regular file of a gzipped tar archive
/// (ustar and GNU long names; other entries skipped).
pub fn read_tar_gz(path: &Path, f: &mut dyn FnMut(&str, &[u8])) -> std::io::Result<()> {
    let file = std::fs::File::open(path)?;
    let mut r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut header = [0u8; 512];
    let mut long_name: Option<String> = None;
    let mut body = Vec::new();
    loop {
        match r.read_exact(&mut header) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let field = |a: usize, b: usize| -> String {
            let s = &header[a..b];
            let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
            String::from_utf8_lossy(&s[..end]).into_owned()
        };
        let size_field = field(124, 136);
        let size = u64::from_str_radix(size_field.trim(), 8).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: bad tar size field {size_field:?}", path.display()),
            )
        })? as usize;
        let kind = header[156];
        let mut name = field(0, 100);
        if &header[257..262] == b"ustar" {
            let prefix = field(345, 500);
            if !prefix.is_empty() {
                name = format!("{prefix}/{name}");
            }
        }
        if let Some(n) = long_name.take() {
            name = n;
        }
        body.clear();
        body.resize(size.div_ceil(512) * 512, 0);
        r.read_exact(&mut body)?;
        let data = &body[..size];
        match kind {
            b'0' | 0 => f(&name, data),
            b'L' => {
                let end = data.iter().position(|&c| c == 0).unwrap_or(data.len());
                long_name = Some(String::from_utf8_lossy(&data[..end]).into_owned());
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tar_entries() {
        // A ustar archive with one file, gzipped.
        let mut tar = vec![0u8; 512];
        tar[..6].copy_from_slice(b"a/x.md");
        tar[124..135].copy_from_slice(b"00000000005");
        tar[156] = b'0';
        tar[257..262].copy_from_slice(b"ustar");
        let mut body = b"Hallo".to_vec();
        body.resize(512, 0);
        tar.extend(body);
        tar.extend([0u8; 1024]);
        let dir = std::env::temp_dir().join(format!("depesche-tar-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.tar.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let mut seen = Vec::new();
        read_tar_gz(&path, &mut |n, b| seen.push((n.to_string(), b.to_vec()))).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(seen, vec![("a/x.md".to_string(), b"Hallo".to_vec())]);
    }
}
