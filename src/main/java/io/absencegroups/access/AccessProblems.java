package io.absencegroups.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.function.BiConsumer;

/**
 * Answers every refusal of a protected path with problem+json, like every other error of the service.
 * Quarkus answers them with an empty body: a missing or insufficient token through {@link RequiredRole}
 * (a failed check, answered by the failure handler here), a token that does not verify through the
 * authentication failure handler of the request (replaced here, right after Quarkus's authentication
 * handler put its own there; authentication is lazy, so it runs only on a protected path).
 */
@ApplicationScoped
public class AccessProblems {

    @Inject
    AccessConfig access;

    void replaceTheAuthenticationFailureHandler(@Observes Filters filters) {
        if (access.auth() != AccessConfig.Auth.BEARER) {
            return;
        }
        BiConsumer<RoutingContext, Throwable> tokenRefused = AccessProblems::authenticationFailed;
        filters.register(request -> {
            request.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, tokenRefused);
            request.next();
        }, SecurityHandlerPriorities.AUTHENTICATION - 1);
    }

    void answerRefusals(@Observes Router router) {
        // before any other failure handler (Quarkus's own error page is the last)
        router.route().order(Integer.MIN_VALUE).failureHandler(request -> {
            if (request.failure() instanceof AccessRefused refused) {
                refused.send(request);
            } else {
                request.next();
            }
        });
    }

    private static void authenticationFailed(RoutingContext request, Throwable failure) {
        Throwable cause = DefaultAuthFailureHandler.extractRootCause(failure);
        if (cause instanceof AuthenticationFailedException) {
            AccessRefused.invalidToken().send(request);
        } else if (!request.response().ended()) {
            // not the token but the check itself failed (say, the identity provider's keys could not be fetched)
            request.fail(cause);
        }
    }
}
