//! Crash safety: a child process edits and saves a plan in a loop while this process kills
//! it with SIGKILL at random moments; after every kill the document must open, validate
//! without errors and hold exactly the last or the next saved state.
//!
//! Every path that writes a plan is driven this way ([`writers`]): `document::save`, and
//! the desktop app's autosave (`document::save_recovery`, the recovery copy beside the
//! document it belongs to, which must stay byte for byte as it was).
//!
//! The child is this same test binary, re-run with a filter that selects
//! [`edit_and_save_loop`] and with [`CHILD_ENV`] naming the document: so the harness always
//! runs the code under test as built now, and nothing ships in the CLI. Every save's
//! sequence number is in the plan's name, and the child reports `committed N` on stdout
//! only after `save` has returned; the parent reads those reports to know the last
//! committed save. The file may hold that save or the one in flight when the kill came
//! (its rename may have happened before `save` returned), never an older one.
//!
//! `make test` runs 30 kills; `make crash-long` runs 1,000 (README, "Reliability"):
//! `CENTERPLAN_CRASH_KILLS=1000 cargo test --test tests crash:: -- --nocapture`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use centerplan::model::{CenterType, Headcount, Node, NodeKind, Plan, Text};
use centerplan::templates;
use centerplan::validate;
use centerplan::{document, edit};

/// Set in the child: the document it edits and saves.
const CHILD_ENV: &str = "CENTERPLAN_CRASH_CHILD";
/// Set in the child: which writer it drives (a key of [`writers`]).
const WRITER_ENV: &str = "CENTERPLAN_CRASH_WRITER";
/// How many kills the parent makes (30 by default).
const KILLS_ENV: &str = "CENTERPLAN_CRASH_KILLS";
/// The seed of the kill timings (printed, so a failing run can be repeated).
const SEED_ENV: &str = "CENTERPLAN_CRASH_SEED";
/// The name of the child's test, as libtest filters it.
const CHILD_TEST: &str = "crash::edit_and_save_loop";

/// One of the program's paths that write a plan to a file.
struct Writer {
    key: &'static str,
    /// The file it replaces, given the run's document (which it may be itself).
    target: fn(document: &Path) -> PathBuf,
    write: fn(plan: &Plan, document: &Path, target: &Path) -> Result<(), String>,
    /// Reads the target back as the program would.
    read: fn(document: &Path, target: &Path) -> Result<Plan, String>,
    /// Kills land up to this long after the child is ready: a few of its saves' time, so
    /// that most kills hit a save in progress.
    kill_window: Duration,
}

impl Writer {
    /// Whether the writer leaves the run's document alone (it writes another file).
    fn keeps_document(&self, document: &Path) -> bool {
        (self.target)(document) != document
    }
}

/// Every path that writes a plan, each crash-tested the same way.
fn writers() -> Vec<Writer> {
    vec![
        Writer {
            key: "document-save",
            target: Path::to_path_buf,
            write: |plan, _, target| document::save(plan, target).map_err(|err| err.to_string()),
            read: |_, target| document::open(target).map_err(|err| err.to_string()),
            kill_window: Duration::from_millis(80),
        },
        // The app's autosave: the recovery copy in the app's recovery directory (here
        // beside the document), named as the app names it.
        Writer {
            key: "app-autosave",
            target: |document| {
                document
                    .with_file_name("recovery")
                    .join(edit::recovery_file_name(Some(document)))
            },
            write: |plan, document, target| {
                document::save_recovery(plan, Some(document), target).map_err(|err| err.to_string())
            },
            read: |document, target| {
                let text = std::fs::read_to_string(target).map_err(|err| err.to_string())?;
                let (plan, belongs_to) =
                    edit::recovery_from_json(&text).map_err(|err| err.to_string())?;
                match belongs_to {
                    Some(path) if path == document => Ok(plan),
                    other => Err(format!("the copy belongs to {other:?}")),
                }
            },
            // The JSON copy takes longer to write than the document in a debug build.
            kill_window: Duration::from_millis(250),
        },
    ]
}

