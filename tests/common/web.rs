//! A web server for tests, on 127.0.0.1 with a port the system picks, started by the test and
//! serving invented pages: no test needs the internet. Each request is answered by the route
//! table the test gives; the server stops when the test's process ends.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server does for one path.
#[derive(Clone)]
pub enum Reply {
    /// A status, a content type and a body.
    Page(u16, &'static str, Vec<u8>),
    /// A redirect to another path.
    Redirect(&'static str),
    /// Says it sends a page of this many bytes, then keeps sending until the client hangs up.
    Endless(u64),
    /// Accepts the request and never answers.
    Silent,
}

/// A running server: its address and the requests it saw.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts a server answering `routes` (path → reply); any other path is a 404.
    pub fn start(routes: Vec<(&'static str, Reply)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let routes = Arc::new(routes);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&routes);
                let seen = Arc::clone(&seen);
                thread::spawn(move || serve(stream, &routes, &seen));
            }
        });
        Server { base, requests }
    }

    /// The full address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request's head (request line and headers), in the order they came.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, routes: &[(&'static str, Reply)], seen: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    seen.lock().unwrap().push(head.clone());
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = routes
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, r)| r.clone())
        .unwrap_or(Reply::Page(
            404,
            "text/html",
            b"<h1>Not found</h1>".to_vec(),
        ));
    let mut stream = stream;
    match reply {
        Reply::Page(status, kind, body) => {
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
        Reply::Redirect(to) => {
            let _ = write!(
                stream,
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
        Reply::Endless(length) => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
            );
            let chunk = vec![b'a'; 64 * 1024];
            while stream.write_all(&chunk).is_ok() {}
        }
        Reply::Silent => thread::sleep(Duration::from_secs(30)),
    }
}

/// `qa-convert` for a test against [`Server`]: without the caller's proxy settings, which would
/// send requests for 127.0.0.1 to a proxy.
pub fn qa_direct() -> assert_cmd::Command {
    let mut cmd = super::qa();
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    cmd
}
