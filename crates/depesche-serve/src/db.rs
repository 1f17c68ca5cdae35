//! Read-only store connections for request handlers.
//!
//! A rusqlite connection is not `Sync`, so each request borrows one from a
//! small pool and runs its queries on the blocking thread pool. A semaphore
//! bounds how many queries run at once (the rest wait their turn), and a
//! query that runs past its time budget is interrupted through SQLite's
//! interrupt handle, so one expensive request cannot hold a connection for
//! long.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use depesche_store::{Store, StoreError};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// A pool of read-only connections to one store file.
pub struct Db {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    max_idle: usize,
    budget: Duration,
}

impl Db {
    /// Open the store once to check it is a readable corpus; more
    /// connections are opened as concurrent requests need them.
    pub fn open(path: &Path, workers: usize, budget: Duration) -> Result<Arc<Self>, StoreError> {
        let first = Store::open_read_only(path)?;
        let workers = workers.max(1);
        Ok(Arc::new(Db {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            permits: Semaphore::new(workers),
            max_idle: workers,
            budget,
        }))
    }

    fn take(&self) -> Result<Store, ApiError> {
        let pooled = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match pooled {
            Some(s) => Ok(s),
            None => Store::open_read_only(&self.path).map_err(ApiError::from),
        }
    }

    fn give_back(&self, store: Store) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < self.max_idle {
            idle.push(store);
        }
    }

    /// Run `f` with a connection on a blocking thread, within the time budget.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
        let store = self.take()?;
        let interrupt = store.connection().get_interrupt_handle();
        let mut task = tokio::task::spawn_blocking(move || {
            let out = f(&store);
            (store, out)
        });
        let joined = match tokio::time::timeout(self.budget, &mut task).await {
            Ok(j) => j,
            Err(_) => {
                // The connection goes back to the pool only after the task
                // ends, so the interrupt reaches this request's query alone.
                interrupt.interrupt();
                task.await
            }
        };
        let (store, out) = joined.map_err(|_| ApiError::internal("a query failed"))?;
        self.give_back(store);
        out
    }
}
