//! Everything between a plan and a database, without a database client:
//! the migrations folder ([`dir`]), its sum file ([`sum`]), snapshots
//! ([`snapshot`]), planning a new migration ([`plan`]) and linting one
//! ([`lint`]).

pub mod apply;
pub mod backup;
pub mod dir;
pub mod driver;
pub mod gate;
pub mod lint;
pub mod plan;
pub mod review;
pub mod rollback;
pub mod signing;
pub mod snapshot;
pub mod sum;

pub use dir::{Migration, MigrationsDir};
pub use driver::{
    AuditEvent, AuditRow, DbError, DbResult, Driver, HistoryRow, HistoryState, UserRow,
};
pub use sum::{SumError, SumFile};
