//! The OpenAPI 3.1 validator in `support/openapi_validator.rs` can pass and can fail: it accepts a
//! hand-written valid document and rejects each kind of broken document with a problem at the
//! right place.

#[path = "support/openapi_validator.rs"]
mod openapi_validator;

use serde_json::{Value, json};

/// A small valid OpenAPI 3.1 document: a path, a response with content, examples and headers,
/// schemas composed with `allOf` and `$ref`, and a discriminator mapping.
fn valid_document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "links", "version": "1.0.0" },
        "paths": {
            "/links/{id}": {
                "get": {
                    "operationId": "get_link",
                    "parameters": [{
                        "name": "id",
                        "in": "path",
                        "required": true,
                        "schema": { "type": "string" }
                    }],
                    "responses": {
                        "200": {
                            "description": "The link",
                            "content": {
                                "application/json": {
                                    "schema": { "$ref": "#/components/schemas/Link" }
                                }
                            }
                        },
                        "404": {
                            "description": "No such link",
                            "headers": {
                                "x-request-id": {
                                    "description": "Correlates the request",
                                    "schema": { "type": "string" }
                                }
                            },
                            "content": {
                                "application/problem+json": {
                                    "schema": { "$ref": "#/components/schemas/NotFound" },
                                    "examples": {
                                        "missing": {
                                            "summary": "An unknown id",
                                            "value": {
                                                "type": "about:blank",
                                                "status": 404,
                                                "code": "LINK_NOT_FOUND"
                                            }
                                        }
                                    }
                                }
                            }
                        },
                        "5XX": { "$ref": "#/components/responses/Internal" }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "Link": {
                    "type": "object",
                    "required": ["id", "url"],
                    "properties": {
                        "id": { "type": "string" },
                        "url": { "type": "string", "format": "uri" },
                        "a/b~c": { "type": "null" }
                    }
                },
                "Problem": {
                    "type": "object",
                    "required": ["status"],
                    "properties": {
                        "type": { "type": "string" },
                        "status": { "type": "integer", "minimum": 100, "maximum": 599 }
                    },
                    "discriminator": {
                        "propertyName": "code",
                        "mapping": { "LINK_NOT_FOUND": "#/components/schemas/NotFound" }
                    }
                },
                "NotFound": {
                    "allOf": [
                        { "$ref": "#/components/schemas/Problem" },
                        {
                            "type": "object",
                            "properties": { "code": { "const": "LINK_NOT_FOUND" } }
                        }
                    ]
                }
            },
            "responses": {
                "Internal": {
                    "description": "Something broke",
                    "content": {
                        "application/json": {
                            "schema": { "$ref": "#/components/schemas/Link/properties/a~1b~0c" }
                        }
                    }
                }
            }
        }
    })
}

/// Applies `edit` to the valid document and returns the problems found in the result.
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut document = valid_document();
    edit(&mut document);
    openapi_validator::validate(&document).expect_err("the edited document should be rejected")
}

/// The `GET /links/{id}` operation of the valid document.
fn get_link(document: &mut Value) -> &mut Value {
    &mut document["paths"]["/links/{id}"]["get"]
}

/// The schema of the `Internal` response of the valid document.
fn internal_schema(document: &mut Value) -> &mut Value {
    &mut document["components"]["responses"]["Internal"]["content"]["application/json"]["schema"]
}

#[test]
fn accepts_a_valid_document() {
    assert_eq!(openapi_validator::validate(&valid_document()), Ok(()));
}

#[test]
fn accepts_a_minimal_document() {
    let document = json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "paths": {}
    });
    assert_eq!(openapi_validator::validate(&document), Ok(()));
}

