use core::fmt;

use super::{RemoteError, RetryPolicy};

/// The most of an error body that is read: error bodies are small, and a larger one
/// is decoded from its start (as a body in no known format).
const MAX_ERROR_BODY: usize = 1024 * 1024 + 1;

/// Why [`send_with_retry`] returned no response (feature `reqwest`).
#[derive(Debug)]
pub enum SendError {
    /// The server answered with an error status (4xx or 5xx), after any retries.
    Remote(Box<RemoteError>),
    /// No response: the request could not be sent or the connection failed.
    Transport(reqwest::Error),
}

impl SendError {
    /// The decoded error response, if the server answered.
    #[must_use]
    pub fn remote(&self) -> Option<&RemoteError> {
        match self {
            SendError::Remote(remote) => Some(remote),
            SendError::Transport(_) => None,
        }
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Remote(remote) => fmt::Display::fmt(remote, f),
            SendError::Transport(error) => write!(f, "request failed: {error}"),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Remote(_) => None,
            SendError::Transport(error) => Some(error),
        }
    }
}

impl From<RemoteError> for SendError {
    fn from(remote: RemoteError) -> Self {
        SendError::Remote(Box::new(remote))
    }
}

impl From<reqwest::Error> for SendError {
    fn from(error: reqwest::Error) -> Self {
        SendError::Transport(error)
    }
}

impl RemoteError {
    /// Reads and decodes a reqwest response (see [`decode`](RemoteError::decode)). At
    /// most 1 MiB plus one byte of the body is read: the one byte more tells a body of
    /// exactly 1 MiB from a larger one, which `decode` then refuses to parse as JSON. A
    /// body that fails midway is decoded from what arrived.
    pub async fn from_reqwest(mut response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        while body.len() < MAX_ERROR_BODY {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = MAX_ERROR_BODY - body.len();
                    body.extend_from_slice(chunk.get(..room).unwrap_or(&chunk));
                }
                Ok(None) | Err(_) => break,
            }
        }
        RemoteError::decode(status, &headers, &body)
    }
}

/// Sends the request `request` builds, retrying as `policy` says, and returns the
/// first response that is not an error (any status below 400).
///
/// `request` is called once per attempt. An error response is decoded into a
/// [`RemoteError`] and retried after [`RetryPolicy::next_delay`] (so only 429 and 5xx,
/// honouring `Retry-After`); a connection that could not be made is retried after
/// [`RetryPolicy::backoff`], since the server never saw the request; any other
/// failure is returned at once. Waits use `tokio::time::sleep`, so this runs on a
/// tokio runtime with its time driver enabled. Available with the `reqwest` feature.
///
/// # Errors
///
/// [`SendError::Remote`] with the last error response when the policy gives up,
/// [`SendError::Transport`] when no response arrived.
///
/// ```no_run
/// # async fn run() -> Result<(), http_api_error_core::client::SendError> {
/// use http_api_error_core::client::{RetryPolicy, send_with_retry};
///
/// let client = reqwest::Client::new();
/// let policy = RetryPolicy::new();
/// let response = send_with_retry(|| client.get("http://localhost:3000/v1/links"), &policy).await?;
/// println!("{}", response.status());
/// # Ok(())
/// # }
/// ```
pub async fn send_with_retry<F>(
    mut request: F,
    policy: &RetryPolicy,
) -> Result<reqwest::Response, SendError>
where
    F: FnMut() -> reqwest::RequestBuilder,
{
    let mut attempt: u32 = 1;
    loop {
        let delay = match request().send().await {
            Ok(response)
                if !response.status().is_client_error() && !response.status().is_server_error() =>
            {
                return Ok(response);
            }
            Ok(response) => {
                let remote = RemoteError::from_reqwest(response).await;
                match policy.next_delay(attempt, &remote) {
                    Some(delay) => delay,
                    None => return Err(SendError::Remote(Box::new(remote))),
                }
            }
            Err(error) if error.is_connect() && attempt < policy.max_attempts() => {
                policy.backoff(attempt)
            }
            Err(error) => return Err(SendError::Transport(error)),
        };
        tokio::time::sleep(delay).await;
        attempt = attempt.saturating_add(1);
    }
}
