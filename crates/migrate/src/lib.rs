//! Everything between a plan and a database, without a database client:
//! the migrations folder ([`dir`]), its sum file ([`sum`]), snapshots
//! ([`snapshot`]) and planning a new migration ([`plan`]).

pub mod dir;
pub mod plan;
pub mod snapshot;
pub mod sum;

pub use dir::{Migration, MigrationsDir};
pub use sum::{SumError, SumFile};
