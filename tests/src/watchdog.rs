//! A server that lives exactly as long as this test process: a `sh`
//! watchdog starts it, prints its pid, and stops it (SIGTERM, then SIGKILL
//! after 5 s, then removes its log) once the watchdog's stdin — a pipe only
//! this process holds — reaches end of file. Rust never drops statics, so
//! this is how a server stops however the process exits (a normal end, a
//! panic, an abort, SIGKILL). DynamoDB Local and moto both run under it.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Arguments: `$1` the log file, then the server's command line. The
/// watchdog reads the pipe through fd 3 because a background list's stdin
/// is `/dev/null`; it waits for the server, so its own exit tells the
/// caller the server has exited.
const SCRIPT: &str = r#"
exec 3<&0
log=$1
shift
"$@" </dev/null >"$log" 2>&1 3<&- &
server=$!
echo "$server"
{
    cat <&3 >/dev/null
    kill "$server" 2>/dev/null
    i=0
    while kill -0 "$server" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    [ "$i" -lt 50 ] || kill -9 "$server" 2>/dev/null
    rm -f "$log"
} </dev/null >/dev/null 2>&1 &
exec 3<&-
wait "$server"
"#;

/// A server started under the watchdog.
pub(crate) struct Watched {
    /// The watchdog `sh`; keeping it (and so its stdin) keeps the server up.
    pub child: Child,
    /// The server's pid.
    pub pid: u32,
}

impl Watched {
    /// Starts `command` (the program, then its arguments) with its output in
    /// `log`; `configure` sets the working directory or environment.
    ///
    /// # Panics
    /// If `sh` cannot run or does not print a pid.
    pub fn start<S: AsRef<OsStr>>(
        name: &str,
        log: &Path,
        command: &[S],
        configure: impl FnOnce(&mut Command),
    ) -> Watched {
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg(SCRIPT)
            .arg(format!("{name}-watchdog"))
            .arg(log)
            .args(command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        configure(&mut sh);
        let mut child = sh
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run sh to start {name}: {e}"));
        let mut pid_line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut pid_line)
            .unwrap_or_else(|e| panic!("read {name}'s pid from the watchdog: {e}"));
        let pid = pid_line.trim().parse::<u32>().unwrap_or_else(|_| {
            panic!("the watchdog printed {pid_line:?}, not a pid (is sh working?)")
        });
        Watched { child, pid }
    }

    /// Whether the server has exited (the watchdog exits exactly when it does).
    pub fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Stops the server now and waits for the watchdog.
    pub fn stop(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}
