package io.absencegroups.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The rule of a protected path, named so {@code quarkus.http.auth.permission.*.policy} can use it:
 * with {@code protime.api.auth=bearer} a valid token with {@link #role}; with {@code none}, open (the
 * identity is never asked for, so no token is ever checked).
 * <p>
 * A refusal fails the check with {@link AccessRefused} instead of answering DENY, so the answer is a
 * problem+json written by {@link AccessProblems} rather than Quarkus's empty challenge.
 */
final class RequiredRole implements HttpSecurityPolicy {

    private final String name;
    private final String role;
    private final boolean bearer;

    RequiredRole(String name, String role, boolean bearer) {
        this.name = name;
        this.role = role;
        this.bearer = bearer;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext requestContext) {
        if (!bearer) {
            return CheckResult.permit();
        }
        // a token that does not verify fails this Uni; AccessProblems has answered it already
        return identity.chain(caller -> {
            if (caller.isAnonymous()) {
                return Uni.createFrom().failure(AccessRefused.noToken(role));
            }
            if (!caller.hasRole(role)) {
                return Uni.createFrom().failure(AccessRefused.missingRole(role));
            }
            return CheckResult.permit();
        });
    }

    @Override
    public String name() {
        return name;
    }
}