fn writer(key: &str) -> Writer {
    writers()
        .into_iter()
        .find(|w| w.key == key)
        .unwrap_or_else(|| panic!("no writer {key:?}"))
}

/// A small deterministic generator (SplitMix64): the states and the kill timings must be
/// reproducible from a number, and no test needs more randomness than this.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

/// The plan of save number `seq`: the hybrid template with edits drawn from `seq` alone,
/// so any state can be recomputed from its number. The edits keep the plan free of
/// validation errors and make its size swing (a few to several hundred extra positions),
/// so that consecutive files differ in page count as well as content.
fn state(seq: u64) -> Plan {
    let mut plan = templates::template(CenterType::Hybrid, "crash");
    plan.name = format!("crash save #{seq}");
    let mut rng = SplitMix(seq);
    let originals = plan.chart.nodes.len() as u64;
    for _ in 0..rng.below(8) {
        let node = &mut plan.chart.nodes[rng.below(originals) as usize];
        node.name.en = format!("{} (edit {seq})", node.name.en);
        node.name.zh = format!("{}（第{seq}次修改）", node.name.zh);
        let planned = rng.below(60) as i32;
        node.headcount = Headcount::new(planned, planned - rng.below(planned as u64 + 1) as i32);
    }
    let extra = match rng.below(4) {
        0 => 0,
        1 => rng.below(20),
        2 => rng.below(200),
        _ => 300 + rng.below(600),
    };
    for j in 0..extra {
        let parent = plan.chart.nodes[rng.below(originals) as usize].id.clone();
        let mut node = Node::new(
            &format!("extra-{j}"),
            Some(parent.as_str()),
            NodeKind::Position,
            Text::new(format!("新增岗位{j}"), format!("Added position {j}")),
        );
        node.headcount = Headcount::new(3, 2);
        plan.chart.nodes.push(node);
    }
    for _ in 0..rng.below(6) {
        let row = rng.below(plan.matrix.rows.len() as u64) as usize;
        let cell = rng.below(4) as usize;
        plan.matrix.rows[row].cells[cell].duties.push(Text::new(
            format!("第{seq}次保存的职责"),
            format!("Duty of save {seq}"),
        ));
    }
    plan
}

/// The sequence number a saved plan carries in its name.
fn sequence_of(plan: &Plan) -> Option<u64> {
    plan.name.strip_prefix("crash save #")?.parse().ok()
}

/// In the child (with [`CHILD_ENV`] set): edits and saves forever, reporting each
/// committed save, until killed. Run alone as a test: the same loop for 25 saves, each
/// reopened and compared, so the child's code path is also checked without any kill.
#[test]
fn edit_and_save_loop() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        let key = std::env::var(WRITER_ENV).unwrap_or_else(|_| "document-save".to_owned());
        child_loop(Path::new(&path), &writer(&key));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loop.centerplan");
    for writer in writers() {
        let target = (writer.target)(&path);
        document::save(&state(0), &path).unwrap();
        (writer.write)(&state(0), &path, &target).unwrap();
        for seq in 1..=25 {
            (writer.write)(&state(seq), &path, &target).unwrap();
            let reopened = (writer.read)(&path, &target).unwrap();
            assert_eq!(sequence_of(&reopened), Some(seq));
            assert_eq!(reopened, state(seq));
        }
        if writer.keeps_document(&path) {
            assert_eq!(document::open(&path).unwrap(), state(0), "{}", writer.key);
        }
        assert_eq!(document::temp_files(&target), Vec::<PathBuf>::new());
    }
}

fn child_loop(document: &Path, writer: &Writer) -> ! {
    let mut out = std::io::stdout().lock();
    let target = (writer.target)(document);
    let opened = (writer.read)(document, &target).expect("the child opens the target");
    let mut seq = sequence_of(&opened).expect("the target carries a sequence number");
    writeln!(out, "ready {seq}").unwrap();
    out.flush().unwrap();
    loop {
        seq += 1;
        (writer.write)(&state(seq), document, &target).expect("the child saves");
        // Reported only now: `save` has returned, so this save is committed.
        writeln!(out, "committed {seq}").unwrap();
        out.flush().unwrap();
    }
}

