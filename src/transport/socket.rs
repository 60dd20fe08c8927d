//! One WebSocket with the `xmpp` subprotocol (RFC 7395 §3.1), on gloo-net, reporting what
//! happens to it (opened with the server's chosen subprotocol, a text frame, closed with its
//! code) through one callback.
//!
//! gloo-net's socket is a futures `Stream` + `Sink`; Palaver needs frames sent in order at
//! once, inside the task that produced them (a `pagehide` handler, say), so `send` writes
//! through the sink's `start_send` without awaiting `poll_ready`: gloo-net sends there and
//! then when the socket is open, which `send` checks first.

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use futures::future::poll_fn;
use futures::{Sink, Stream};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::{Message, State, WebSocketError};

/// What happens to a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    /// Open; the server selected `protocol` ("" for none).
    Opened {
        /// The subprotocol the server selected: anything but `xmpp` is refused.
        protocol: String,
    },
    /// A text frame.
    Frame(String),
    /// Closed (or never opened), with the close code.
    Closed {
        /// The WebSocket close code (1006 when the browser saw no close frame).
        code: u16,
    },
}

/// An open or opening socket; closing it (or dropping it) stops its events.
pub struct Socket {
    ws: Rc<RefCell<Option<WebSocket>>>,
    /// Set once we closed it: the reading task reports nothing more.
    done: Rc<Cell<bool>>,
}

impl Socket {
    /// Opens `url` with the `xmpp` subprotocol; `on_event` hears everything that happens to it.
    pub fn open(url: &str, on_event: impl Fn(SocketEvent) + 'static) -> Result<Socket, String> {
        let ws = WebSocket::open_with_protocol(url, "xmpp")
            .map_err(|e| format!("{url} is not a valid WebSocket URL ({e})."))?;
        let ws = Rc::new(RefCell::new(Some(ws)));
        let done = Rc::new(Cell::new(false));
        wasm_bindgen_futures::spawn_local(read(ws.clone(), done.clone(), on_event));
        Ok(Socket { ws, done })
    }

    /// Sends a text frame now; false when the socket is not open.
    pub fn send(&self, frame: &str) -> bool {
        let mut slot = self.ws.borrow_mut();
        let Some(ws) = slot.as_mut().filter(|ws| matches!(ws.state(), State::Open)) else {
            return false;
        };
        Pin::new(ws)
            .start_send(Message::Text(frame.to_owned()))
            .is_ok()
    }

    /// Closes the socket; no event follows.
    pub fn close(self) {
        self.done.set(true);
        if let Some(ws) = self.ws.borrow_mut().take() {
            let _ = ws.close(Some(1000), None);
        }
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.done.set(true);
        // Dropping gloo-net's socket closes it.
        self.ws.borrow_mut().take();
    }
}

/// Waits for the socket to open (or fail), then hands on every frame until it closes.
async fn read(
    ws: Rc<RefCell<Option<WebSocket>>>,
    done: Rc<Cell<bool>>,
    on_event: impl Fn(SocketEvent),
) {
    // gloo-net wakes a waiting `poll_ready` when the socket opens or fails.
    let opened = poll_fn(|cx| match ws.borrow_mut().as_mut() {
        Some(socket) => match Pin::new(&mut *socket).poll_ready(cx) {
            Poll::Ready(_) => Poll::Ready(socket_protocol(socket)),
            Poll::Pending => Poll::Pending,
        },
        None => Poll::Ready(None),
    })
    .await;
    if done.get() {
        return;
    }
    if let Some(protocol) = opened {
        on_event(SocketEvent::Opened { protocol });
    }
    loop {
        let next = poll_fn(|cx| match ws.borrow_mut().as_mut() {
            Some(socket) => Pin::new(socket).poll_next(cx),
            None => Poll::Ready(None),
        })
        .await;
        if done.get() {
            return;
        }
        match next {
            Some(Ok(Message::Text(frame))) => on_event(SocketEvent::Frame(frame)),
            // RFC 7395 §3.2: XMPP over WebSocket is text only.
            Some(Ok(Message::Bytes(_))) | Some(Err(WebSocketError::ConnectionError)) => {}
            Some(Err(WebSocketError::ConnectionClose(close))) => {
                done.set(true);
                on_event(SocketEvent::Closed { code: close.code });
                return;
            }
            // A failed send surfaces as a close soon after.
            Some(Err(_)) => {}
            None => {
                done.set(true);
                on_event(SocketEvent::Closed { code: 1006 });
                return;
            }
        }
    }
}

/// The subprotocol of an open socket; `None` when it did not open.
fn socket_protocol(socket: &WebSocket) -> Option<String> {
    matches!(socket.state(), State::Open).then(|| socket.protocol())
}
