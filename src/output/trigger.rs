//! `trigger --list`: the event types of ROOMZ's documents, one per line, or a JSON array.

use crate::error::{ExitCode, Result};
use crate::output::{print_line, Output};

pub fn event_types(out: &Output, names: impl Iterator<Item = &'static str>) -> Result<ExitCode> {
    let names: Vec<&str> = names.collect();
    if out.json {
        out.json_line(&names)?;
    } else {
        for name in names {
            print_line(name);
        }
    }
    Ok(ExitCode::Success)
}