/// What a crash run found.
#[derive(Debug, Default)]
struct Tally {
    kills: u64,
    /// Kills after which the file did not open, did not validate, or did not equal the
    /// state its sequence number names.
    corrupt: Vec<String>,
    /// Kills after which the file held a save older than the last one reported committed.
    lost: Vec<String>,
    /// Kills after which the file held the save in flight (renamed, not yet reported).
    in_flight_kept: u64,
    saves: u64,
    /// Temp files found beside the document after a kill, summed over all kills, and the
    /// most at any one time.
    stray_temp_files: u64,
    most_stray_at_once: usize,
}

fn kills_wanted() -> u64 {
    std::env::var(KILLS_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

#[test]
fn sigkill_during_saves_loses_and_corrupts_nothing() {
    let seed = std::env::var(SEED_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x00C0_FFEE);
    for writer in writers() {
        let started = Instant::now();
        let tally = crash_run(&writer, kills_wanted(), seed);
        let writer = writer.key;
        eprintln!(
            "crash run ({writer}, seed {seed}): {} kills in {:.1?}, {} saves committed, \
             {} corrupt, {} lost committed saves, in-flight save kept {} times, \
             stray temp files {} (at most {} at once, all removed by housekeeping)",
            tally.kills,
            started.elapsed(),
            tally.saves,
            tally.corrupt.len(),
            tally.lost.len(),
            tally.in_flight_kept,
            tally.stray_temp_files,
            tally.most_stray_at_once,
        );
        assert_eq!(tally.corrupt, Vec::<String>::new(), "corrupt files");
        assert_eq!(tally.lost, Vec::<String>::new(), "lost committed saves");
        // Some kills must have landed on a save: otherwise the run tested nothing.
        assert!(tally.saves > tally.kills, "{tally:?}");
    }
}

fn crash_run(writer: &Writer, kills: u64, seed: u64) -> Tally {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.centerplan");
    let target = (writer.target)(&path);
    document::save(&state(0), &path).unwrap();
    (writer.write)(&state(0), &path, &target).unwrap();
    let document_bytes = std::fs::read(&path).unwrap();
    let mut rng = SplitMix(seed);
    let mut last_committed = 0;
    let mut tally = Tally::default();
    let exe = std::env::current_exe().unwrap();
    while tally.kills < kills {
        let mut child = Command::new(&exe)
            .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .env(WRITER_ENV, writer.key)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut reports = BufReader::new(child.stdout.take().unwrap());
        // One kill in ten comes while the child starts and opens the document; the rest
        // land anywhere in the first few saves.
        if rng.below(10) != 0 {
            let mut line = String::new();
            // libtest prints the test's name on the same line before the child's first words.
            while reports.read_line(&mut line).unwrap() > 0 && !line.contains("ready ") {
                line.clear();
            }
            let window = writer.kill_window.as_micros() as u64;
            std::thread::sleep(Duration::from_micros(rng.below(window)));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        let mut rest = String::new();
        reports.read_to_string(&mut rest).unwrap();
        if status.success() {
            panic!("the child exited on its own instead of looping: {rest}");
        }
        for seq in rest
            .lines()
            .filter_map(|line| line.rsplit_once("committed "))
            .map(|(_, seq)| seq)
        {
            let seq: u64 = seq.parse().unwrap();
            tally.saves += 1;
            last_committed = last_committed.max(seq);
        }
        tally.kills += 1;
        if writer.keeps_document(&path) && std::fs::read(&path).unwrap() != document_bytes {
            tally
                .corrupt
                .push(format!("kill {}: the document changed", tally.kills));
        }
        let read = |target: &Path| (writer.read)(&path, target);
        if let Some(on_disk) = check_after_kill(&target, read, last_committed, &mut tally) {
            // The next child continues from what is on disk, which may be the save that
            // was in flight; from now on that one counts as committed.
            last_committed = last_committed.max(on_disk);
        }
    }
    // Nothing saves any more: every stray is stale now, and housekeeping removes it.
    document::remove_stale_temp_files(&target, Duration::ZERO);
    assert_eq!(document::temp_files(&target), Vec::<PathBuf>::new());
    tally
}

/// Checks the written file after a kill (read with `read`); returns the sequence number
/// it holds, if any.
fn check_after_kill(
    path: &Path,
    read: impl Fn(&Path) -> Result<Plan, String>,
    last_committed: u64,
    tally: &mut Tally,
) -> Option<u64> {
    let kill = tally.kills;
    let strays = document::temp_files(path);
    tally.stray_temp_files += strays.len() as u64;
    tally.most_stray_at_once = tally.most_stray_at_once.max(strays.len());
    // A stray older than the stale age plus a child's lifetime means saves stopped
    // cleaning up after crashes.
    for stray in &strays {
        let age = stray
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| m.elapsed().ok())
            .unwrap_or_default();
        assert!(
            age < document::STALE_TEMP_AGE + Duration::from_secs(5),
            "kill {kill}: {} left for {age:?}",
            stray.display()
        );
    }

    let plan = match read(path) {
        Ok(plan) => plan,
        Err(err) => {
            tally.corrupt.push(format!("kill {kill}: {err}"));
            return None;
        }
    };
    let errors: Vec<_> = validate::validate(&plan)
        .into_iter()
        .filter(|d| d.severity == validate::Severity::Error)
        .map(|d| d.code)
        .collect();
    if !errors.is_empty() {
        tally
            .corrupt
            .push(format!("kill {kill}: validation errors {errors:?}"));
    }
    let Some(seq) = sequence_of(&plan) else {
        tally
            .corrupt
            .push(format!("kill {kill}: no sequence in {:?}", plan.name));
        return None;
    };
    if plan != state(seq) {
        tally
            .corrupt
            .push(format!("kill {kill}: save {seq} differs from its state"));
    }
    if seq < last_committed {
        tally.lost.push(format!(
            "kill {kill}: file holds save {seq}, save {last_committed} was committed"
        ));
    } else if seq == last_committed + 1 {
        tally.in_flight_kept += 1;
    } else if seq > last_committed + 1 {
        tally.corrupt.push(format!(
            "kill {kill}: file holds save {seq}, only {last_committed} were started"
        ));
    }
    Some(seq)
}

#[test]
fn a_save_removes_stale_temp_files_but_not_live_or_fresh_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.centerplan");
    let make = |name: &str, age: Duration| {
        let file = std::fs::File::create(dir.path().join(name)).unwrap();
        file.set_modified(std::time::SystemTime::now() - age)
            .unwrap();
        file
    };
    let hour = Duration::from_secs(3600);
    drop(make(".plan.centerplan.aB3dE9.tmp", hour)); // left by a crash: removed
    let live = make(".plan.centerplan.Zz0000.tmp", hour); // a save still running
    live.lock().unwrap();
    drop(make(".plan.centerplan.q1w2e3.tmp", Duration::ZERO)); // just created: kept
    drop(make(".plan.centerplan.my-copy.tmp", hour)); // not our pattern
    drop(make(".other.centerplan.aB3dE9.tmp", hour)); // another document's

    document::save(&state(1), &path).unwrap();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            ".other.centerplan.aB3dE9.tmp",
            ".plan.centerplan.Zz0000.tmp",
            ".plan.centerplan.my-copy.tmp",
            ".plan.centerplan.q1w2e3.tmp",
            "plan.centerplan",
        ]
    );
    assert_eq!(document::open(&path).unwrap(), state(1));

    // Once the save holding it ends, the live file is stale too.
    drop(live);
    assert_eq!(document::remove_stale_temp_files(&path, Duration::ZERO), 2);
    assert_eq!(document::temp_files(&path), Vec::<PathBuf>::new());
}
