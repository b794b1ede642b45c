//! Every saved fuzz input (`regressions/<target>/` and `seeds/<target>/`)
//! replayed through its target as an ordinary test, so CI catches a
//! regression without running the fuzzer.

use std::fs;
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let mut replayed = 0;
    for folder in ["regressions", "seeds"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(folder)
            .join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.expect("dir entry").path()).collect();
        paths.sort();
        for path in paths {
            let data = fs::read(&path).expect("read input");
            println!("{}", path.display());
            run(&data);
            replayed += 1;
        }
    }
    println!("{target}: {replayed} inputs");
}

#[test]
fn model_decode_inputs_still_hold() {
    replay("model_decode", rynamo_fuzz::targets::model_decode::run);
}

#[test]
fn responses_inputs_still_hold() {
    replay("responses", rynamo_fuzz::targets::responses::run);
}

#[test]
fn number_inputs_still_hold() {
    replay("number", rynamo_fuzz::targets::number::run);
}

#[test]
fn streams_inputs_still_hold() {
    replay("streams", rynamo_fuzz::targets::streams::run);
}

#[test]
fn wire_codec_inputs_still_hold() {
    replay("wire_codec", rynamo_fuzz::targets::wire_codec::run);
}

#[test]
fn the_saved_regressions_are_found() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let count = fs::read_dir(dir)
        .expect("regressions folder")
        .map(|t| {
            fs::read_dir(t.expect("target").path())
                .expect("inputs")
                .count()
        })
        .sum::<usize>();
    assert!(count >= 7, "{count} regression inputs");
}
