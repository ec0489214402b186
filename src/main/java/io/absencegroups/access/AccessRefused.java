package io.absencegroups.access;

import io.absencegroups.api.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * A request without the token its path needs: 401 (no token, or one that is not valid) or 403 (a valid
 * token without the role). Written as problem+json with the RFC 6750 {@code WWW-Authenticate} challenge.
 * The detail names the role and the rule, never the token or its claims.
 */
final class AccessRefused extends RuntimeException {

    private final int status;
    private final String challenge;

    private AccessRefused(int status, String challenge, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.challenge = challenge;
    }

    static AccessRefused noToken(String role) {
        return new AccessRefused(401, "Bearer",
                "this path needs a bearer token (header 'Authorization: Bearer <token>') with role '" + role + "'");
    }

    static AccessRefused invalidToken() {
        return new AccessRefused(401, "Bearer error=\"invalid_token\"",
                "the bearer token was not accepted: it is expired or not yet valid, from another issuer, for another audience, "
                        + "or its signature does not verify");
    }

    static AccessRefused missingRole(String role) {
        return new AccessRefused(403, "Bearer error=\"insufficient_scope\"",
                "the token is valid but does not carry role '" + role + "', which this path needs");
    }

    int status() {
        return status;
    }

    /** Ends the request with this refusal, unless an answer is already on its way. */
    void send(RoutingContext request) {
        if (request.response().ended() || request.response().headWritten()) {
            return;
        }
        request.response().setStatusCode(status)
                .putHeader("WWW-Authenticate", challenge)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(Problem.of(status, getMessage()).toJson());
    }
}
