package io.absencegroups.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock server on a dynamic port that plays the myProtime tenant (API and token endpoint), with
 * the service's upstream base URL and token URL pointed at it. Tests receive it with {@link InjectWireMock}.
 */
public class MyProtimeWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String API = "/connector/protimeapi/api/v1/";
    public static final String TOKEN = "/tenants/test/connect/token";

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());

    @Override
    public Map<String, String> start() {
        server.start();
        String root = "http://localhost:" + server.port();
        return Map.of(
                "protime.upstream.base-url", root + API,
                "quarkus.oidc-client.token-path", root + TOKEN);
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }
}
