//! One PostgreSQL session, used synchronously: a tokio-postgres client
//! (NoTls) and the current-thread runtime that drives its connection.
//!
//! Every call blocks on the runtime; the connection task runs whenever a
//! call is waiting, so nothing runs in the background between calls. Rows
//! come back through the simple-query protocol as text ([`TextRow`]): the
//! driver reads catalogs and history, where text is all it needs, and the
//! statements it runs are sent exactly as given.

use super::error::{connect_error, statement_error};
use sluice_migrate::{DbError, DbResult};
use std::time::Duration;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, NoTls, SimpleQueryMessage};

/// How long a connection attempt may take when the URL does not say
/// (`connect_timeout=`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A row of text cells (`None` for SQL NULL), addressed by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextRow(pub Vec<Option<String>>);

impl TextRow {
    /// The cell at `i`, `None` for NULL (or a missing column).
    pub fn opt(&self, i: usize) -> Option<&str> {
        self.0.get(i).and_then(|c| c.as_deref())
    }
    /// The cell at `i`, empty for NULL.
    pub fn str(&self, i: usize) -> &str {
        self.opt(i).unwrap_or("")
    }
    /// A boolean cell (`t` / `f`).
    pub fn bool(&self, i: usize) -> bool {
        self.opt(i) == Some("t")
    }
    /// An integer cell; `None` for NULL or text that is not a number.
    pub fn int(&self, i: usize) -> Option<i64> {
        self.opt(i).and_then(|s| s.parse().ok())
    }
}

pub(crate) struct Session {
    // Field order matters on drop: the client goes first (closing the
    // connection), then the connection task, then the runtime.
    client: Option<Client>,
    connection: Option<JoinHandle<()>>,
    runtime: Runtime,
    /// `server_version_num`, e.g. 150020.
    pub server_version: u32,
}

impl Session {
    /// Connect to `url` (a `postgres://` URL or libpq key=value string).
    /// Errors name the URL with its password redacted, never the password.
    pub fn connect(url: &str) -> DbResult<Session> {
        let mut config: Config = url.parse().map_err(|e| connect_error(url, &e, None))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("sluice");
        }
        let password = config.get_password().map(<[u8]>::to_vec);
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
                DbError::Connect {
                    url: sluice_migrate::driver::redact_url(url),
                    message: format!("cannot start the I/O runtime: {e}"),
                }
            })?;
        let (client, connection) = runtime
            .block_on(config.connect(NoTls))
            .map_err(|e| connect_error(url, &e, password.as_deref()))?;
        let connection = runtime.spawn(async move {
            // Errors after connecting surface on the next call as a closed
            // connection; there is nobody to tell here.
            let _ = connection.await;
        });
        let mut session = Session {
            client: Some(client),
            connection: Some(connection),
            runtime,
            server_version: 0,
        };
        let version =
            session.query_text("SHOW server_version_num").map_err(|e| DbError::Connect {
                url: sluice_migrate::driver::redact_url(url),
                message: e.to_string(),
            })?;
        session.server_version =
            version.first().and_then(|r| r.int(0)).unwrap_or(0).try_into().unwrap_or(0);
        Ok(session)
    }

    fn client(&self) -> DbResult<&Client> {
        self.client.as_ref().ok_or_else(|| DbError::Other("the connection is closed".into()))
    }

    /// Run one or more statements (simple-query protocol), no rows wanted.
    pub fn batch(&self, sql: &str) -> DbResult<()> {
        let client = self.client()?;
        self.runtime.block_on(client.batch_execute(sql)).map_err(|e| statement_error(&e, sql))
    }

    /// Run a query (simple-query protocol) and return its rows as text. With
    /// several statements, the rows of all of them in order.
    pub fn query_text(&self, sql: &str) -> DbResult<Vec<TextRow>> {
        let client = self.client()?;
        let messages = self
            .runtime
            .block_on(client.simple_query(sql))
            .map_err(|e| statement_error(&e, sql))?;
        Ok(messages
            .into_iter()
            .filter_map(|m| match m {
                SimpleQueryMessage::Row(row) => {
                    Some(TextRow((0..row.len()).map(|i| row.get(i).map(str::to_string)).collect()))
                }
                _ => None,
            })
            .collect())
    }

    /// Run several statements in one round trip (simple-query protocol) and
    /// return the rows of each statement, in order (empty for statements
    /// that return none).
    pub fn query_sets(&self, sql: &str) -> DbResult<Vec<Vec<TextRow>>> {
        let client = self.client()?;
        let messages = self
            .runtime
            .block_on(client.simple_query(sql))
            .map_err(|e| statement_error(&e, sql))?;
        let mut sets = Vec::new();
        let mut current = Vec::new();
        for m in messages {
            match m {
                SimpleQueryMessage::Row(row) => current.push(TextRow(
                    (0..row.len()).map(|i| row.get(i).map(str::to_string)).collect(),
                )),
                SimpleQueryMessage::CommandComplete(_) => sets.push(std::mem::take(&mut current)),
                _ => {}
            }
        }
        Ok(sets)
    }

    /// Run one statement with parameters (extended protocol); returns the
    /// number of rows affected.
    pub fn execute_params(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> DbResult<u64> {
        let client = self.client()?;
        self.runtime.block_on(client.execute(sql, params)).map_err(|e| statement_error(&e, sql))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Dropping the client makes the connection task send Terminate and
        // finish; waiting for it (briefly) ends the server session now, so
        // that session-level locks are released before the caller goes on.
        drop(self.client.take());
        if let Some(task) = self.connection.take() {
            if tokio::runtime::Handle::try_current().is_err() {
                let _ = self
                    .runtime
                    .block_on(async { tokio::time::timeout(Duration::from_secs(2), task).await });
            }
        }
    }
}
