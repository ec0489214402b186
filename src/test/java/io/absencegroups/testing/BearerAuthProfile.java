package io.absencegroups.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * {@code protime.api.auth=bearer}, trusting the tokens of {@link TestTokens}: the identity provider is a
 * public key, an issuer and an audience, so no provider runs. Also for {@code *IT}s, which pass these
 * settings to the packaged app.
 */
public class BearerAuthProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "protime.api.auth", "bearer",
                "quarkus.oidc.public-key", TestTokens.publicKey(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER,
                "quarkus.oidc.token.audience", TestTokens.AUDIENCE,
                // a provider's own role name, mapped to this service's
                "quarkus.http.auth.roles-mapping.\"hr-integration\"", "reader",
                // the most the token check ever logs, so a test can show that no token is in it
                "quarkus.log.category.\"io.quarkus.oidc\".level", "DEBUG",
                "quarkus.log.category.\"io.quarkus.vertx.http.runtime.security\".level", "DEBUG");
    }
}
