// A `Display` written by hand beside the derive's: the conflict names the derive, and
// the derive's docs name the opt-out (`#[api(std_impls = false)]`).
use http_api_error::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 503)]
struct UpstreamDown;

impl std::fmt::Display for UpstreamDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("down")
    }
}

fn main() {}
