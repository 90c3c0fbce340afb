// Unkey's own TypeScript SDK (@unkey/api, pinned in package-lock.json) calling
// examples/unkey_service.rs: every error status the SDK types must arrive as the SDK's
// typed error class, with meta.requestId equal to the response's x-request-id header,
// and title, detail, status, type and each violation as the server meant them.
//
// Run by .ci/unkey-sdk.sh, which starts the service and sets UNKEY_SERVICE to the
// JSON line it prints ({"with": URL, "without": URL}).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Unkey } from "@unkey/api";
import * as errors from "@unkey/api/models/errors";

const servers = JSON.parse(process.env.UNKEY_SERVICE ?? "{}");
const DOCS = "https://unkey.com/docs/errors/unkey/application/";

/** An SDK client for the service `which` ("with" or "without" the middleware). */
function client(which, rootKey = "unkey_root") {
  const serverURL = servers[which];
  assert.ok(serverURL, `UNKEY_SERVICE has no "${which}" URL`);
  return new Unkey({ serverURL, rootKey, retryConfig: { strategy: "none" } });
}

/** The error `call` rejects with. */
async function failure(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail("the call succeeded");
}

/**
 * Asserts `error` is an instance of `type` carrying `expected` (status, title, detail,
 * code and, on a 400, the violations), with the response's request id in meta.
 */
function assertTyped(error, type, expected) {
  assert.ok(
    error instanceof type,
    `expected ${type.name}, got ${error?.constructor?.name}: ${error?.message}`,
  );
  assert.equal(error.statusCode, expected.status);
  const header = error.headers.get("x-request-id");
  assert.match(header, /^req_[0-9a-f]{32}$|^req_client_[0-9]+$/);
  assert.equal(error.meta.requestId, header);
  assert.equal(error.error.status, expected.status);
  assert.equal(error.error.title, expected.title);
  assert.equal(error.error.detail, expected.detail);
  assert.equal(error.error.type, DOCS + expected.code);
  if (expected.errors !== undefined) {
    assert.deepEqual(error.error.errors, expected.errors);
  }
  // The SDK keeps the raw body: its code member is ours, beside Unkey's schema.
  assert.equal(JSON.parse(error.body).error.code, expected.code);
}

for (const which of ["with", "without"]) {
  const create = (externalId, rootKey) =>
    client(which, rootKey).identities.createIdentity({ externalId });

  test(`${which} the middleware: 400 with violations`, async () => {
    assertTyped(await failure(() => create("")), errors.BadRequestErrorResponse, {
      status: 400,
      title: "Bad Request",
      detail: "POST request body for '/v2/identities.createIdentity' failed to validate schema",
      code: "INVALID_INPUT",
      errors: [
        {
          location: "body.externalId",
          message: "must not be empty",
          fix: "send a non-empty `externalId`",
        },
      ],
    });
  });

  test(`${which} the middleware: 400 without violations`, async () => {
    assertTyped(await failure(() => create("malformed")), errors.BadRequestErrorResponse, {
      status: 400,
      title: "Bad Request",
      detail: "The request could not be processed",
      code: "MALFORMED_REQUEST",
      errors: [],
    });
  });

  test(`${which} the middleware: 401`, async () => {
    const error = await failure(() => create("alice", ""));
    assertTyped(error, errors.UnauthorizedErrorResponse, {
      status: 401,
      title: "Unauthorized",
      detail: "Authorization header is missing: send your root key as a Bearer token",
      code: "MISSING_ROOT_KEY",
    });
    assert.equal(error.headers.get("www-authenticate"), "Bearer");
  });

  test(`${which} the middleware: 403`, async () => {
    assertTyped(await failure(() => create("forbidden")), errors.ForbiddenErrorResponse, {
      status: 403,
      title: "Forbidden",
      detail: "The root key lacks the permission identity.*.create_identity",
      code: "INSUFFICIENT_PERMISSIONS",
    });
  });

  test(`${which} the middleware: 404`, async () => {
    const error = await failure(() => client(which).keys.getKey({ keyId: "key_1" }));
    assertTyped(error, errors.NotFoundErrorResponse, {
      status: 404,
      title: "Not Found",
      detail: "The requested key does not exist",
      code: "KEY_NOT_FOUND",
    });
  });

  test(`${which} the middleware: 409`, async () => {
    assertTyped(await failure(() => create("taken")), errors.ConflictErrorResponse, {
      status: 409,
      title: "Conflict",
      detail: "An identity with this externalId already exists",
      code: "IDENTITY_ALREADY_EXISTS",
    });
  });

  test(`${which} the middleware: 429, labelled application/problem+json`, async () => {
    const error = await failure(() => create("limited"));
    assertTyped(error, errors.TooManyRequestsErrorResponse, {
      status: 429,
      title: "Too Many Requests",
      detail: "Too many requests: retry later",
      code: "RATE_LIMITED",
    });
    assert.equal(error.contentType, "application/problem+json");
    assert.equal(error.headers.get("retry-after"), "3");
  });

  test(`${which} the middleware: 500, the cause kept out`, async () => {
    const error = await failure(() => create("fail"));
    assertTyped(error, errors.InternalServerErrorResponse, {
      status: 500,
      title: "Internal Server Error",
      detail: "Internal Server Error",
      code: "INTERNAL_SERVER_ERROR",
    });
    assert.ok(!error.body.includes("clickhouse"), error.body);
  });

  test(`${which} the middleware: an unknown route`, async () => {
    const error = await failure(() => client(which).keys.deleteKey({ keyId: "key_1" }));
    assert.ok(error instanceof errors.NotFoundErrorResponse, `${error?.constructor?.name}`);
    assert.equal(error.error.status, 404);
    assert.equal(error.error.detail, "No route matches this path");
    assert.equal(error.meta.requestId, error.headers.get("x-request-id"));
  });

  test(`${which} the middleware: a body that does not fit is a typed 400`, async () => {
    const error = await failure(() =>
      client(which).identities.createIdentity({
        externalId: "alice",
        ratelimits: [{ name: "requests", limit: -1, duration: 1000 }],
      }),
    );
    assertTyped(error, errors.BadRequestErrorResponse, {
      status: 400,
      title: "Bad Request",
      detail: "Request body does not match the expected schema",
      code: "INVALID_BODY",
    });
    assert.equal(error.error.errors.length, 1);
    assert.equal(error.error.errors[0].location, "body.ratelimits[0].limit");
    assert.match(error.error.errors[0].message, /^invalid value: integer `-1`, expected u32/);
  });

  test(`${which} the middleware: success is untouched`, async () => {
    const result = await create("alice");
    assert.equal(result.data.identityId, "id_1");
  });
}

test("the middleware keeps a client's own request id", async () => {
  const unkey = new Unkey({
    serverURL: servers.with,
    rootKey: "unkey_root",
    retryConfig: { strategy: "none" },
  });
  const error = await failure(() =>
    unkey.identities.createIdentity(
      { externalId: "taken" },
      { fetchOptions: { headers: { "x-request-id": "req_client_7" } } },
    ),
  );
  assert.ok(error instanceof errors.ConflictErrorResponse);
  assert.equal(error.meta.requestId, "req_client_7");
  assert.equal(error.headers.get("x-request-id"), "req_client_7");
});
