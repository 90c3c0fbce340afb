use http_api_error::ApiError;

#[derive(Debug, ApiError)]
pub enum LinkError {
    #[api(status = 404)]
    LinkNotFoundInTheDatabaseOfThisRegionOrInAnyOtherRegionThatWeKnowAbout,
}

fn main() {}
