package io.absencegroups.config;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service runs one event loop per CPU unless told otherwise. */
@QuarkusTest
class EventLoopsPerCpuTest {

    @Inject
    Vertx vertx;

    @Test
    void theServiceRunsOneEventLoopPerCpu() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(cpus, ConfigProvider.getConfig().getValue(EventLoopsPerCpu.EVENT_LOOPS, Integer.class));
        long loops = StreamSupport.stream(((VertxInternal) vertx).getEventLoopGroup().spliterator(), false).count();
        assertEquals(cpus, loops);
    }

    @Test
    void anExplicitSettingWins() {
        ConfigSource source = new EventLoopsPerCpu().getConfigSources(null).iterator().next();
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), source.getValue(EventLoopsPerCpu.EVENT_LOOPS));
        // application.properties is 250, the environment 300, system properties 400
        assertTrue(source.getOrdinal() < 250, "ordinal " + source.getOrdinal());
    }
}
