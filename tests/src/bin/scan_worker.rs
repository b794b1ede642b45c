//! One worker of a scan split over processes (see
//! `rynamo_tests::scan_worker`): `scan_worker <endpoint> <table-prefix>
//! <segment> <total> <limit|all> <page-size> [token]`.

use rynamo_tests::scan_worker::{client, work};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 6 {
        eprintln!(
            "usage: scan_worker <endpoint> <table-prefix> <segment> <total> <limit|all> <page-size> [token]"
        );
        std::process::exit(64);
    }
    let number = |i: usize| -> u64 {
        args[i].parse().unwrap_or_else(|_| {
            eprintln!("argument {} is not a number: {}", i + 1, args[i]);
            std::process::exit(64)
        })
    };
    let segment = (number(2) as u32, number(3) as u32);
    let limit = (args[4] != "all").then(|| number(4));
    let page_size = number(5) as u32;
    let token = args.get(6).map(String::as_str);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let db = client(&args[0], &args[1]);
    match runtime.block_on(work(&db, segment, limit, page_size, token)) {
        Ok(done) => {
            let mut out = String::new();
            for id in done.ids {
                out.push_str(&format!("item {id}\n"));
            }
            match done.token {
                Some(token) => out.push_str(&format!("token {token}\n")),
                None => out.push_str("done\n"),
            }
            print!("{out}");
        }
        Err(e) => {
            eprintln!("error {e}");
            eprintln!("debug {e:?}");
            std::process::exit(2);
        }
    }
}