#[test]
fn rejects_a_document_without_info() {
    let problems = problems_after(|document| {
        document.as_object_mut().unwrap().remove("info");
    });
    assert_eq!(problems, [r#": "info" is a required property"#]);
}

#[test]
fn rejects_a_response_without_description() {
    let problems = problems_after(|document| {
        get_link(document)["responses"]["200"]
            .as_object_mut()
            .unwrap()
            .remove("description");
    });
    assert_eq!(
        problems,
        [r#"/paths/~1links~1{id}/get/responses/200: "description" is a required property"#]
    );
}

#[test]
fn rejects_a_response_key_that_is_not_a_status_code() {
    let problems = problems_after(|document| {
        let responses = &mut get_link(document)["responses"];
        responses["abc"] = responses["200"].clone();
    });
    assert_eq!(
        problems,
        [
            "/paths/~1links~1{id}/get/responses: Unevaluated properties are not allowed ('abc' was unexpected)"
        ]
    );
}

#[test]
fn rejects_a_dangling_ref() {
    let problems = problems_after(|document| {
        document["components"]["schemas"]["NotFound"]["allOf"][0]["$ref"] =
            json!("#/components/schemas/Missing");
    });
    assert_eq!(
        problems,
        [
            r##"/components/schemas/NotFound/allOf/0/$ref: unresolvable local reference "#/components/schemas/Missing""##
        ]
    );
}

#[test]
fn rejects_a_dangling_discriminator_mapping() {
    let problems = problems_after(|document| {
        document["components"]["schemas"]["Problem"]["discriminator"]["mapping"]["LINK_NOT_FOUND"] =
            json!("#/components/schemas/Gone");
    });
    assert_eq!(
        problems,
        [
            r##"/components/schemas/Problem/discriminator/mapping/LINK_NOT_FOUND: unresolvable local reference "#/components/schemas/Gone""##
        ]
    );
}

#[test]
fn ref_pointers_are_unescaped_and_percent_decoded() {
    // `~1` and `~0` (in the valid document) and `%7B` `%7D` resolve; the unescaped spelling of a
    // `/` in a name does not.
    let mut document = valid_document();
    internal_schema(&mut document)["$ref"] =
        json!("#/paths/~1links~1%7Bid%7D/get/parameters/0/schema");
    assert_eq!(openapi_validator::validate(&document), Ok(()));

    internal_schema(&mut document)["$ref"] = json!("#/components/schemas/Link/properties/a/b~c");
    assert_eq!(
        openapi_validator::validate(&document),
        Err(vec![
            r##"/components/responses/Internal/content/application~1json/schema/$ref: unresolvable local reference "#/components/schemas/Link/properties/a/b~c""##.to_owned()
        ])
    );
}

#[test]
fn rejects_a_schema_object_outside_the_dialect() {
    let problems = problems_after(|document| {
        document["components"]["schemas"]["Link"]["properties"]["id"]["type"] = json!(12);
    });
    assert_eq!(
        problems,
        [
            "/components/schemas/Link/properties/id/type: value is not valid under any of the schemas listed in the 'anyOf' keyword"
        ]
    );
}

#[test]
fn rejects_a_document_of_another_version() {
    let problems = problems_after(|document| {
        document["openapi"] = json!("3.0.3");
        document["swagger"] = json!("2.0");
    });
    assert_eq!(
        problems,
        [
            r#"/openapi: value does not match "^3\.1\.\d+(-.+)?$""#,
            ": Unevaluated properties are not allowed ('swagger' was unexpected)",
        ]
    );
}

#[test]
fn reports_every_problem() {
    let problems = problems_after(|document| {
        let operation = get_link(document);
        operation["responses"]["404"]
            .as_object_mut()
            .unwrap()
            .remove("description");
        operation["parameters"][0]["schema"] = json!({ "$ref": "#/components/schemas/Id" });
    });
    assert_eq!(
        problems,
        [
            r#"/paths/~1links~1{id}/get/responses/404: "description" is a required property"#,
            r##"/paths/~1links~1{id}/get/parameters/0/schema/$ref: unresolvable local reference "#/components/schemas/Id""##,
        ]
    );
}

#[test]
fn does_not_panic_on_any_json() {
    for document in [
        json!(null),
        json!(12),
        json!("openapi"),
        json!([]),
        json!({ "$ref": 12 }),
        json!({ "$ref": "#/%FF%FE" }),
        json!({ "$ref": "#/a/%" }),
        json!({ "$ref": "#no-pointer", "x": { "$ref": "#" } }),
    ] {
        assert!(
            openapi_validator::validate(&document).is_err(),
            "{document}"
        );
    }
}
