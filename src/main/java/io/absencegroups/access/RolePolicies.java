package io.absencegroups.access;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The two roles, as the named policies that {@code quarkus.http.auth.permission.*} in
 * {@code application.properties} puts on the paths: {@code reader} for the groups, the feed and the
 * watch stream, {@code operator} for {@code /subscription}, its actions and the OpenAPI document.
 */
@ApplicationScoped
public class RolePolicies {

    /** The policy name of the read API's paths. */
    public static final String READER = "reader-token";
    /** The policy name of the operator's paths. */
    public static final String OPERATOR = "operator-token";

    private static final Logger LOG = Logger.getLogger(RolePolicies.class);

    @Produces
    @Singleton
    HttpSecurityPolicy reader(AccessConfig access) {
        return new RequiredRole(READER, "reader", access.auth() == AccessConfig.Auth.BEARER);
    }

    @Produces
    @Singleton
    HttpSecurityPolicy operator(AccessConfig access) {
        return new RequiredRole(OPERATOR, "operator", access.auth() == AccessConfig.Auth.BEARER);
    }

    void announce(@Observes StartupEvent event, AccessConfig access) {
        if (access.auth() == AccessConfig.Auth.BEARER) {
            LOG.info("read API access: bearer tokens (protime.api.auth=bearer); role reader for /absence-groups, "
                    + "role operator for /subscription and the OpenAPI document; health, metrics and the receiver are open");
        } else {
            LOG.info("read API access: none (protime.api.auth=none); whoever reaches the service reads the groups "
                    + "and runs the operator actions");
        }
    }
}
