package io.absencegroups.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The simulated tenant's OAuth2 client (the one {@code protime.simulator.client-id} and secret) and the
 * bearer tokens it issued, each valid for {@code protime.simulator.token-lifetime}. Not thread-safe:
 * {@link SimulatedTenant} guards it.
 */
final class TenantTokens {

    private final Clock clock;
    private final SimulatorConfig settings;
    private final Map<String, Instant> tokens = new HashMap<>();
    private long issued;

    TenantTokens(Clock clock, SimulatorConfig settings) {
        this.clock = clock;
        this.settings = settings;
    }

    Optional<Refusal> checkClient(String clientId, String clientSecret) {
        if (!settings.clientId().equals(clientId) || !settings.clientSecret().equals(clientSecret)) {
            return Optional.of(new Refusal(401, "invalid_client", "unknown client or wrong secret"));
        }
        return Optional.empty();
    }

    String issue() {
        String token = "sim-" + UUID.randomUUID();
        tokens.put(token, clock.instant().plus(settings.tokenLifetime()));
        issued++;
        return token;
    }

    /** Empty when the bearer token is valid; a 401 refusal when missing, unknown or expired. */
    Optional<Refusal> check(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.of(new Refusal(401, "Unauthorized", "a bearer token is required"));
        }
        Instant expires = tokens.get(authorization.substring("Bearer ".length()));
        if (expires == null || !clock.instant().isBefore(expires)) {
            return Optional.of(new Refusal(401, "Unauthorized", "the token is invalid or expired"));
        }
        return Optional.empty();
    }

    long issued() {
        return issued;
    }
}
