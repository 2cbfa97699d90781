//! Applies started from the page: each runs on a blocking thread and
//! records its [`Progress`] events here; any number of pages follow one as
//! a server-sent event stream, which replays what happened so far and then
//! the rest as it happens. Jobs live in memory; finished ones are dropped
//! after a day.

use crate::backend::Progress;
use axum::response::sse::Event;
use futures_util::Stream;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

pub struct Job {
    started: std::time::Instant,
    pub env: String,
    pub actor: String,
    events: Mutex<Vec<Progress>>,
    /// The number of events, for followers to wait on.
    count: watch::Sender<usize>,
}

impl Job {
    pub fn push(&self, p: Progress) {
        let mut events = self.events.lock().expect("job lock");
        events.push(p);
        self.count.send_replace(events.len());
    }

    pub fn events(&self) -> Vec<Progress> {
        self.events.lock().expect("job lock").clone()
    }

    pub fn finished(&self) -> bool {
        self.events.lock().expect("job lock").last().is_some_and(Progress::is_end)
    }

    /// Every event, then the new ones as they come, ending after the last.
    pub fn stream(self: Arc<Self>) -> impl Stream<Item = Result<Event, Infallible>> {
        let rx = self.count.subscribe();
        futures_util::stream::unfold((self, 0usize, rx), |(job, i, mut rx)| async move {
            loop {
                rx.borrow_and_update();
                let next = {
                    let events = job.events.lock().expect("job lock");
                    match events.get(i) {
                        Some(p) => Some(p.clone()),
                        None if events.last().is_some_and(Progress::is_end) => return None,
                        None => None,
                    }
                };
                if let Some(p) = next {
                    let data = serde_json::to_string(&p).expect("progress serializes");
                    let ev = Event::default().event("progress").id(i.to_string()).data(data);
                    return Some((Ok(ev), (job, i + 1, rx)));
                }
                if rx.changed().await.is_err() {
                    return None;
                }
            }
        })
    }
}

const KEEP: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

#[derive(Default)]
pub struct Jobs {
    map: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    pub fn start(&self, env: &str, actor: &str) -> (String, Arc<Job>) {
        let id = crate::session::random_token()[..16].to_string();
        let job = Arc::new(Job {
            started: std::time::Instant::now(),
            env: env.to_string(),
            actor: actor.to_string(),
            events: Mutex::new(Vec::new()),
            count: watch::channel(0).0,
        });
        let mut map = self.map.lock().expect("jobs lock");
        // Finished applies stay viewable for a day.
        map.retain(|_, j| !j.finished() || j.started.elapsed() < KEEP);
        map.insert(id.clone(), job.clone());
        (id, job)
    }

    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.map.lock().expect("jobs lock").get(id).cloned()
    }
}
