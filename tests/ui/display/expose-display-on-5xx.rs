use http_api_error::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum StoreError {
    #[error("query failed on shard {0}")]
    #[api(status = 500, expose_display)]
    Query(u32),
}

fn main() {}
