//! The files the app is asked to open from outside: on its command line (what a file
//! manager does on a double-click, through the `.desktop` entry's `%F`) and, while it
//! runs, from a second launch, which the single-instance plugin turns into a call on this
//! instance before exiting.
//!
//! The paths wait in a [`LaunchQueue`] until the UI takes them (`launch_files`): at start
//! the UI asks once it has drawn its start screen, later it is told by an `open-file`
//! event. The UI opens each as if picked in its open dialog (asking about unsaved
//! changes first), so a plan from the command line goes through the same checks as any
//! other.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The event that tells the UI a second launch left files in the queue.
pub const OPEN_FILE_EVENT: &str = "open-file";

/// How many paths may wait: a script launching the app in a loop cannot grow it unbounded.
const MAX_PENDING: usize = 16;

/// The paths asked for and not yet taken by the UI, oldest first.
#[derive(Default)]
pub struct LaunchQueue(Mutex<Vec<PathBuf>>);

impl LaunchQueue {
    /// Adds the files of one launch; beyond [`MAX_PENDING`] waiting, the oldest go.
    pub fn push(&self, files: Vec<PathBuf>) {
        let mut queue = crate::commands::lock(&self.0);
        queue.extend(files);
        let excess = queue.len().saturating_sub(MAX_PENDING);
        queue.drain(..excess);
    }

    /// Every waiting path, leaving the queue empty.
    pub fn take(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *crate::commands::lock(&self.0))
    }
}

/// The files named in a launch's arguments (`args[0]` is the program): every argument that
/// is not an option, made absolute against the launch's working directory. An argument
/// after `--` is a file even when it starts with `-`. A `file://` URI (what some file
/// managers pass) becomes its path.
pub fn files_in_args<S: AsRef<OsStr>>(args: &[S], cwd: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut options_done = false;
    for arg in args.iter().skip(1) {
        let arg = arg.as_ref();
        if !options_done && arg == "--" {
            options_done = true;
            continue;
        }
        let text = arg.to_string_lossy();
        if text.is_empty() || (!options_done && text.starts_with('-')) {
            continue;
        }
        let path = match text.strip_prefix("file://").and_then(file_uri_path) {
            Some(path) => path,
            None => PathBuf::from(arg),
        };
        files.push(if path.is_absolute() {
            path
        } else {
            cwd.join(path)
        });
    }
    files
}

/// The path of a `file://` URI's remainder (`/home/a/b%20c.centerplan`), percent-decoded;
/// `None` when it names another host or is not valid UTF-8 once decoded.
fn file_uri_path(rest: &str) -> Option<PathBuf> {
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = bytes
                .get(i + 1..i + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// The D-Bus name base the single-instance plugin claims (it appends `.SingleInstance`):
/// the app's identifier, or — when `$CENTERPLAN_APP_DIR` points the app at another data
/// directory, as the tests do — the identifier with a digest of that directory. One
/// instance per data directory is what keeps two windows off one recovery copy, and a test
/// run never hands its files to the app the developer has open.
pub fn instance_id(identifier: &str, app_dir: Option<&OsStr>) -> String {
    match app_dir {
        None => identifier.to_owned(),
        Some(dir) => {
            // FNV-1a: stable across builds and platforms (std's hasher is not promised to be).
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for byte in dir.as_encoded_bytes() {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            // A D-Bus name element may not start with a digit.
            format!("{identifier}.dir{hash:016x}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn files_skip_the_program_and_options_and_resolve_against_cwd() {
        let cwd = Path::new("/home/li");
        let got = files_in_args(
            &args(&[
                "centerplan-app",
                "--verbose",
                "a.centerplan",
                "/tmp/b.centerplan",
            ]),
            cwd,
        );
        assert_eq!(
            got,
            vec![
                PathBuf::from("/home/li/a.centerplan"),
                PathBuf::from("/tmp/b.centerplan")
            ]
        );
    }

    #[test]
    fn after_a_double_dash_a_dash_name_is_a_file() {
        let got = files_in_args(&args(&["app", "--", "-odd.centerplan"]), Path::new("/w"));
        assert_eq!(got, vec![PathBuf::from("/w/-odd.centerplan")]);
    }

    #[test]
    fn file_uris_become_decoded_paths() {
        let got = files_in_args(
            &args(&[
                "app",
                "file:///home/li/%E6%96%B9%E6%A1%88%201.centerplan",
                "file://localhost/tmp/x.centerplan",
            ]),
            Path::new("/"),
        );
        assert_eq!(
            got,
            vec![
                PathBuf::from("/home/li/方案 1.centerplan"),
                PathBuf::from("/tmp/x.centerplan")
            ]
        );
    }

    #[test]
    fn a_file_uri_of_another_host_is_taken_as_a_relative_name() {
        // Not ours to fetch: it stays a (nonexistent) local name, and opening it fails
        // with the usual "file not found" naming it.
        let got = files_in_args(
            &args(&["app", "file://server/x.centerplan"]),
            Path::new("/w"),
        );
        assert_eq!(got, vec![PathBuf::from("/w/file://server/x.centerplan")]);
    }

    #[test]
    fn the_queue_is_bounded_and_drains_oldest_first() {
        let queue = LaunchQueue::default();
        queue.push((0..20).map(|i| PathBuf::from(format!("/{i}"))).collect());
        let got = queue.take();
        assert_eq!(got.len(), MAX_PENDING);
        assert_eq!(got[0], PathBuf::from("/4"));
        assert_eq!(got[MAX_PENDING - 1], PathBuf::from("/19"));
        assert!(queue.take().is_empty());
    }

    #[test]
    fn instance_ids_differ_per_data_directory_and_are_valid_bus_names() {
        let base = instance_id("org.centerplan.app", None);
        assert_eq!(base, "org.centerplan.app");
        let a = instance_id("org.centerplan.app", Some(OsStr::new("/tmp/a")));
        let b = instance_id("org.centerplan.app", Some(OsStr::new("/tmp/b")));
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_id("org.centerplan.app", Some(OsStr::new("/tmp/a")))
        );
        for id in [a, b] {
            for element in id.split('.') {
                assert!(!element.starts_with(|c: char| c.is_ascii_digit()), "{id}");
                assert!(
                    element
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                );
            }
        }
    }
}
