//! Everything between a plan and a database, without a database client:
//! the migrations folder ([`dir`]), its sum file ([`sum`]), snapshots
//! ([`snapshot`]), planning a new migration ([`plan`]) and linting one
//! ([`lint`]).

pub mod apply;
pub mod dir;
pub mod driver;
pub mod lint;
pub mod plan;
pub mod snapshot;
pub mod sum;

pub use dir::{Migration, MigrationsDir};
pub use driver::{AuditEvent, DbError, DbResult, Driver, HistoryRow, HistoryState};
pub use sum::{SumError, SumFile};
