package io.absencegroups.access;

import io.absencegroups.testing.BearerAuthProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bearer tests against the packaged app, started with {@link BearerAuthProfile}'s settings
 * ({@code @TestProfile} on an integration test passes them to the jar).
 */
@QuarkusIntegrationTest
@TestProfile(BearerAuthProfile.class)
class BearerAccessIT extends BearerAccessTest {

    /** The packaged app logs to {@code target/quarkus.log}: the lines it wrote while the requests ran. */
    @Override
    protected List<String> logDuring(Runnable requests) {
        Path log = Path.of("target", "quarkus.log");
        try {
            long before = Files.exists(log) ? Files.size(log) : 0;
            requests.run();
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(before, all.length), all.length - (int) Math.min(before, all.length),
                    StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
