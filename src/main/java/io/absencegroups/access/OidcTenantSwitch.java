package io.absencegroups.access;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes {@code protime.api.auth} the one switch: quarkus-oidc checks tokens ({@code quarkus.oidc.tenant-enabled})
 * only with {@code bearer}. With {@code none} it needs no identity provider, so dev mode, the plain jar and the
 * tests start without an {@code auth-server-url}; quarkus-oidc refuses to start when it is enabled without one.
 * <p>
 * A config source of low ordinal (below {@code application.properties}), so an explicit
 * {@code quarkus.oidc.tenant-enabled} still wins. Registered in {@code META-INF/services}.
 */
public class OidcTenantSwitch implements ConfigSourceFactory {

    static final String AUTH = "protime.api.auth";
    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue auth = context.getValue(AUTH);
        boolean bearer = auth != null && auth.getValue() != null
                && auth.getValue().strip().toUpperCase(Locale.ROOT).equals(AccessConfig.Auth.BEARER.name());
        return List.of(new PropertiesConfigSource(Map.of(TENANT_ENABLED, Boolean.toString(bearer)),
                "protime.api.auth decides quarkus.oidc.tenant-enabled", ORDINAL));
    }
}
