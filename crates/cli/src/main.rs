//! The `sluice` binary: parse arguments, load the config, call the library,
//! print. Exit codes: 0 ok, 1 findings / pending / drift, 2 usage error or
//! failure.

/// mimalloc: schema parsing allocates and frees millions of small
/// syntax-tree nodes on several threads; with glibc's malloc that is a fifth
/// of all the work (N=1000 `generate`: ~15% less wall time, ~8% less CPU).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod commands;
mod config;
mod connect;
mod dashboard;
mod failure;
mod gate;
mod layout;
mod notify;
mod project;

use clap::Parser;
use std::process::ExitCode;

fn main() {
    for var in ["DATABASE_URL", "SLUICE_DEV_URL"] {
        if let Ok(url) = std::env::var(var) {
            failure::register_secret_url(&url);
        }
    }
    let args = cli::Cli::parse();
    let json = args.json;
    let code = match commands::run(args) {
        Ok(code) => code,
        Err(f) => {
            let code = f.exit_code();
            f.print(json);
            code
        }
    };
    exit(code)
}

/// End the process once the command is done (everything it owned is
/// dropped by now) and its output is flushed, without the exit handlers:
/// the allocator's would hand every page back to the system one call at a
/// time (hundreds of `madvise` calls, ~8 ms after a 1,000-table `generate`)
/// just before the system frees them all at once anyway.
fn exit(code: ExitCode) -> ! {
    use std::io::Write;
    let code = if code == ExitCode::SUCCESS {
        0
    } else if code == ExitCode::from(1) {
        1
    } else {
        2
    };
    // Output that cannot be written (a closed pipe) is not waited for.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: _exit ends the process; nothing runs after it.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}
