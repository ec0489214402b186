package io.absencegroups.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call the read API and the operator endpoints. The identity provider itself is configured
 * with Quarkus's own {@code quarkus.oidc.*} settings (docs/deployment-security.md).
 */
@ConfigMapping(prefix = "protime.api")
public interface AccessConfig {

    /**
     * {@code none}: no token is asked for; anyone who reaches the service reads the groups (dev mode,
     * tests, a cluster where only trusted callers reach it). {@code bearer}: the groups, the feed and the
     * watch stream need a token with role {@code reader}; {@code /subscription}, its actions and the
     * OpenAPI document need role {@code operator}. Health, metrics and the receiver stay open either way.
     */
    @WithDefault("none")
    Auth auth();

    /** How callers prove who they are. */
    enum Auth {
        /** no token is asked for */
        NONE,
        /** an OAuth2 bearer token (a JWT, or an opaque token the provider introspects) checked by quarkus-oidc */
        BEARER
    }
}
