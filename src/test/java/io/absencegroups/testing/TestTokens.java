package io.absencegroups.testing;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens minted here, as the user's identity provider would, signed with the checked-in test key
 * ({@code src/test/resources/access/}); {@link BearerAuthProfile} makes the service trust its public half.
 * smallrye-jwt-build comes with quarkus-oidc-common.
 */
public final class TestTokens {

    public static final String ISSUER = "https://idp.example.test/realms/hr";
    public static final String AUDIENCE = "absence-groups-cache";
    private static final String KEY = "/access/test-token-signing-key.pem";
    private static final String PUBLIC_KEY = "/access/test-token-signing-key.pub.pem";

    private TestTokens() {
    }

    /** A token valid for five minutes, with these roles in its {@code groups} claim. */
    public static String valid(String... roles) {
        Instant now = Instant.now();
        return sign(ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(5)), signingKey(), roles);
    }

    public static String expired(String... roles) {
        Instant now = Instant.now();
        return sign(ISSUER, AUDIENCE, now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(10)), signingKey(), roles);
    }

    public static String fromIssuer(String issuer, String... roles) {
        Instant now = Instant.now();
        return sign(issuer, AUDIENCE, now, now.plus(Duration.ofMinutes(5)), signingKey(), roles);
    }

    public static String forAudience(String audience, String... roles) {
        Instant now = Instant.now();
        return sign(ISSUER, audience, now, now.plus(Duration.ofMinutes(5)), signingKey(), roles);
    }

    /** Right issuer and audience, signed by a key the service does not know. */
    public static String signedByAnotherKey(String... roles) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Instant now = Instant.now();
            return sign(ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(5)), generator.generateKeyPair().getPrivate(), roles);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as {@code quarkus.oidc.public-key} takes it: the base64 of its X.509 encoding. */
    public static String publicKey() {
        return base64Body(resource(PUBLIC_KEY));
    }

    private static String sign(String issuer, String audience, Instant issuedAt, Instant expiresAt, PrivateKey key,
                               String... roles) {
        return Jwt.issuer(issuer).audience(audience).subject("integration-team")
                .groups(Set.of(roles)).issuedAt(issuedAt).expiresAt(expiresAt)
                .sign(key);
    }

    private static PrivateKey signingKey() {
        try {
            byte[] der = Base64.getDecoder().decode(base64Body(resource(KEY)));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Body(String pem) {
        String body = pem.substring(pem.indexOf("-----BEGIN"));
        return body.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static String resource(String name) {
        try (InputStream in = TestTokens.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
