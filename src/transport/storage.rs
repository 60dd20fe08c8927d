//! What must survive a page reload, in IndexedDB: a small key → text store (one object store,
//! `kv`, in the database `palaver`). Values are Palaver's own XML forms (the outbox, the
//! unacknowledged messages), written whole on every change.
//!
//! Writes never wait: until the database is open they queue in memory, in order, and are
//! applied once it is. Reads wait for the database. Without IndexedDB (a private window that
//! refuses it) everything still works, only a reload forgets.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "palaver";
const OBJECT_STORE: &str = "kv";

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser offers no IndexedDB here.
    Unavailable,
    /// IndexedDB refused a request.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable => f.write_str("IndexedDB is not available"),
            StorageError::Failed(why) => write!(f, "IndexedDB failed: {why}"),
        }
    }
}

impl From<JsValue> for StorageError {
    fn from(value: JsValue) -> StorageError {
        StorageError::Failed(
            value
                .as_string()
                .or_else(|| {
                    value
                        .dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                })
                .unwrap_or_else(|| "unknown error".into()),
        )
    }
}

/// A write not yet applied: `Some(text)` to put, `None` to delete.
type PendingWrite = (String, Option<String>);

enum Database {
    /// Not asked for yet, or being opened; writes wait here, oldest first.
    Opening(VecDeque<PendingWrite>),
    Open(IdbDatabase),
    Unavailable,
}

thread_local! {
    static DB: RefCell<Database> = const { RefCell::new(Database::Opening(VecDeque::new())) };
    static OPEN_STARTED: RefCell<bool> = const { RefCell::new(false) };
}

/// Opens the database (once); call at startup so reads and writes find it ready.
pub fn open() {
    if OPEN_STARTED.with(|started| started.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let opened = open_database().await;
        let queued = DB.with(|db| {
            let next = match opened {
                Ok(database) => Database::Open(database),
                Err(_) => Database::Unavailable,
            };
            match std::mem::replace(&mut *db.borrow_mut(), next) {
                Database::Opening(queued) => queued,
                _ => VecDeque::new(),
            }
        });
        for (key, value) in queued {
            write(&key, value.as_deref());
        }
    });
}

/// Stores `value` under `key` (replacing what was there).
pub fn put(key: &str, value: &str) {
    write(key, Some(value));
}

/// Forgets `key`.
pub fn delete(key: &str) {
    write(key, None);
}

/// The text stored under `key`, once the database is open.
pub async fn get(key: &str) -> Result<Option<String>, StorageError> {
    let database = ready().await?;
    let store = database
        .transaction_with_str(OBJECT_STORE)?
        .object_store(OBJECT_STORE)?;
    let value = JsFuture::from(completion(&store.get(&JsValue::from_str(key))?)).await?;
    Ok(value.as_string())
}

fn write(key: &str, value: Option<&str>) {
    let database = DB.with(|db| match &mut *db.borrow_mut() {
        Database::Opening(queue) => {
            queue.push_back((key.to_owned(), value.map(str::to_owned)));
            None
        }
        Database::Open(database) => Some(database.clone()),
        Database::Unavailable => None,
    });
    let Some(database) = database else { return };
    // Transactions on one store run in the order they were created: no await before this.
    let result = database
        .transaction_with_str_and_mode(OBJECT_STORE, IdbTransactionMode::Readwrite)
        .and_then(|t| t.object_store(OBJECT_STORE))
        .and_then(|store| match value {
            Some(value) => store.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key)),
            None => store.delete(&JsValue::from_str(key)),
        });
    if let Err(error) = result {
        web_sys::console::warn_1(
            &format!(
                "Palaver could not save its state: {}",
                StorageError::from(error)
            )
            .into(),
        );
    }
}

/// The open database, waiting for it if it is still opening.
async fn ready() -> Result<IdbDatabase, StorageError> {
    open();
    // A database that never opens (blocked by another tab's upgrade, say) must not hold up the
    // login that waits for it: after two seconds, carry on without storage.
    for _ in 0..400 {
        let state = DB.with(|db| match &*db.borrow() {
            Database::Open(database) => Some(Ok(database.clone())),
            Database::Unavailable => Some(Err(StorageError::Unavailable)),
            Database::Opening(_) => None,
        });
        if let Some(state) = state {
            return state;
        }
        // Opening takes a few milliseconds: check again shortly.
        sleep_ms(5).await;
    }
    Err(StorageError::Unavailable)
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn open_database() -> Result<IdbDatabase, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let database = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(database) = database {
            let _ = database.create_object_store(OBJECT_STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let database = JsFuture::from(completion(&request)).await?;
    Ok(database.dyn_into::<IdbDatabase>()?)
}

/// A promise settled by the request's `success` (with its result) or `error`.
fn completion(request: &IdbRequest) -> js_sys::Promise {
    let request = request.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("request failed"));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    })
}
